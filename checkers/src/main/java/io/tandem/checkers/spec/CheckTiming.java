package io.tandem.checkers.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * When a probe runs and how its results turn into up/down.
 *
 * @param interval time from the start of one round to the start of the next (keepalived delay_loop, HAProxy inter)
 * @param timeout how long one attempt may take before it counts as failed (connect_timeout)
 * @param fall consecutive failed rounds that take an up server down
 * @param rise consecutive good rounds that bring a down server up
 * @param retry extra attempts after a failed one before the round counts as failed (keepalived retry)
 * @param delayBeforeRetry pause before each of those extra attempts (keepalived delay_before_retry)
 * @param warmup the first round starts at a random point in [0, warmup) so that many checks
 *     registered together do not fire in lock-step (keepalived warmup); zero starts at once
 * @param alpha start down and wait for {@code rise} good rounds (keepalived alpha); otherwise start up
 */
public record CheckTiming(
    Duration interval, Duration timeout, int fall, int rise, int retry, Duration delayBeforeRetry,
    Duration warmup, boolean alpha) {

  public CheckTiming {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(delayBeforeRetry, "delayBeforeRetry");
    Objects.requireNonNull(warmup, "warmup");
    if (interval.toMillis() < 10) {
      throw new IllegalArgumentException("interval must be at least 10 ms: " + interval);
    }
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeout must be at least 1 ms: " + timeout);
    }
    if (fall < 1 || rise < 1) {
      throw new IllegalArgumentException("fall and rise must be at least 1 (fall=" + fall + ", rise=" + rise + ")");
    }
    if (retry < 0) {
      throw new IllegalArgumentException("retry must not be negative: " + retry);
    }
    if (delayBeforeRetry.isNegative() || warmup.isNegative()) {
      throw new IllegalArgumentException("delayBeforeRetry and warmup must not be negative");
    }
  }

  /** interval, timeout, fall 3, rise 2, no retry, warm-up over one interval, start up. */
  public static CheckTiming of(Duration interval, Duration timeout) {
    return new CheckTiming(interval, timeout, 3, 2, 0, Duration.ZERO, interval, false);
  }

  public CheckTiming withFallRise(int newFall, int newRise) {
    return new CheckTiming(interval, timeout, newFall, newRise, retry, delayBeforeRetry, warmup, alpha);
  }

  public CheckTiming withRetry(int newRetry, Duration newDelayBeforeRetry) {
    return new CheckTiming(interval, timeout, fall, rise, newRetry, newDelayBeforeRetry, warmup, alpha);
  }

  public CheckTiming withWarmup(Duration newWarmup) {
    return new CheckTiming(interval, timeout, fall, rise, retry, delayBeforeRetry, newWarmup, alpha);
  }

  public CheckTiming withAlpha(boolean newAlpha) {
    return new CheckTiming(interval, timeout, fall, rise, retry, delayBeforeRetry, warmup, newAlpha);
  }
}
