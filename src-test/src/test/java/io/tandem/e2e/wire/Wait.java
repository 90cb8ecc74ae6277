package io.tandem.e2e.wire;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits with a readable failure: every wait in these tests names what it waited for and,
 * when it gives up, prints the state that would explain why (logs, status).
 */
public final class Wait {
  private Wait() {}

  /** Polls {@code condition} every 20 ms until true; fails after {@code bound} with {@code diagnosis}. */
  public static long until(String what, Duration bound, BooleanSupplier condition, Supplier<String> diagnosis) {
    long start = System.nanoTime();
    long deadline = start + bound.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return (System.nanoTime() - start) / 1_000_000;
        }
        last = null;
      } catch (RuntimeException e) {
        last = e; // e.g. a daemon still starting: keep polling until the bound
      }
      if (System.nanoTime() > deadline) {
        AssertionError e = new AssertionError("timed out after " + bound.toMillis() + " ms waiting for: " + what
            + "\n" + diagnosis.get());
        if (last != null) {
          e.addSuppressed(last);
        }
        throw e;
      }
      sleep(20);
    }
  }

  public static long until(String what, Duration bound, BooleanSupplier condition) {
    return until(what, bound, condition, () -> "");
  }

  /** Checks that {@code condition} holds on every poll for {@code period} (a "nothing happens" check). */
  public static void holds(String what, Duration period, BooleanSupplier condition, Supplier<String> diagnosis) {
    long deadline = System.nanoTime() + period.toNanos();
    while (System.nanoTime() < deadline) {
      if (!condition.getAsBoolean()) {
        throw new AssertionError("no longer true: " + what + "\n" + diagnosis.get());
      }
      sleep(50);
    }
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
