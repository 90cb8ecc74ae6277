package io.tandem.notify.dispatch;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** Collects tasks; the test decides when they run. Single-threaded, like FakeScheduler. */
final class ManualExecutor implements Executor {
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
  }

  /** Runs tasks, including ones they submit, until none is left. */
  void runAll() {
    Runnable t;
    while ((t = tasks.poll()) != null) {
      t.run();
    }
  }

  /** Runs only the task submitted {@code index}-th among those pending. */
  void runOnly(int index) {
    Runnable t = tasks.stream().skip(index).findFirst().orElseThrow();
    tasks.remove(t);
    t.run();
  }

  int pending() {
    return tasks.size();
  }
}
