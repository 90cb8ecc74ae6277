package io.tandem.sync.model;

import java.util.Map;
import java.util.Optional;

/**
 * The checkers' view at one moment. A real server with no entry has not been checked yet and counts
 * as up (keepalived's default), so a restart adopts the running table instead of emptying it; a
 * checker that wants keepalived's "alpha" behaviour reports new servers down.
 *
 * @param quorumOverride a quorum decision made by the checkers (e.g. with hysteresis) that
 *     replaces the plain "sum of healthy weights >= quorum" rule for that service
 */
public record HealthSnapshot(Map<RealServerRef, RealServerHealth> servers, Map<ServiceKey, Boolean> quorumOverride) {
  public static final HealthSnapshot ALL_UNKNOWN = new HealthSnapshot(Map.of(), Map.of());

  public HealthSnapshot {
    servers = Map.copyOf(servers);
    quorumOverride = Map.copyOf(quorumOverride);
  }

  public static HealthSnapshot of(Map<RealServerRef, RealServerHealth> servers) {
    return new HealthSnapshot(servers, Map.of());
  }

  public RealServerHealth health(RealServerRef ref) {
    return servers.getOrDefault(ref, RealServerHealth.UP);
  }

  public Optional<Boolean> quorumOverride(ServiceKey key) {
    return Optional.ofNullable(quorumOverride.get(key));
  }
}
