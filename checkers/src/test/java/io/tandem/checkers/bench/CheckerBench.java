package io.tandem.checkers.bench;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.pool.CheckerMetrics;
import io.tandem.checkers.pool.CheckerPool;
import io.tandem.checkers.pool.EventLoopScheduler;
import io.tandem.checkers.pool.HealthEvent;
import io.tandem.checkers.probe.NettyTransport;
import io.tandem.checkers.spec.CheckSpec;
import io.tandem.checkers.spec.CheckTiming;
import io.tandem.checkers.spec.HttpSpec;
import io.tandem.checkers.spec.NetTarget;
import io.tandem.checkers.spec.ProbeSpec;
import io.tandem.checkers.spec.TcpSpec;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Tandem side of the health-check benchmark (not a test: {@code checkers/bench/run-bench.sh}
 * starts it inside the checker namespace, next to HAProxy with the same settings). N real servers
 * {@code 2001:db8:1::1..N} port 8080, TCP connect or HTTP GET /, interval 1 s, timeout 1 s, fall 3,
 * rise 2, first round spread over one interval: HAProxy's {@code inter 1s fall 3 rise 2}.
 *
 * <p>Runs until SIGTERM. Prints one line per verdict change, {@code DOWN <n> <epoch seconds> <reason>}
 * or {@code UP ...}, where n is the server's number (HAProxy's {@code s<n>}); the script derives false
 * DOWNs and detection latency from them and its own kill time. Wall-clock time here only because the
 * two checkers' events are compared on the same clock; the pool itself runs on the monotonic one.
 *
 * <p>Args: {@code tcp|http count sourceAddress [eventLoops [timerTickMicros]]}
 */
public final class CheckerBench {
  private static final long[] LAG_BUCKETS_MS = {1, 2, 5, 10, 20, 50, 100, 1000};

  private CheckerBench() {}

  /** A 10 ms timer on the loop that records how late it ran. */
  private static final class LagProbe implements Runnable {
    static final long PERIOD_NANOS = 10_000_000L;
    private final io.netty.channel.EventLoop loop;
    private final PrintStream out;
    private final long[] counts;
    private final long[] max;
    private long due = System.nanoTime() + PERIOD_NANOS;

