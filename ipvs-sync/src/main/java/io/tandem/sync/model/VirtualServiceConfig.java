package io.tandem.sync.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A configured virtual service, as the config module hands it over.
 *
 * @param quorum minimum sum of weights of the healthy real servers for the pool to be used
 *     (keepalived's {@code quorum}, default 1); below it the sorry server takes over
 * @param inhibitOnFailure keep a failed real server in the table at weight 0 (established
 *     connections survive) instead of removing it
 */
public record VirtualServiceConfig(
    ServiceKey key,
    SchedulingMethod scheduler,
    Persistence persistence,
    List<RealServerConfig> realServers,
    Optional<RealServerConfig> sorryServer,
    int quorum,
    boolean inhibitOnFailure) {

  public VirtualServiceConfig {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(persistence, "persistence");
    realServers = List.copyOf(realServers);
    Objects.requireNonNull(sorryServer, "sorryServer");
    if (quorum < 0) {
      throw new IllegalArgumentException(key + ": quorum must be >= 0: " + quorum);
    }
    Set<RealServerAddress> seen = new HashSet<>();
    for (RealServerConfig rs : realServers) {
      if (!seen.add(rs.address())) {
        throw new IllegalArgumentException(key + ": real server " + rs.address() + " listed twice");
      }
      if (rs.address().family() != key.family()) {
        throw new IllegalArgumentException(key + ": real server " + rs.address() + " is of the other address family");
      }
    }
    sorryServer.ifPresent(s -> {
      if (seen.contains(s.address())) {
        throw new IllegalArgumentException(key + ": sorry server " + s.address() + " is also a real server");
      }
      if (s.address().family() != key.family()) {
        throw new IllegalArgumentException(key + ": sorry server " + s.address() + " is of the other address family");
      }
    });
    // Validates the persistence prefix against the family.
    new ServiceSpec(key, scheduler, persistence);
  }

  /** A service with defaults: no persistence, no sorry server, quorum 1, no inhibit-on-failure. */
  public static VirtualServiceConfig simple(ServiceKey key, SchedulingMethod scheduler, List<RealServerConfig> realServers) {
    return new VirtualServiceConfig(key, scheduler, Persistence.NONE, realServers, Optional.empty(), 1, false);
  }

  public VirtualServiceConfig withSorryServer(RealServerConfig sorry) {
    return new VirtualServiceConfig(key, scheduler, persistence, realServers, Optional.of(sorry), quorum, inhibitOnFailure);
  }

  public VirtualServiceConfig withInhibitOnFailure(boolean inhibit) {
    return new VirtualServiceConfig(key, scheduler, persistence, realServers, sorryServer, quorum, inhibit);
  }

  public VirtualServiceConfig withQuorum(int newQuorum) {
    return new VirtualServiceConfig(key, scheduler, persistence, realServers, sorryServer, newQuorum, inhibitOnFailure);
  }

  public ServiceSpec spec() {
    return new ServiceSpec(key, scheduler, persistence);
  }
}
