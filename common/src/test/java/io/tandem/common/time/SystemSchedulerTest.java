package io.tandem.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The real scheduler's contract on its own thread: order by deadline (equal delays in submission order), cancel,
 * a throwing task does not stop the loop, tasks scheduled from inside the loop, close. Only
 * latches and order are asserted, never how long anything took.
 */
class SystemSchedulerTest {
  private static final long MS = 1_000_000L;

  @Test
  void runsTasksByDeadlineThenBySubmissionOnOneThread() throws InterruptedException {
    try (SystemScheduler s = new SystemScheduler("sched-test")) {
      List<String> ran = new CopyOnWriteArrayList<>();
      List<Thread> threads = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(4);
      s.schedule(60 * MS, record("late", ran, threads, done));
      s.schedule(20 * MS, record("early-1", ran, threads, done));
      s.schedule(20 * MS, record("early-2", ran, threads, done));
      s.execute(record("now", ran, threads, done));
      assertTrue(done.await(5, TimeUnit.SECONDS), "ran: " + ran);
      assertEquals(List.of("now", "early-1", "early-2", "late"), ran);
      assertEquals(1, threads.stream().distinct().count(), "one thread: " + threads);
      assertEquals("sched-test", threads.get(0).getName());
    }
  }

  @Test
  void aCancelledTaskNeverRunsAndAThrowingTaskDoesNotStopTheLoop() throws InterruptedException {
    try (SystemScheduler s = new SystemScheduler("sched-test")) {
      AtomicBoolean cancelledRan = new AtomicBoolean();
      Cancellable c = s.schedule(30 * MS, () -> cancelledRan.set(true));
      c.cancel();
      s.execute(() -> {
        throw new IllegalStateException("expected in this test");
      });
      CountDownLatch after = new CountDownLatch(1);
      s.schedule(60 * MS, after::countDown); // due after the cancelled one
      assertTrue(after.await(5, TimeUnit.SECONDS));
      assertFalse(cancelledRan.get());
    }
  }

  @Test
  void aTaskMayScheduleTheNextOneFromTheLoop() throws InterruptedException {
    try (SystemScheduler s = new SystemScheduler("sched-test")) {
      CountDownLatch ticks = new CountDownLatch(50);
      Runnable[] tick = new Runnable[1];
      tick[0] = () -> {
        ticks.countDown();
        if (ticks.getCount() > 0) {
          s.schedule(MS, tick[0]);
        }
      };
      s.execute(tick[0]);
      assertTrue(ticks.await(10, TimeUnit.SECONDS), "left: " + ticks.getCount());
    }
  }

  @Test
  void afterCloseNothingMoreRuns() throws InterruptedException {
    SystemScheduler s = new SystemScheduler("sched-test");
    AtomicBoolean ran = new AtomicBoolean();
    s.schedule(50 * MS, () -> ran.set(true));
    s.close();
    assertEquals(Cancellable.NONE, s.schedule(0, () -> ran.set(true)));
    Thread.sleep(150); // past the first task's deadline: it must not run now either
    assertFalse(ran.get());
  }

  private static Runnable record(String name, List<String> ran, List<Thread> threads, CountDownLatch done) {
    return () -> {
      ran.add(name);
      threads.add(Thread.currentThread());
      done.countDown();
    };
  }
}
