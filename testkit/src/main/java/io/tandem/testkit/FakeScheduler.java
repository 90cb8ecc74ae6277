package io.tandem.testkit;

import io.tandem.common.time.Cancellable;
import io.tandem.common.time.MonotonicClock;
import io.tandem.common.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A clock and a scheduler driven from one counter. Nothing runs inline: tests advance time and the
 * tasks that fall due run then, in due-time order (ties in scheduling order). At teardown a test can
 * call {@link #assertNothingPending()}.
 */
public final class FakeScheduler implements Scheduler, MonotonicClock {
  private record Task(long dueNanos, long seq, Runnable body, boolean[] cancelled) {}

  private final PriorityQueue<Task> queue = new PriorityQueue<>(
      (a, b) -> a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
  private long nowNanos;
  private long seq;

  public FakeScheduler() {
    this(0);
  }

  public FakeScheduler(long startNanos) {
    this.nowNanos = startNanos;
  }

  @Override
  public long nanoTime() {
    return nowNanos;
  }

  @Override
  public MonotonicClock clock() {
    return this;
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    boolean[] cancelled = {false};
    queue.add(new Task(nowNanos + Math.max(0, delayNanos), seq++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Advances time by {@code d}, running every task that falls due on the way. */
  public void advance(Duration d) {
    advanceNanos(d.toNanos());
  }

  public void advanceNanos(long deltaNanos) {
    runUntil(nowNanos + deltaNanos);
  }

  /** Runs tasks due at or before {@code targetNanos}, then sets the clock to it. */
  public void runUntil(long targetNanos) {
    while (true) {
      Task next = peekLive();
      if (next == null || next.dueNanos > targetNanos) {
        break;
      }
      queue.poll();
      nowNanos = Math.max(nowNanos, next.dueNanos);
      next.body.run();
    }
    nowNanos = Math.max(nowNanos, targetNanos);
  }

  /** Runs the tasks that are due now (zero-delay work), without moving the clock. */
  public void runDue() {
    runUntil(nowNanos);
  }

  /** Due time of the next live task, or -1 when none is pending. */
  public long nextDueNanos() {
    Task t = peekLive();
    return t == null ? -1 : t.dueNanos;
  }

  /** Runs the next pending task, moving the clock to its due time. Returns false when none is left. */
  public boolean runNext() {
    Task t = peekLive();
    if (t == null) {
      return false;
    }
    runUntil(t.dueNanos);
    return true;
  }

  public int pendingCount() {
    int n = 0;
    for (Task t : queue) {
      if (!t.cancelled[0]) {
        n++;
      }
    }
    return n;
  }

  public void assertNothingPending() {
    List<Long> due = new ArrayList<>();
    for (Task t : queue) {
      if (!t.cancelled[0]) {
        due.add(t.dueNanos);
      }
    }
    if (!due.isEmpty()) {
      throw new AssertionError(due.size() + " scheduled task(s) still pending, due at (ns) " + due);
    }
  }

  private Task peekLive() {
    while (!queue.isEmpty() && queue.peek().cancelled[0]) {
      queue.poll();
    }
    return queue.peek();
  }
}
