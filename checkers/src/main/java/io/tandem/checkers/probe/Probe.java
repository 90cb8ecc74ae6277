package io.tandem.checkers.probe;

import io.tandem.checkers.core.ProbeResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One kind of health probe bound to one target. */
public interface Probe extends AutoCloseable {
  /**
   * Starts one attempt. The future completes exactly once, normally (never exceptionally), and by
   * {@code timeout} with {@link io.tandem.checkers.core.Outcome#TIMEOUT} at the latest. Completing the
   * future from outside (e.g. a watchdog) aborts the attempt and releases its resources.
   */
  CompletableFuture<ProbeResult> run(Duration timeout);

  /** Releases resources held between attempts; the default holds none. */
  @Override
  default void close() {}
}
