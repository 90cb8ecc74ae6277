package io.tandem.checkers.pool;

import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.probe.Probe;
import io.tandem.common.time.MonotonicClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * A probe for pool tests: attempt N returns {@code results.apply(N)} at once, or, when that is null,
 * stays open until the test completes it (see {@link #open}).
 */
final class ScriptedProbe implements Probe {
  private final MonotonicClock clock;
  private final IntFunction<ProbeResult> results;
  final List<Long> startTimes = new ArrayList<>();
  final List<CompletableFuture<ProbeResult>> open = new ArrayList<>();
  boolean closed;

  ScriptedProbe(MonotonicClock clock, IntFunction<ProbeResult> results) {
    this.clock = clock;
    this.results = results;
  }

  @Override
  public CompletableFuture<ProbeResult> run(Duration timeout) {
    int n = startTimes.size();
    startTimes.add(clock.nanoTime());
    ProbeResult r = results.apply(n);
    if (r != null) {
      return CompletableFuture.completedFuture(r);
    }
    CompletableFuture<ProbeResult> f = new CompletableFuture<>();
    open.add(f);
    return f;
  }

  int runs() {
    return startTimes.size();
  }

  @Override
  public void close() {
    closed = true;
  }
}
