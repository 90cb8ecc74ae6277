package io.tandem.checkers.pool;

import io.tandem.checkers.core.CheckState;
import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.core.Transition;
import io.tandem.checkers.probe.Probe;
import io.tandem.checkers.spec.CheckKey;
import io.tandem.checkers.spec.CheckSpec;
import io.tandem.checkers.spec.CheckTiming;
import io.tandem.common.time.Cancellable;
import io.tandem.common.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one check: starts attempts on time, hands results to the pure {@link CheckState}, and tells
 * every subscriber about verdict changes. Every method runs on the scheduler's thread.
 *
 * <p>Timing: the first round starts at a random point in [0, warmup); each round starts {@code
 * interval} after the previous round was due (or at once, if the previous round overran); a retry
 * starts {@code delayBeforeRetry} after the failed attempt ended. Rounds are anchored on when they
 * were due, not on when the scheduler got to them, so a scheduler that runs tasks late (a busy
 * thread, or a grid like {@link EventLoopScheduler}'s) does not stretch the interval. A watchdog
 * completes an attempt its probe did not finish within {@code timeout} plus {@link
 * #WATCHDOG_SLACK_NANOS}.
 */
final class CheckRunner {
  private static final Logger log = LoggerFactory.getLogger(CheckRunner.class);
  static final long WATCHDOG_SLACK_NANOS = 1_000_000_000L;

  record Subscriber(CheckSpec spec, Consumer<HealthEvent> consumer) {}

  private final CheckKey key;
  private final String type;
  private final String target;
  private final CheckTiming timing;
  private final Probe probe;
  private final Scheduler scheduler;
  private final CheckerMetrics metrics;
  private final BooleanSupplier onSchedulerThread;
  private final CheckState state;
  private final List<Subscriber> subscribers = new ArrayList<>();

  private Cancellable nextAttempt = Cancellable.NONE;
  private Cancellable watchdog = Cancellable.NONE;
  private CompletableFuture<ProbeResult> inFlight;
  /** When the current round was due to start (see the class comment). */
  private long roundStartNanos;
  /** When the next round is due; set with every round scheduled. */
  private long roundDueNanos;
  private boolean stopped;

  /**
   * @param onSchedulerThread whether the caller runs on the scheduler's thread right now; then a
   *     probe's result is taken at once instead of through a task
   */
  CheckRunner(CheckKey key, Probe probe, Scheduler scheduler, CheckerMetrics metrics,
      BooleanSupplier onSchedulerThread) {
    this.key = key;
    this.type = key.probe().type();
    this.target = key.probe().describe();
    this.timing = key.timing();
    this.probe = probe;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.onSchedulerThread = onSchedulerThread;
    this.state = new CheckState(timing);
  }

  void start(RandomGenerator random) {
    long warmupNanos = timing.warmup().toNanos();
    long delay = warmupNanos > 0 ? random.nextLong(warmupNanos) : 0;
    roundDueNanos = scheduler.clock().nanoTime() + delay;
    nextAttempt = scheduler.schedule(delay, () -> attempt(false));
  }

  void addSubscriber(Subscriber s) {
    if (stopped) {
      return;
    }
    subscribers.add(s);
    deliver(s, HealthEvent.Cause.INITIAL, state.up(), state.dynamicWeight(), state.lastResult());
  }

  void removeSubscriber(Subscriber s) {
    subscribers.remove(s);
  }

  void stop() {
    stopped = true;
    nextAttempt.cancel();
    watchdog.cancel();
    if (inFlight != null) {
      inFlight.complete(ProbeResult.fail(Outcome.INTERNAL_ERROR, "check stopped", 0));
    }
    subscribers.clear();
    try {
      probe.close();
    } catch (RuntimeException e) {
      log.warn("closing probe {} failed", target, e);
    }
  }

  CheckStatus status() {
    return new CheckStatus(key, state.up(), state.consecutiveSuccesses(), state.consecutiveFailures(),
        subscribers.size(), state.lastResult());
  }

  private void attempt(boolean retry) {
    if (stopped) {
      return;
    }
    if (!retry) {
      roundStartNanos = roundDueNanos;
    }
    CompletableFuture<ProbeResult> f;
    try {
      f = probe.run(timing.timeout());
    } catch (RuntimeException e) {
      log.error("probe {} threw instead of returning a result", target, e);
      f = CompletableFuture.completedFuture(
          ProbeResult.fail(Outcome.INTERNAL_ERROR, "probe threw " + e, 0));
    }
    CompletableFuture<ProbeResult> attempt = f;
    inFlight = attempt;
    watchdog = scheduler.schedule(timing.timeout().toNanos() + WATCHDOG_SLACK_NANOS, () -> {
      if (attempt.complete(ProbeResult.fail(Outcome.TIMEOUT, "probe overran its timeout; abandoned",
          timing.timeout().toNanos() + WATCHDOG_SLACK_NANOS))) {
        metrics.recordWatchdog();
        log.warn("probe {} did not finish within its timeout; the pool abandoned the attempt", target);
      }
    });
    attempt.whenComplete((result, error) -> {
      ProbeResult r = error == null ? result
          : ProbeResult.fail(Outcome.INTERNAL_ERROR, "probe failed: " + error, 0);
      if (onSchedulerThread.getAsBoolean()) {
        onResult(attempt, r); // the probe completed on the loop the pool runs on: no task hop
      } else {
        scheduler.execute(() -> onResult(attempt, r));
      }
    });
  }

  private void onResult(CompletableFuture<ProbeResult> attempt, ProbeResult result) {
    if (stopped || attempt != inFlight) {
      return;
    }
    inFlight = null;
    watchdog.cancel();
    // Let go of the finished attempt now: held until the next round (a second), it would outlive a
    // young collection and be promoted, 10,000 times a second.
    watchdog = Cancellable.NONE;
    metrics.recordRun(type, result.outcome(), result.latencyNanos());
    CheckState.Step step = state.onResult(result);
    step.transition().ifPresent(this::announce);
    if (step.next() == CheckState.Next.RETRY) {
      nextAttempt = scheduler.schedule(timing.delayBeforeRetry().toNanos(), () -> attempt(true));
    } else {
      long now = scheduler.clock().nanoTime();
      roundDueNanos = Math.max(now, roundStartNanos + timing.interval().toNanos());
      nextAttempt = scheduler.schedule(roundDueNanos - now, () -> attempt(false));
    }
  }

  private void announce(Transition t) {
    metrics.recordTransition();
    HealthEvent.Cause cause = switch (t.cause()) {
      case ROSE -> HealthEvent.Cause.ROSE;
      case FELL -> HealthEvent.Cause.FELL;
      case WEIGHT_CHANGED -> HealthEvent.Cause.WEIGHT_CHANGED;
    };
    log.info("check {}: {} -> {} ({})", target, t.up() ? "down" : "up", t.up() ? "up" : "down",
        t.result().reasonText());
    for (Subscriber s : List.copyOf(subscribers)) {
      deliver(s, cause, t.up(), t.dynamicWeight(), Optional.of(t.result()));
    }
  }

  private void deliver(Subscriber s, HealthEvent.Cause cause, boolean up, int dynamicWeight,
      Optional<ProbeResult> result) {
    int weight = up ? (dynamicWeight >= 0 ? dynamicWeight : s.spec().weight()) : 0;
    boolean inTable = up || s.spec().inhibitOnFailure();
    HealthEvent event = new HealthEvent(key, target, up, weight, inTable, cause, result,
        scheduler.clock().nanoTime());
    try {
      s.consumer().accept(event);
    } catch (RuntimeException e) {
      log.error("health event consumer failed on {}", event.describe(), e);
    }
  }
}
