package io.tandem.checkers.spec;

import java.util.Objects;

/**
 * One consumer's check of one real server: the probe and its timing (which together make the
 * {@link CheckKey} that identical checks share), plus what this consumer does with the verdict.
 *
 * @param weight the real server's configured weight, reported while it is up (unless the probe
 *     supplies a dynamic weight)
 * @param inhibitOnFailure keep a down server in the table at weight 0 instead of removing it
 */
public record CheckSpec(ProbeSpec probe, CheckTiming timing, int weight, boolean inhibitOnFailure) {
  /** IPVS's largest weight (ip_vs.h IP_VS_WEIGHT_MAX is INT_MAX, but keepalived caps at 65535). */
  public static final int MAX_WEIGHT = 65535;

  public CheckSpec {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(timing, "timing");
    if (weight < 0 || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException("weight out of range 0.." + MAX_WEIGHT + ": " + weight);
    }
  }

  public static CheckSpec of(ProbeSpec probe, CheckTiming timing, int weight) {
    return new CheckSpec(probe, timing, weight, false);
  }

  /** The identity shared by every consumer of the same probe with the same timing. */
  public CheckKey key() {
    return new CheckKey(probe, timing);
  }
}
