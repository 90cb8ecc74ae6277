package io.tandem.notify;

import io.tandem.common.time.SystemScheduler;
import io.tandem.notify.dispatch.Notifier;
import io.tandem.notify.fifo.FifoWriter;
import io.tandem.notify.plan.NotifyConfig;
import io.tandem.notify.script.ProcessScriptRunner;
import io.tandem.notify.webhook.HttpWebhookSender;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/** Builds a {@link Notifier} on the real edges: processes, FIFO files and the JDK HttpClient. */
public final class NotifyWiring {
  private NotifyWiring() {}

  /**
   * A notifier whose lanes run on platform threads of their own (a hung script holds one thread,
   * nothing else) and whose webhook retries are timed by its own scheduler thread. Not virtual
   * threads: spawning a process pins a virtual thread's carrier, and the carriers (one per core) are
   * shared with the rest of the daemon, so a burst of spawns under load would stall it. {@link Notifier#close()}
   * releases all of it and kills scripts still running (with their process groups): at shutdown,
   * publish the STOP events, give them {@link Notifier#awaitIdle} a grace period, then close.
   */
  public static Notifier start(NotifyConfig config) {
    ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().name("notify-", 0).factory());
    SystemScheduler retries = new SystemScheduler("notify-retry");
    FifoWriter fifo = new FifoWriter();
    HttpWebhookSender http = new HttpWebhookSender();
    // Running scripts keep their threads alive; shutdown() lets them finish within their timeouts.
    AutoCloseable stopWorkers = workers::shutdown;
    ProcessScriptRunner scripts = new ProcessScriptRunner();
    return new Notifier(config, scripts, fifo, http, retries, workers, Clock.systemUTC(),
        () -> ThreadLocalRandom.current().nextDouble(), List.of(retries, scripts, fifo, http, stopWorkers));
  }
}
