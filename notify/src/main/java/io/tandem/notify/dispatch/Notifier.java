package io.tandem.notify.dispatch;

import io.tandem.common.time.Cancellable;
import io.tandem.common.time.Scheduler;
import io.tandem.notify.event.NotifyEvent;
import io.tandem.notify.plan.Delivery;
import io.tandem.notify.plan.DeliveryKind;
import io.tandem.notify.plan.DeliveryPlanner;
import io.tandem.notify.plan.NotifyConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts events from the state machines and gets their deliveries done in the background.
 *
 * <p>{@link #publish} never waits for a script, the FIFO or the network: it plans the deliveries
 * (a pure function), appends them to their lanes under a short lock, and hands idle lanes to the
 * worker executor. Each lane (one per sink and object, e.g. "scripts of instance VI_1") runs one
 * delivery at a time in publish order, so a MASTER notify is never delivered after a later BACKUP
 * notify of the same instance. Lanes are bounded: a full lane drops its oldest queued delivery
 * (the newest state matters most), a full notifier drops the new one; both are counted. With
 * coalescing on, a new event also drops the older queued deliveries of its lane.
 *
 * <p>A failed webhook POST is retried after {@link io.tandem.notify.plan.RetryPolicy}'s back-off,
 * timed on the injected scheduler; the lane waits meanwhile, keeping that endpoint's order.
 */
public final class Notifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Notifier.class);
  private static final Duration DROP_LOG_INTERVAL = Duration.ofSeconds(1);

  private final ScriptRunner scripts;
  private final FifoSink fifo;
  private final WebhookSender webhooks;
  private final Scheduler retryScheduler;
  private final Executor workers;
  private final Clock wallClock;
  private final DoubleSupplier jitter;
  private final List<AutoCloseable> owned;

  private final NotifyCounters counters = new NotifyCounters();
  private final AtomicLong sequence = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final Map<String, Lane> lanes = new HashMap<>();
  private final AtomicLong unloggedDrops = new AtomicLong();
  private volatile String lastDropLane = "";
  private volatile String lastDropWhy = "";
  private volatile NotifyConfig config;
  private int busyLanes;
  private boolean closed;

  /** A queued delivery; {@code attempts} counts webhook attempts already made. */
  private record Pending(Delivery delivery, long seq, int attempts) {}

  private static final class Lane {
    final String key;
    final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** A worker is draining this lane, or a retry of it is scheduled. */
    boolean busy;
    Pending retrying;
    Cancellable retryTimer = Cancellable.NONE;

    Lane(String key) {
      this.key = key;
    }
  }

  /**
   * @param retryScheduler times webhook retries only; its task merely hands the lane back to a worker
   * @param workers runs lane drains; each drain may block for a script's full timeout, so in
   *     production this is a virtual-thread-per-task executor
   * @param wallClock for event timestamps only (display), never for timing
   * @param jitter numbers in [0, 1) for retry jitter
   */
  public Notifier(NotifyConfig config, ScriptRunner scripts, FifoSink fifo, WebhookSender webhooks,
      Scheduler retryScheduler, Executor workers, Clock wallClock, DoubleSupplier jitter) {
    this(config, scripts, fifo, webhooks, retryScheduler, workers, wallClock, jitter, List.of());
  }

  /** As above; {@code owned} are closed by {@link #close()} (the wiring made them for this notifier only). */
  public Notifier(NotifyConfig config, ScriptRunner scripts, FifoSink fifo, WebhookSender webhooks,
      Scheduler retryScheduler, Executor workers, Clock wallClock, DoubleSupplier jitter, List<AutoCloseable> owned) {
    this.config = Objects.requireNonNull(config, "config");
    this.scripts = Objects.requireNonNull(scripts, "scripts");
    this.fifo = Objects.requireNonNull(fifo, "fifo");
    this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
    this.retryScheduler = Objects.requireNonNull(retryScheduler, "retryScheduler");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    this.jitter = Objects.requireNonNull(jitter, "jitter");
    this.owned = List.copyOf(owned);
  }

  /**
   * Queues the deliveries of {@code event} and returns at once. Safe from any thread; events
   * published from one thread are delivered in that order per lane.
   */
  public void publish(NotifyEvent event) {
    NotifyConfig cfg = config;
    long seq = sequence.incrementAndGet();
    Instant at = wallClock.instant();
    List<Delivery> deliveries = DeliveryPlanner.plan(event, cfg, at, seq);
    counters.published.increment();
    List<Lane> toStart = null;
    lock.lock();
    try {
      if (closed) {
        for (Delivery d : deliveries) {
          counters.count(d.kind(), DeliveryResult.DROPPED);
        }
        if (!deliveries.isEmpty()) {
          logDrop(event.orderingKey(), "notifier closed");
        }
        return;
      }
      for (Delivery d : deliveries) {
        Lane lane = lanes.computeIfAbsent(d.laneKey(), Lane::new);
        boolean mustStart = enqueue(lane, new Pending(d, seq, 0), cfg);
        if (mustStart) {
          if (toStart == null) {
            toStart = new ArrayList<>(2);
          }
          toStart.add(lane);
        }
      }
    } finally {
      lock.unlock();
    }
    if (toStart != null) {
      for (Lane lane : toStart) {
        startDrain(lane);
      }
    }
  }

  /** Swaps in a new config (after a reload); queued deliveries keep what they were planned with. */
  public void reconfigure(NotifyConfig newConfig) {
    this.config = Objects.requireNonNull(newConfig, "config");
  }

  public NotifyCounters counters() {
    return counters;
  }

  /**
   * Waits (real time) until every lane is idle or {@code timeout} passes; for shutdown, so STOP
   * notifies get their chance, and for tests. Returns whether everything was delivered.
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (busyLanes > 0) {
        if (left <= 0) {
          return false;
        }
        left = idle.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops accepting events and drops (counting) whatever is still queued or waiting for a retry.
   * Deliveries already running finish by themselves (scripts within their timeout).
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (Lane lane : lanes.values()) {
        for (Pending p : lane.queue) {
          counters.count(p.delivery().kind(), DeliveryResult.DROPPED);
        }
        counters.queued.addAndGet(-lane.queue.size());
        lane.queue.clear();
        if (lane.retrying != null) {
          lane.retryTimer.cancel();
          counters.count(lane.retrying.delivery().kind(), DeliveryResult.DROPPED);
          lane.retrying = null;
          markIdle(lane);
        }
      }
    } finally {
      lock.unlock();
    }
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("notify: closing {} failed", c, e);
      }
    }
  }

  /** Under the lock. Returns true when the lane needs a worker. */
  private boolean enqueue(Lane lane, Pending p, NotifyConfig cfg) {
    boolean restart = false;
    // The FIFO lane mixes all objects, so coalescing it would lose other objects' lines.
    if (cfg.coalesce() && p.delivery().kind() != DeliveryKind.FIFO) {
      for (Iterator<Pending> it = lane.queue.iterator(); it.hasNext(); ) {
        Pending old = it.next();
        // Everything already queued was enqueued earlier; only this event's own deliveries stay
        // (an event can put its per-state and its generic script on the same lane).
        if (old.seq() != p.seq()) {
          it.remove();
          counters.queued.decrementAndGet();
          counters.count(old.delivery().kind(), DeliveryResult.COALESCED);
        }
      }
      if (lane.retrying != null && lane.retrying.seq() != p.seq()) {
        lane.retryTimer.cancel();
        counters.count(lane.retrying.delivery().kind(), DeliveryResult.COALESCED);
        lane.retrying = null;
        restart = true; // the lane stays busy, but nobody is draining it any more
      }
    }
    if (lane.queue.size() >= cfg.maxPendingPerLane()) {
      Pending oldest = lane.queue.pollFirst();
      counters.queued.decrementAndGet();
      counters.count(oldest.delivery().kind(), DeliveryResult.DROPPED);
      logDrop(lane.key, "lane full, oldest queued delivery dropped");
    } else if (counters.queued.get() >= cfg.maxPendingTotal()) {
      counters.count(p.delivery().kind(), DeliveryResult.DROPPED);
      logDrop(lane.key, "notifier queue full, new delivery dropped");
      return restart;
    }
    lane.queue.addLast(p);
    counters.queued.incrementAndGet();
    if (!lane.busy) {
      lane.busy = true;
      busyLanes++;
      return true;
    }
    return restart;
  }

  /**
   * Counts a drop for the log. Logging is I/O that can block (a slow journal, a full pipe), so it
   * never happens on the publishing thread: one summary per second at most is logged from the
   * scheduler's thread. The counters have the exact figures.
   */
  private void logDrop(String laneKey, String why) {
    lastDropLane = laneKey;
    lastDropWhy = why;
    if (unloggedDrops.getAndIncrement() == 0) {
      retryScheduler.schedule(DROP_LOG_INTERVAL, () -> {
        long n = unloggedDrops.getAndSet(0);
        log.warn("notify dropped {} deliveries in the last {} s; latest on {}: {}", n,
            DROP_LOG_INTERVAL.toSeconds(), lastDropLane, lastDropWhy);
      });
    }
  }

  private void startDrain(Lane lane) {
    try {
      workers.execute(() -> drain(lane));
    } catch (RejectedExecutionException e) {
      log.error("notify: worker executor refused lane {}; dropping its queue", lane.key);
      lock.lock();
      try {
        for (Pending p : lane.queue) {
          counters.count(p.delivery().kind(), DeliveryResult.DROPPED);
        }
        counters.queued.addAndGet(-lane.queue.size());
        lane.queue.clear();
        markIdle(lane);
      } finally {
        lock.unlock();
      }
    }
  }

  private void drain(Lane lane) {
    while (true) {
      Pending p;
      lock.lock();
      try {
        p = lane.queue.pollFirst();
        if (p == null) {
          markIdle(lane);
          return;
        }
        counters.queued.decrementAndGet();
        counters.inFlight.incrementAndGet();
      } finally {
        lock.unlock();
      }
      boolean goOn;
      try {
        goOn = carryOut(lane, p);
      } catch (RuntimeException e) {
        // A sink bug must not wedge the lane: count it and move on.
        log.error("notify: delivery on lane {} threw", lane.key, e);
        counters.count(p.delivery().kind(), DeliveryResult.FAILED);
        goOn = true;
      } finally {
        counters.inFlight.decrementAndGet();
      }
      if (!goOn) {
        return; // a retry is scheduled; it resumes this lane
      }
    }
  }

  /** Under the lock. */
  private void markIdle(Lane lane) {
    if (lane.busy) {
      lane.busy = false;
      busyLanes--;
      if (busyLanes == 0) {
        idle.signalAll();
      }
    }
  }

  /** Runs one delivery; false when the lane must wait for a scheduled retry. */
  private boolean carryOut(Lane lane, Pending p) {
    switch (p.delivery()) {
      case Delivery.Script s -> runScript(s);
      case Delivery.FifoLine f -> writeFifo(f);
      case Delivery.Webhook w -> {
        return postWebhook(lane, p, w);
      }
    }
    return true;
  }

  private void runScript(Delivery.Script s) {
    ScriptOutcome outcome;
    try {
      outcome = scripts.run(s);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      counters.count(DeliveryKind.SCRIPT, DeliveryResult.FAILED);
      log.warn("notify script {} ({}) interrupted", s.argv().get(0), s.hook());
      return;
    }
    counters.count(DeliveryKind.SCRIPT, outcome.result());
    if (outcome.result() == DeliveryResult.OK) {
      log.info("notify {} {} for {}: ok in {} ms{}", s.hook(), s.argv().get(0), s.orderingKey(),
          outcome.elapsed().toMillis(), outputSuffix(outcome));
    } else {
      log.warn("notify {} {} for {}: {} ({}) after {} ms{}", s.hook(), s.argv().get(0), s.orderingKey(),
          outcome.result(), outcome.detail(), outcome.elapsed().toMillis(), outputSuffix(outcome));
    }
  }

  private static String outputSuffix(ScriptOutcome o) {
    return o.output().isEmpty() ? "" : ", output: " + o.output().strip();
  }

  private void writeFifo(Delivery.FifoLine f) {
    try {
      fifo.write(f.fifo(), f.line());
      counters.count(DeliveryKind.FIFO, DeliveryResult.OK);
    } catch (IOException e) {
      counters.count(DeliveryKind.FIFO, DeliveryResult.FAILED);
      log.warn("notify fifo {}: write failed: {}", f.fifo(), e.toString());
    }
  }

  private boolean postWebhook(Lane lane, Pending p, Delivery.Webhook w) {
    int attempt = p.attempts() + 1;
    String problem;
    boolean retryable;
    try {
      int status = webhooks.post(w.hook(), w.jsonBody());
      if (status >= 200 && status < 300) {
        counters.count(DeliveryKind.WEBHOOK, DeliveryResult.OK);
        log.debug("notify webhook {} for {}: HTTP {} on attempt {}", w.hook().name(), w.orderingKey(), status, attempt);
        return true;
      }
      problem = "HTTP " + status;
      // 408/429 and server errors can go away; other client errors will not.
      retryable = status == 408 || status == 429 || status >= 500;
    } catch (IOException e) {
      problem = e.toString();
      retryable = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "interrupted";
      retryable = false;
    }
    Optional<Duration> wait = retryable
        ? config.webhookRetry().delayAfter(attempt, jitter.getAsDouble())
        : Optional.empty();
    if (wait.isEmpty()) {
      counters.count(DeliveryKind.WEBHOOK, DeliveryResult.FAILED);
      log.warn("notify webhook {} for {}: giving up after {} attempt(s): {}", w.hook().name(), w.orderingKey(),
          attempt, problem);
      return true;
    }
    log.info("notify webhook {} for {}: attempt {} failed ({}), retrying in {} ms", w.hook().name(),
        w.orderingKey(), attempt, problem, wait.get().toMillis());
    Pending again = new Pending(p.delivery(), p.seq(), attempt);
    lock.lock();
    try {
      if (closed) {
        counters.count(DeliveryKind.WEBHOOK, DeliveryResult.DROPPED);
        markIdle(lane);
        return false;
      }
      lane.retrying = again;
      lane.retryTimer = retryScheduler.schedule(wait.get(), () -> resume(lane, again));
    } finally {
      lock.unlock();
    }
    return false;
  }

  private void resume(Lane lane, Pending again) {
    lock.lock();
    try {
      if (lane.retrying != again) {
        return; // superseded by a newer event, or closed
      }
      lane.retrying = null;
      lane.queue.addFirst(again);
      counters.queued.incrementAndGet();
    } finally {
      lock.unlock();
    }
    startDrain(lane);
  }

  /** Real-time helper for tests and shutdown code that prefer milliseconds. */
  public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
    return awaitIdle(Duration.ofNanos(unit.toNanos(timeout)));
  }
}
