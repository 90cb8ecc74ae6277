package io.tandem.checkers.core;

import io.tandem.checkers.spec.CheckTiming;
import java.util.Optional;

/**
 * The verdict on one check, fed one probe result at a time. No I/O, no clock: the caller runs the
 * probes and the timers, this decides.
 *
 * <p>Rules, in order, for each attempt's result:
 *
 * <ol>
 *   <li>A failed attempt with retries left (keepalived {@code retry}) does not count yet: the next
 *       attempt comes after {@code delayBeforeRetry}. The round counts as failed only when the last
 *       retry fails too.
 *   <li>A counted failure resets the run of successes; {@code fall} consecutive counted failures take
 *       an up check down (HAProxy {@code fall}).
 *   <li>A success resets the run of failures and the retries; {@code rise} consecutive successes bring
 *       a down check up (HAProxy {@code rise}).
 *   <li>A success that carries a dynamic weight different from the last one, while up, is a weight
 *       change (keepalived misc_dynamic).
 * </ol>
 *
 * Initial verdict: down with {@code alpha}, else up (keepalived adds non-alpha servers at once).
 */
public final class CheckState {
  /** What the caller should schedule next. */
  public enum Next {
    /** The next regular round, {@code interval} after the start of this one. */
    ROUND,
    /** A retry of this round, {@code delayBeforeRetry} after this attempt ended. */
    RETRY
  }

  /** The decision after one result: when to probe next, and a verdict change if there is one. */
  public record Step(Next next, Optional<Transition> transition) {}

  private final int fall;
  private final int rise;
  private final int retry;

  private boolean up;
  private int consecutiveSuccesses;
  private int consecutiveFailures;
  private int retriesUsed;
  private int dynamicWeight = -1;
  private ProbeResult last;

  public CheckState(CheckTiming timing) {
    this.fall = timing.fall();
    this.rise = timing.rise();
    this.retry = timing.retry();
    this.up = !timing.alpha();
  }

  public Step onResult(ProbeResult result) {
    last = result;
    if (result.ok()) {
      retriesUsed = 0;
      consecutiveFailures = 0;
      consecutiveSuccesses = Math.min(consecutiveSuccesses + 1, rise);
      int asked = result.dynamicWeight().orElse(-1);
      if (!up && consecutiveSuccesses >= rise) {
        up = true;
        dynamicWeight = asked;
        return new Step(Next.ROUND, Optional.of(new Transition(true, asked, Transition.Cause.ROSE, result)));
      }
      if (up && asked != dynamicWeight && result.dynamicWeight().isPresent()) {
        dynamicWeight = asked;
        return new Step(Next.ROUND,
            Optional.of(new Transition(true, asked, Transition.Cause.WEIGHT_CHANGED, result)));
      }
      return new Step(Next.ROUND, Optional.empty());
    }
    if (retriesUsed < retry) {
      retriesUsed++;
      return new Step(Next.RETRY, Optional.empty());
    }
    retriesUsed = 0;
    consecutiveSuccesses = 0;
    consecutiveFailures = Math.min(consecutiveFailures + 1, fall);
    if (up && consecutiveFailures >= fall) {
      up = false;
      dynamicWeight = -1;
      return new Step(Next.ROUND, Optional.of(new Transition(false, -1, Transition.Cause.FELL, result)));
    }
    return new Step(Next.ROUND, Optional.empty());
  }

  public boolean up() {
    return up;
  }

  /** The weight the target last asked for while up, or -1. */
  public int dynamicWeight() {
    return dynamicWeight;
  }

  /** The most recent result, or empty before the first one. */
  public Optional<ProbeResult> lastResult() {
    return Optional.ofNullable(last);
  }

  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  public int consecutiveSuccesses() {
    return consecutiveSuccesses;
  }

  public int retriesUsed() {
    return retriesUsed;
  }
}
