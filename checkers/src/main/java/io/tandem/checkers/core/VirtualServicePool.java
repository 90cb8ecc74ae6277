package io.tandem.checkers.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One virtual service's real servers and what should be forwarded to, as keepalived decides it:
 *
 * <ul>
 *   <li>a live server is in the table with its weight;
 *   <li>a dead server with inhibit-on-failure stays in the table at weight 0, else it is removed;
 *   <li>while the quorum is lost and a sorry server is configured, the table holds only the sorry
 *       server (keepalived swaps the live servers out for it); without a sorry server the live
 *       servers stay.
 * </ul>
 *
 * Pure: fed health verdicts, returns the desired table and any quorum change. Not thread-safe; the
 * caller serialises updates.
 *
 * @param <S> how the caller names a real server
 */
public final class VirtualServicePool<S> {
  /** One row of the desired forwarding table. */
  public record Member<S>(S server, int weight) {}

  /**
   * The desired table after an update.
   *
   * @param quorumChange set when this update gained or lost the quorum
   */
  public record Decision<S>(boolean quorumUp, boolean sorryServerActive, List<Member<S>> members,
      long liveWeightSum, Optional<QuorumState.Change> quorumChange) {}

  private record ServerState(boolean alive, int weight, boolean inhibitOnFailure) {}

  private final Optional<S> sorryServer;
  private final int sorryServerWeight;
  private final Map<S, ServerState> servers = new LinkedHashMap<>();
  private final QuorumState quorum;

  /**
   * A configured real server.
   *
   * @param initiallyAlive the verdict before any check ran (false for a server checked in alpha mode)
   */
  public record RealServer<S>(S server, int weight, boolean inhibitOnFailure, boolean initiallyAlive) {}

  public VirtualServicePool(List<RealServer<S>> realServers, long quorum, long hysteresis, Optional<S> sorryServer,
      int sorryServerWeight) {
    this.sorryServer = Objects.requireNonNull(sorryServer, "sorryServer");
    this.sorryServerWeight = sorryServerWeight;
    for (RealServer<S> rs : realServers) {
      if (servers.put(rs.server(), new ServerState(rs.initiallyAlive(), rs.weight(), rs.inhibitOnFailure())) != null) {
        throw new IllegalArgumentException("real server listed twice: " + rs.server());
      }
    }
    this.quorum = new QuorumState(quorum, hysteresis, liveWeightSum());
  }

  /** Records a verdict on {@code server} (weight: the weight to use while alive) and re-decides. */
  public Decision<S> update(S server, boolean alive, int weight) {
    ServerState old = servers.get(server);
    if (old == null) {
      throw new IllegalArgumentException("unknown real server " + server);
    }
    servers.put(server, new ServerState(alive, weight, old.inhibitOnFailure));
    return decide(quorum.update(liveWeightSum()));
  }

  /** The current table, without feeding anything. */
  public Decision<S> current() {
    return decide(Optional.empty());
  }

  private Decision<S> decide(Optional<QuorumState.Change> change) {
    long sum = liveWeightSum();
    List<Member<S>> members = new ArrayList<>();
    boolean sorry = !quorum.up() && sorryServer.isPresent();
    if (sorry) {
      members.add(new Member<>(sorryServer.get(), sorryServerWeight));
    }
    servers.forEach((s, st) -> {
      if (st.alive && !sorry) {
        members.add(new Member<>(s, st.weight));
      } else if (!st.alive && st.inhibitOnFailure) {
        // keepalived keeps an inhibited dead server at weight 0, also while the sorry server serves.
        members.add(new Member<>(s, 0));
      }
    });
    return new Decision<>(quorum.up(), sorry, List.copyOf(members), sum, change);
  }

  private long liveWeightSum() {
    long sum = 0;
    for (ServerState st : servers.values()) {
      if (st.alive) {
        sum += st.weight;
      }
    }
    return sum;
  }
}
