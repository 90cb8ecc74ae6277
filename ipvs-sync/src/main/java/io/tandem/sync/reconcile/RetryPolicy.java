package io.tandem.sync.reconcile;

import java.time.Duration;

/** How long to wait before retrying after the n-th consecutive failed reconcile (n >= 1). */
@FunctionalInterface
public interface RetryPolicy {
  long delayNanos(int consecutiveFailures);

  /** Doubles from {@code initial} up to {@code max}. */
  static RetryPolicy exponential(Duration initial, Duration max) {
    long first = initial.toNanos();
    long cap = max.toNanos();
    if (first <= 0 || cap < first) {
      throw new IllegalArgumentException("retry back-off needs 0 < initial <= max, got " + initial + " / " + max);
    }
    return failures -> {
      long delay = first;
      for (int i = 1; i < failures && delay < cap; i++) {
        delay = delay > cap / 2 ? cap : delay * 2;
      }
      return delay;
    };
  }
}
