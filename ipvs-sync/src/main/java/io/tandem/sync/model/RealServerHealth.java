package io.tandem.sync.model;

import java.util.OptionalInt;

/**
 * What the checkers currently say about one real server.
 *
 * @param up whether the server passes its checks
 * @param weight a dynamic weight reported by the checker (e.g. a misc check's exit code) that
 *     replaces the configured one, or empty to use the configured weight
 */
public record RealServerHealth(boolean up, OptionalInt weight) {
  public static final RealServerHealth UP = new RealServerHealth(true, OptionalInt.empty());
  public static final RealServerHealth DOWN = new RealServerHealth(false, OptionalInt.empty());

  public RealServerHealth {
    if (weight.isPresent() && (weight.getAsInt() < 0 || weight.getAsInt() > DestSpec.MAX_WEIGHT)) {
      throw new IllegalArgumentException("dynamic weight out of range 0.." + DestSpec.MAX_WEIGHT + ": " + weight.getAsInt());
    }
  }

  public static RealServerHealth upWithWeight(int weight) {
    return new RealServerHealth(true, OptionalInt.of(weight));
  }
}
