package io.tandem.checkers.pool;

import io.netty.channel.EventLoop;
import io.tandem.common.time.Cancellable;
import io.tandem.common.time.MonotonicClock;
import io.tandem.common.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Scheduler} on one Netty event loop: the pool's timers and decisions then run on the same
 * thread as the network probes it starts, so a probe's completion reaches the pool without a thread
 * hop. One thread, so tasks never run concurrently, as {@link Scheduler} promises.
 *
 * <p>Delayed tasks run on a grid (deadlines are rounded up to the next grid point of the monotonic
 * clock, never down): {@code tick} (default 10 ms) for delays of at least ten ticks, such as check
 * rounds of a second, so the grid stays within a tenth of the delay; a 1 ms grid for delays of 10 ms
 * or more; none below. At 10,000 checks a second the rounds then start in batches of about a hundred
 * and the loop sleeps and wakes about a hundred times a second instead of once per check (or per
 * millisecond): in a virtual machine each sleep and wake-up costs tens of microseconds of kernel time,
 * as much as several checks (see docs/bench-checkers.md). HAProxy's scheduler batches the same way.
 */
public final class EventLoopScheduler implements Scheduler {
  private static final Logger log = LoggerFactory.getLogger(EventLoopScheduler.class);

  /** The default grid for long delays (at least ten ticks): 1 % of a one-second check interval. */
  public static final Duration DEFAULT_TICK = Duration.ofMillis(10);
  /** The grid for delays shorter than ten ticks but of at least 10 ms. */
  static final long FINE_TICK_NANOS = 1_000_000L;

  private final EventLoop loop;
  private final long tickNanos;

  public EventLoopScheduler(EventLoop loop) {
    this(loop, DEFAULT_TICK);
  }

  /** @param tick the grid long delays run on; {@link Duration#ZERO} runs every task at its own deadline */
  public EventLoopScheduler(EventLoop loop, Duration tick) {
    this.loop = loop;
    this.tickNanos = tick.toNanos();
    if (tickNanos < 0) {
      throw new IllegalArgumentException("tick must not be negative: " + tick);
    }
  }

  @Override
  public MonotonicClock clock() {
    return MonotonicClock.SYSTEM;
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    try {
      var future = loop.schedule(() -> guarded(task), alignedDelay(System.nanoTime(), delayNanos, tickNanos),
          TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    } catch (RejectedExecutionException e) {
      return Cancellable.NONE; // the loop is shutting down: nothing more will run
    }
  }

  /** Whether the caller runs on this scheduler's thread (where tasks run). */
  public boolean inLoop() {
    return loop.inEventLoop();
  }

  /**
   * The delay from {@code now} to the first point at or after {@code now + delayNanos} of the grid
   * for that delay (see the class comment); a delay of zero or less stays zero (as soon as possible).
   */
  static long alignedDelay(long now, long delayNanos, long tickNanos) {
    if (delayNanos <= 0) {
      return 0;
    }
    long grid = delayNanos >= 10 * tickNanos ? tickNanos
        : delayNanos >= 10 * FINE_TICK_NANOS ? Math.min(tickNanos, FINE_TICK_NANOS) : 0;
    return onGrid(now, delayNanos, grid);
  }

  private static long onGrid(long now, long delayNanos, long tickNanos) {
    if (tickNanos <= 1) {
      return delayNanos;
    }
    // The deadline's place on the grid, from residues so that no sum can overflow.
    long past = Math.floorMod(Math.floorMod(now, tickNanos) + Math.floorMod(delayNanos, tickNanos), tickNanos);
    return past == 0 ? delayNanos : delayNanos + (tickNanos - past);
  }

  @Override
  public void execute(Runnable task) {
    try {
      loop.execute(() -> guarded(task));
    } catch (RejectedExecutionException e) {
      log.debug("event loop shut down; dropped a checker task");
    }
  }

  private static void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      log.error("checker task failed", e);
    }
  }
}
