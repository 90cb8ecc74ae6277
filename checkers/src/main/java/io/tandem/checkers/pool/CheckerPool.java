package io.tandem.checkers.pool;

import io.tandem.checkers.probe.IcmpEngines;
import io.tandem.checkers.probe.NettyTransport;
import io.tandem.checkers.probe.ProbeContext;
import io.tandem.checkers.probe.Probes;
import io.tandem.checkers.spec.CheckKey;
import io.tandem.checkers.spec.CheckSpec;
import io.tandem.common.time.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Every health check of the daemon. Identical checks (equal {@link CheckKey}: same probe
 * parameters and timing) subscribed by several virtual services run once and feed all of them; the
 * probe stops when the last subscriber leaves.
 *
 * <p>Thread-safety: {@link #subscribe} and {@link Subscription#close} may be called from any
 * thread; events are delivered on the scheduler's thread, in order per check.
 */
public final class CheckerPool implements AutoCloseable {
  private final Scheduler scheduler;
  private final ProbeFactory probes;
  private final RandomGenerator random;
  private final CheckerMetrics metrics = new CheckerMetrics();
  private final AutoCloseable resources;
  /** True on the scheduler's thread (production: the event loop); never, for other schedulers. */
  private final BooleanSupplier onSchedulerThread;

  /** Guarded by {@code this}: the running checks and how many subscribers each has. */
  private final Map<CheckKey, CheckRunner> runners = new HashMap<>();
  private final Map<CheckKey, Integer> refCounts = new HashMap<>();
  private boolean closed;

  /**
   * @param scheduler runs the timers and decisions (single-threaded)
   * @param probes makes a probe per distinct check
   * @param random spreads the first round of each check over its warm-up
   */
  public CheckerPool(Scheduler scheduler, ProbeFactory probes, RandomGenerator random) {
    this(scheduler, probes, random, () -> {});
  }

  private CheckerPool(Scheduler scheduler, ProbeFactory probes, RandomGenerator random, AutoCloseable resources) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.onSchedulerThread = scheduler instanceof EventLoopScheduler loop ? loop::inLoop : () -> false;
    this.probes = Objects.requireNonNull(probes, "probes");
    this.random = Objects.requireNonNull(random, "random");
    this.resources = resources;
  }

  /**
   * The production pool: real probes on {@code transport}'s event loops, blocking probes on {@code
   * blocking}, timers and decisions on one of the event loops (so network results arrive without a
   * thread hop). The caller owns {@code transport} and {@code blocking}; {@link #close} releases the
   * ICMP sockets the pool opened.
   */
  public static CheckerPool create(NettyTransport transport, ExecutorService blocking, RandomGenerator random) {
    return create(transport, blocking, random, EventLoopScheduler.DEFAULT_TICK);
  }

  /**
   * As {@link #create(NettyTransport, ExecutorService, RandomGenerator)}, with the timer grid of the
   * pool's scheduler (see {@link EventLoopScheduler}); {@link java.time.Duration#ZERO} runs every timer
   * at its own deadline.
   */
  public static CheckerPool create(NettyTransport transport, ExecutorService blocking, RandomGenerator random,
      java.time.Duration tick) {
    EventLoopScheduler scheduler = new EventLoopScheduler(transport.group().next(), tick);
    IcmpEngines icmp = new IcmpEngines();
    ProbeContext context = new ProbeContext(transport, blocking, scheduler.clock(), icmp);
    return new CheckerPool(scheduler, spec -> Probes.create(spec, context), random, icmp);
  }

  /** Starts (or joins) the check and delivers its current verdict, then every change, to {@code consumer}. */
  public Subscription subscribe(CheckSpec spec, Consumer<HealthEvent> consumer) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(consumer, "consumer");
    CheckKey key = spec.key();
    CheckRunner.Subscriber subscriber = new CheckRunner.Subscriber(spec, consumer);
    CheckRunner runner;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("checker pool is closed");
      }
      runner = runners.get(key);
      if (runner == null) {
        runner = new CheckRunner(key, probes.create(key.probe()), scheduler, metrics, onSchedulerThread);
        runners.put(key, runner);
        CheckRunner fresh = runner;
        scheduler.execute(() -> fresh.start(random));
      }
      refCounts.merge(key, 1, Integer::sum);
    }
    CheckRunner target = runner;
    scheduler.execute(() -> target.addSubscriber(subscriber));
    return new Subscription() {
      private boolean done;

      @Override
      public CheckSpec spec() {
        return spec;
      }

      @Override
      public void close() {
        synchronized (CheckerPool.this) {
          if (done || closed) {
            return;
          }
          done = true;
          int left = refCounts.merge(key, -1, Integer::sum);
          if (left == 0) {
            refCounts.remove(key);
            runners.remove(key);
            scheduler.execute(target::stop);
          } else {
            scheduler.execute(() -> target.removeSubscriber(subscriber));
          }
        }
      }
    };
  }

  /** Distinct checks running (what the dedup saves shows as subscriptions minus this). */
  public synchronized int runningChecks() {
    return runners.size();
  }

  public synchronized int subscriptions() {
    return refCounts.values().stream().mapToInt(Integer::intValue).sum();
  }

  public CheckerMetrics metrics() {
    return metrics;
  }

  /** A snapshot of every running check, taken on the scheduler's thread. */
  public CompletableFuture<List<CheckStatus>> status() {
    List<CheckRunner> all;
    synchronized (this) {
      all = new ArrayList<>(runners.values());
    }
    CompletableFuture<List<CheckStatus>> out = new CompletableFuture<>();
    scheduler.execute(() -> out.complete(all.stream().map(CheckRunner::status).toList()));
    return out;
  }

  /** Stops every check and releases the pool's own resources. */
  @Override
  public void close() {
    List<CheckRunner> all;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      all = new ArrayList<>(runners.values());
      runners.clear();
      refCounts.clear();
    }
    // Runners stop on their own thread; attempts still in flight end there (scripts are killed).
    scheduler.execute(() -> all.forEach(CheckRunner::stop));
    try {
      resources.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing checker resources failed", e);
    }
  }
}
