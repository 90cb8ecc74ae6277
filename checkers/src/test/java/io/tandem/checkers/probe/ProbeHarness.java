package io.tandem.checkers.probe;

import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.ProbeSpec;
import io.tandem.common.time.MonotonicClock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Real probe context for integration tests: one event loop, virtual threads, the system clock. */
final class ProbeHarness implements AutoCloseable {
  final NettyTransport transport = NettyTransport.create(1);
  final ExecutorService blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ck-test-", 0).factory());
  final IcmpEngines icmp = new IcmpEngines();
  final ProbeContext context = new ProbeContext(transport, blocking, MonotonicClock.SYSTEM, icmp);

  /** Runs one attempt of {@code spec} and waits for its result (bounded well beyond the timeout). */
  ProbeResult run(ProbeSpec spec, Duration timeout) {
    try (Probe probe = Probes.create(spec, context)) {
      return probe.run(timeout).get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("probe " + spec.describe() + " did not complete: " + e, e);
    }
  }

  @Override
  public void close() {
    icmp.close();
    blocking.shutdownNow();
    transport.close();
  }
}
