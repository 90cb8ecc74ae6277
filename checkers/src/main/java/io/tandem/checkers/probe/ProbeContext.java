package io.tandem.checkers.probe;

import io.tandem.common.time.MonotonicClock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * What probes share: the event loops for network probes, a bounded executor for blocking ones, the
 * clock latencies are measured on, and the ICMP sockets.
 */
public record ProbeContext(NettyTransport transport, ExecutorService blocking, MonotonicClock clock, IcmpEngines icmp) {
  public ProbeContext {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(blocking, "blocking");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(icmp, "icmp");
  }
}
