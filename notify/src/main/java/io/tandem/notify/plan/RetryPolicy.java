package io.tandem.notify.plan;

import java.time.Duration;
import java.util.Optional;

/**
 * Webhook retry with exponential back-off. Attempt {@code n} (1-based) failing is followed by a wait
 * of {@code min(maxDelay, initialDelay * multiplier^(n-1))}, stretched by up to {@code jitter} of
 * itself using an injected random number, until {@code maxAttempts} attempts were made.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(12, Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.2);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("webhook retry: max attempts must be at least 1, got " + maxAttempts);
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("webhook retry: need 0 <= initial delay <= max delay");
    }
    if (multiplier < 1.0 || jitter < 0 || jitter > 1.0) {
      throw new IllegalArgumentException("webhook retry: multiplier must be >= 1 and jitter within 0..1");
    }
  }

  /**
   * The wait after {@code failedAttempts} failures, or empty when no attempt is left.
   *
   * @param random01 a number in [0, 1) from the injected jitter source
   */
  public Optional<Duration> delayAfter(int failedAttempts, double random01) {
    if (failedAttempts >= maxAttempts) {
      return Optional.empty();
    }
    double base = initialDelay.toNanos() * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
    double capped = Math.min(base, maxDelay.toNanos());
    long nanos = (long) (capped * (1.0 + jitter * random01));
    return Optional.of(Duration.ofNanos(nanos));
  }
}