    LagProbe(io.netty.channel.EventLoop loop, PrintStream out, long[] counts, long[] max) {
      this.loop = loop;
      this.out = out;
      this.counts = counts;
      this.max = max;
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      long lag = Math.max(0, now - due);
      long ms = lag / 1_000_000;
      int b = 0;
      while (b < LAG_BUCKETS_MS.length && ms >= LAG_BUCKETS_MS[b]) {
        b++;
      }
      counts[b]++;
      max[0] = Math.max(max[0], lag);
      if (ms >= 20) {
        Instant t = Instant.now();
        out.printf("LAG %d ms at %d.%06d%n", ms, t.getEpochSecond(), t.getNano() / 1000);
      }
      due = now + PERIOD_NANOS;
      loop.schedule(this, PERIOD_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int count = Integer.parseInt(args[1]);
    InetAddress source = InetAddress.getByName(args[2]);
    int loops = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    Duration tick = args.length > 4 ? Duration.ofNanos(Long.parseLong(args[4]) * 1000) : EventLoopScheduler.DEFAULT_TICK;
    if (!mode.equals("tcp") && !mode.equals("http")) {
      throw new IllegalArgumentException("mode must be tcp or http: " + mode);
    }
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);

    CheckTiming timing = CheckTiming.of(Duration.ofSeconds(1), Duration.ofSeconds(1)).withFallRise(3, 2);
    NettyTransport transport = NettyTransport.create(loops);
    ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    CheckerPool pool = CheckerPool.create(transport, blocking, new SplittableRandom(42), tick);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("runs " + pool.metrics().snapshot().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue().runsByOutcome()).toList());
      pool.metrics().snapshot().forEach((type, snap) -> out.println("latency_le_ms " + type + " "
          + java.util.stream.IntStream.range(0, CheckerMetrics.LATENCY_BUCKET_MILLIS.length)
              .mapToObj(i -> CheckerMetrics.LATENCY_BUCKET_MILLIS[i] + ":" + snap.cumulativeBuckets()[i])
              .collect(java.util.stream.Collectors.joining(" "))
          + " all:" + snap.cumulativeBuckets()[CheckerMetrics.LATENCY_BUCKET_MILLIS.length]));
      out.println("watchdog " + pool.metrics().watchdogFirings() + " transitions "
          + pool.metrics().transitions() + " timeouts " + pool.metrics().runs(mode, Outcome.TIMEOUT));
      pool.close();
      transport.close();
      blocking.shutdownNow();
      stopped.countDown();
    }, "bench-stop"));

    out.println("transport " + transport.name() + " loops " + loops + " tick " + tick);
    for (int n = 1; n <= count; n++) {
      int server = n;
      NetTarget t = NetTarget.of(InetAddress.getByName("2001:db8:1::" + Integer.toHexString(n)), 8080)
          .withSource(source);
      ProbeSpec probe = mode.equals("http") ? HttpSpec.get(t, "/") : new TcpSpec(t);
      pool.subscribe(CheckSpec.of(probe, timing, 1), e -> {
        if (e.cause() == HealthEvent.Cause.FELL || e.cause() == HealthEvent.Cause.ROSE) {
          Instant now = Instant.now();
          out.printf("%s %d %d.%06d %s%n", e.up() ? "UP" : "DOWN", server, now.getEpochSecond(),
              now.getNano() / 1000, e.result().map(r -> r.reasonText()).orElse(""));
        }
      });
    }
    out.println("subscribed " + pool.runningChecks());
    // How late the checker's event loop runs a 10 ms timer (re-armed from when it ran, so a stall
    // counts once): the wait any check, or a VRRP timer sharing the loop, would see. Lags of 20 ms
    // or more are printed with their wall-clock time, so the script can tell window from warm-up.
    long[] lagCounts = new long[LAG_BUCKETS_MS.length + 1];
    long[] maxLag = {0};
    io.netty.channel.EventLoop loop = transport.group().next();
    LagProbe lagProbe = new LagProbe(loop, out, lagCounts, maxLag);
    loop.schedule(lagProbe, LagProbe.PERIOD_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      StringBuilder b = new StringBuilder("loop_lag_ms");
      for (int i = 0; i < lagCounts.length; i++) {
        b.append(i < LAG_BUCKETS_MS.length ? " <" + LAG_BUCKETS_MS[i] : " >=" + LAG_BUCKETS_MS[i - 1]).append(':')
            .append(lagCounts[i]);
      }
      out.println(b.append(" max:").append(maxLag[0] / 1_000_000));
    }, "bench-lag"));
    if (System.getenv("BENCH_DUMP_TIMERS") != null) {
      Thread.ofPlatform().daemon().start(() -> {
        try {
          Thread.sleep(Long.parseLong(System.getenv("BENCH_DUMP_TIMERS")) * 1000);
          loop.submit(() -> {
            try {
              var f = io.netty.util.concurrent.AbstractScheduledEventExecutor.class.getDeclaredField("scheduledTaskQueue");
              f.setAccessible(true);
              java.util.Collection<?> q = (java.util.Collection<?>) f.get(loop);
              java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
              var tf = Class.forName("io.netty.util.concurrent.PromiseTask").getDeclaredField("task");
              tf.setAccessible(true);
              for (Object t : q) {
                Object inner = tf.get(t);
                kinds.merge(inner.getClass().getName(), 1, Integer::sum);
              }
              out.println("TIMERS " + q.size() + " " + kinds);
            } catch (ReflectiveOperationException e) {
              out.println("TIMERS ? " + e);
            }
          });
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    stopped.await();
  }
}
