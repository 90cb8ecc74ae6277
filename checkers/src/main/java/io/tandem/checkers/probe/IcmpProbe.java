package io.tandem.checkers.probe;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.IcmpSpec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** ICMP / ICMPv6 echo check, in-process (no ping binary), on the shared raw sockets of {@link IcmpEngines}. */
public final class IcmpProbe implements Probe {
  private final IcmpSpec spec;
  private final ProbeContext context;

  public IcmpProbe(IcmpSpec spec, ProbeContext context) {
    this.spec = spec;
    this.context = context;
  }

  @Override
  public CompletableFuture<ProbeResult> run(Duration timeout) {
    Attempt attempt = new Attempt(context.clock());
    IcmpEngine engine;
    try {
      engine = context.icmp().engineFor(spec.address(), spec.source(), spec.netns());
    } catch (RuntimeException e) {
      attempt.fail(Outcome.IO_ERROR, e.getMessage());
      return attempt.future;
    }
    long timeoutMillis = Math.max(1, timeout.toMillis());
    var timer = context.transport().group().next().schedule(
        () -> attempt.fail(Outcome.TIMEOUT, "no echo reply within " + timeoutMillis + " ms"),
        timeoutMillis, TimeUnit.MILLISECONDS);
    attempt.future.whenComplete((r, e) -> timer.cancel(false));
    engine.send(spec.address(), attempt);
    return attempt.future;
  }

  @Override
  public String toString() {
    return spec.describe();
  }
}
