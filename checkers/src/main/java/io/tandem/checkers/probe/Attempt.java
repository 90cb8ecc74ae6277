package io.tandem.checkers.probe;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.common.time.MonotonicClock;
import java.util.concurrent.CompletableFuture;

/** One probe attempt's future plus its start time, so every completion carries the latency. */
final class Attempt {
  final CompletableFuture<ProbeResult> future = new CompletableFuture<>();
  private final MonotonicClock clock;
  private final long startNanos;

  Attempt(MonotonicClock clock) {
    this.clock = clock;
    this.startNanos = clock.nanoTime();
  }

  long elapsedNanos() {
    return clock.nanoTime() - startNanos;
  }

  boolean ok() {
    return future.complete(ProbeResult.ok(elapsedNanos()));
  }

  boolean okWithWeight(int weight) {
    return future.complete(ProbeResult.okWithWeight(elapsedNanos(), weight));
  }

  boolean fail(Outcome outcome, String detail) {
    return future.complete(ProbeResult.fail(outcome, detail, elapsedNanos()));
  }

  boolean fail(String phase, Throwable t) {
    Failures.Classified c = Failures.classify(phase, t);
    return fail(c.outcome(), c.detail());
  }

  boolean done() {
    return future.isDone();
  }
}
