package io.tandem.checkers.core;

import java.util.Optional;

/**
 * A virtual service's quorum with hysteresis, as keepalived's ipwrapper.c {@code
 * update_quorum_state}: the sum of the weights of the live real servers is compared with {@code
 * quorum + hysteresis} to gain quorum and with {@code quorum - hysteresis} to lose it, and a sum of
 * zero always loses it. The initial state is up when the sum is at least {@code quorum + hysteresis}
 * ({@code set_quorum_states}).
 */
public final class QuorumState {
  /** A quorum change, with the figures that decided it (for the log line and notify scripts). */
  public record Change(boolean up, long weightSum, long threshold) {}

  private final long quorum;
  private final long hysteresis;
  private boolean up;

  public QuorumState(long quorum, long hysteresis, long initialWeightSum) {
    // keepalived's quorum is at least 1: with 0, a zero sum would lose and regain it on every update.
    if (quorum < 1 || hysteresis < 0) {
      throw new IllegalArgumentException("quorum must be at least 1 and hysteresis not negative (quorum="
          + quorum + ", hysteresis=" + hysteresis + ")");
    }
    this.quorum = quorum;
    this.hysteresis = hysteresis;
    this.up = initialWeightSum >= quorum + hysteresis;
  }

  /** Feeds the current sum of live weights; returns the change, if the quorum moved. */
  public Optional<Change> update(long weightSum) {
    long threshold = up ? quorum - hysteresis : quorum + hysteresis;
    if (!up && weightSum >= threshold) {
      up = true;
      return Optional.of(new Change(true, weightSum, threshold));
    }
    if (up && (weightSum == 0 || weightSum < threshold)) {
      up = false;
      return Optional.of(new Change(false, weightSum, threshold));
    }
    return Optional.empty();
  }

  public boolean up() {
    return up;
  }
}
