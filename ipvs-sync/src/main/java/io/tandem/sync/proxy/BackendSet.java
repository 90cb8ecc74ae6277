package io.tandem.sync.proxy;

import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.nft.WeightedSlots;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An immutable snapshot of one service's real servers and its scheduler, swapped as a whole when
 * the table changes so a pick never sees half an update. Servers at weight 0 are kept (their
 * established connections go on) but never picked. Thread-safe.
 */
public final class BackendSet {
  public static final Set<SchedulingMethod> SUPPORTED =
      EnumSet.of(SchedulingMethod.RR, SchedulingMethod.WRR, SchedulingMethod.LC, SchedulingMethod.WLC, SchedulingMethod.SH);

  private final SchedulingMethod scheduler;
  private final List<DestSpec> dests;
  private final List<DestSpec> active;
  private final List<DestSpec> slots;
  private final AtomicInteger[] activeConnections;
  private final AtomicLong counter = new AtomicLong();

  /**
   * {@code connections}: the live connection counter of each server, owned by the caller so counts
   * survive swaps.
   */
  public BackendSet(SchedulingMethod scheduler, List<DestSpec> dests, Function<RealServerAddress, AtomicInteger> connections) {
    if (!SUPPORTED.contains(scheduler)) {
      throw new IllegalArgumentException("scheduler " + scheduler.ipvsName()
          + " is not available in the user-space proxy (it has rr, wrr, lc, wlc, sh)");
    }
    this.scheduler = scheduler;
    this.dests = List.copyOf(dests);
    this.active = this.dests.stream().filter(d -> d.weight() > 0).toList();
    this.slots = WeightedSlots.expand(active, WeightedSlots.MAX_SLOTS);
    this.activeConnections = active.stream().map(d -> connections.apply(d.address())).toArray(AtomicInteger[]::new);
  }

  public static BackendSet empty(SchedulingMethod scheduler) {
    return new BackendSet(scheduler, List.of(), a -> new AtomicInteger());
  }

  public SchedulingMethod scheduler() {
    return scheduler;
  }

  public List<DestSpec> dests() {
    return dests;
  }

  /** The server for a new connection from {@code client}, or null when no server takes new connections. */
  public DestSpec pick(InetAddress client) {
    if (active.isEmpty()) {
      return null;
    }
    return switch (scheduler) {
      case RR -> active.get((int) Math.floorMod(counter.getAndIncrement(), (long) active.size()));
      case WRR -> slots.get((int) Math.floorMod(counter.getAndIncrement(), (long) slots.size()));
      case SH -> slots.get(Math.floorMod(Arrays.hashCode(client.getAddress()) * 0x9E3779B1, slots.size()));
      case LC, WLC -> leastConnections(scheduler == SchedulingMethod.WLC);
      default -> throw new IllegalStateException("unreachable: " + scheduler);
    };
  }

  private DestSpec leastConnections(boolean weighted) {
    int best = 0;
    for (int i = 1; i < active.size(); i++) {
      // Compare conns_i / weight_i < conns_best / weight_best without division, as IPVS wlc does.
      long lhs = (long) activeConnections[i].get() * (weighted ? active.get(best).weight() : 1);
      long rhs = (long) activeConnections[best].get() * (weighted ? active.get(i).weight() : 1);
      if (lhs < rhs) {
        best = i;
      }
    }
    return active.get(best);
  }

  /** Live connection counts of the servers that take new connections, for status. */
  public Map<RealServerAddress, Integer> activeConnectionCounts() {
    java.util.TreeMap<RealServerAddress, Integer> m = new java.util.TreeMap<>();
    for (int i = 0; i < active.size(); i++) {
      m.put(active.get(i).address(), activeConnections[i].get());
    }
    return m;
  }
}
