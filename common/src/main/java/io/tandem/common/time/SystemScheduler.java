package io.tandem.common.time;

import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real scheduler: one dedicated platform thread, so tasks never run concurrently and a core
 * owning this scheduler is single-threaded by construction. A task that throws is logged and does
 * not kill the thread.
 *
 * <p>Not a {@code ScheduledThreadPoolExecutor}: its queue waits with {@code Condition.awaitNanos},
 * which busy-waits (calling {@code System.nanoTime} in a loop) when its time-out expires while
 * another thread is half-way through signalling it. The VRRP loop runs at real-time priority and
 * preempts that signaller (a capture thread one priority below, or a normal thread) on the same
 * core, so the spin lasted until the kernel's real-time throttling let the signaller finish:
 * measured with 255 VRRP instances, the VRRP threads of both directors at ~95% CPU each, adverts
 * late by tens of ms, the rest of both JVMs starved. Here other threads only append to a lock-free
 * inbox and unpark the loop; the timer heap belongs to the loop thread alone; and a park that
 * returns early twice in a row without work is followed by a short sleep, which gives the CPU back
 * to a preempted unparker instead of spinning on it.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SystemScheduler.class);
  /** Sleep after a run of early returns from park: long enough for a preempted thread to run. */
  private static final long BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private final Thread thread;
  private final ConcurrentLinkedQueue<Task> inbox = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Task> timers = new PriorityQueue<>(); // loop thread only
  private final AtomicLong sequence = new AtomicLong();
  private volatile boolean sleeping;
  private volatile boolean closed;

  public SystemScheduler(String threadName, int priority) {
    thread = new Thread(this::loop, threadName);
    thread.setDaemon(true);
    thread.setPriority(priority);
    thread.start();
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
    if (closed) {
      return Cancellable.NONE;
    }
    Task t = new Task(System.nanoTime() + Math.max(0, delayNanos), sequence.getAndIncrement(), task);
    if (Thread.currentThread() == thread) {
      timers.add(t);
    } else {
      inbox.add(t);
      if (sleeping) {
        LockSupport.unpark(thread);
      }
    }
    return t;
  }

  private void loop() {
    int idleWakeups = 0;
    while (!closed) {
      boolean worked = drainInbox();
      long now = System.nanoTime();
      Task head;
      while ((head = timers.peek()) != null && head.deadline - now <= 0) {
        timers.poll();
        worked = true;
        if (!head.cancelled) {
          run(head.task);
        }
        if (closed) {
          return;
        }
        if (drainInbox()) {
          now = System.nanoTime(); // a task submitted meanwhile may already be due
        }
      }
      if (worked) {
        idleWakeups = 0;
        continue;
      }
      if (++idleWakeups > 2) {
        // park() returned twice without anything to do: most likely an unparker preempted while
        // holding the park lock. Block for a moment so it can run, rather than spin on it.
        sleepNanos(head == null ? BACKOFF_NANOS : Math.min(BACKOFF_NANOS, head.deadline - now));
        idleWakeups = 0;
        continue;
      }
      if (Thread.interrupted() && closed) {
        return; // a task's stray interrupt is cleared: it would make every park return at once
      }
      sleeping = true;
      if (inbox.isEmpty() && !closed) {
        if (head == null) {
          LockSupport.park(this);
        } else {
          LockSupport.parkNanos(this, head.deadline - now);
        }
      }
      sleeping = false;
    }
  }

  private boolean drainInbox() {
    boolean any = false;
    Task t;
    while ((t = inbox.poll()) != null) {
      timers.add(t);
      any = true;
    }
    return any;
  }

  private static void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      log.error("scheduled task failed", e);
    }
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(0, (int) Math.max(1, Math.min(nanos, 999_999)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    thread.interrupt();
  }

  private static final class Task implements Comparable<Task>, Cancellable {
    final long deadline;
    final long seq;
    final Runnable task;
    volatile boolean cancelled;

    Task(long deadline, long seq, Runnable task) {
      this.deadline = deadline;
      this.seq = seq;
      this.task = task;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    @Override
    public int compareTo(Task o) {
      long d = deadline - o.deadline;
      return d != 0 ? (d < 0 ? -1 : 1) : Long.compare(seq, o.seq);
    }
  }
}
