package io.tandem.checkers.pool;

import io.netty.channel.EventLoop;
import io.tandem.common.time.Cancellable;
import io.tandem.common.time.MonotonicClock;
import io.tandem.common.time.Scheduler;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Scheduler} on one Netty event loop: the pool's timers and decisions then run on the same
 * thread as the network probes it starts, so a probe's completion reaches the pool without a thread
 * hop. One thread, so tasks never run concurrently, as {@link Scheduler} promises.
 */
public final class EventLoopScheduler implements Scheduler {
  private static final Logger log = LoggerFactory.getLogger(EventLoopScheduler.class);
  private final EventLoop loop;

  public EventLoopScheduler(EventLoop loop) {
    this.loop = loop;
  }

  @Override
  public MonotonicClock clock() {
    return MonotonicClock.SYSTEM;
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    try {
      var future = loop.schedule(() -> guarded(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    } catch (RejectedExecutionException e) {
      return Cancellable.NONE; // the loop is shutting down: nothing more will run
    }
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
