package io.tandem.common.time;

import java.time.Duration;

/**
 * Runs tasks after a delay, measured on {@link #clock()}. Tasks of one scheduler never run
 * concurrently with each other, so a core driven by one scheduler needs no locks.
 */
public interface Scheduler {
  /** The clock the delays are measured on. */
  MonotonicClock clock();

  /** Runs {@code task} once, {@code delayNanos} from now (0 or less: as soon as possible, never inline). */
  Cancellable schedule(long delayNanos, Runnable task);

  default Cancellable schedule(Duration delay, Runnable task) {
    return schedule(delay.toNanos(), task);
  }

  /** Runs {@code task} soon, on the scheduler's thread. */
  default void execute(Runnable task) {
    schedule(0, task);
  }
}
