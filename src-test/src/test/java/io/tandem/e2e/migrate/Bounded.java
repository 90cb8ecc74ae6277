package io.tandem.e2e.migrate;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits that name what they waited for and, on timeout, print what would explain why. */
final class Bounded {
  private Bounded() {}

  /** Polls {@code condition} every 20 ms; fails after {@code bound}. Returns the milliseconds it took. */
  static long until(String what, Duration bound, BooleanSupplier condition, Supplier<String> diagnosis) {
    long start = System.nanoTime();
    long deadline = start + bound.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + bound.toMillis() + " ms waiting for: " + what + "\n"
            + diagnosis.get());
      }
      sleep(20);
    }
  }

  /** Checks {@code condition} on every poll (50 ms) for {@code period}: "and it stays so". */
  static void holds(String what, Duration period, BooleanSupplier condition, Supplier<String> diagnosis) {
    long deadline = System.nanoTime() + period.toNanos();
    while (System.nanoTime() < deadline) {
      if (!condition.getAsBoolean()) {
        throw new AssertionError("no longer true: " + what + "\n" + diagnosis.get());
      }
      sleep(50);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
