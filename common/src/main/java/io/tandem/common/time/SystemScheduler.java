package io.tandem.common.time;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real scheduler: one dedicated platform thread, so tasks never run concurrently and a core
 * owning this scheduler is single-threaded by construction. A task that throws is logged and does
 * not kill the thread.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SystemScheduler.class);

  private final ScheduledExecutorService executor;

  public SystemScheduler(String threadName, int priority) {
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      t.setPriority(priority);
      return t;
    });
  }

  public SystemScheduler(String threadName) {
    this(threadName, Thread.NORM_PRIORITY);
  }

  @Override
  public MonotonicClock clock() {
    return MonotonicClock.SYSTEM;
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    if (executor.isShutdown()) {
      return Cancellable.NONE;
    }
    ScheduledFuture<?> f = executor.schedule(() -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        log.error("scheduled task failed", e);
      }
    }, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
