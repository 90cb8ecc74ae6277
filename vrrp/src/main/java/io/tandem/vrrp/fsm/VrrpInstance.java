package io.tandem.vrrp.fsm;

import io.tandem.common.time.Cancellable;
import io.tandem.common.time.Scheduler;
import io.tandem.vrrp.packet.VrrpAdvert;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running virtual router instance: owns the current {@link VrrpSnapshot}, feeds every event
 * through {@link VrrpMachine#step}, logs and counts there, arms timers on the scheduler and passes
 * all other effects to the sink.
 *
 * <p>Single-threaded: call every method on the scheduler's thread (the receive edge should hand
 * adverts over with {@code scheduler.execute(() -> instance.receive(src, advert))}). Only {@link
 * #state()}, {@link #snapshot()} and {@link #stats()} may be read from other threads.
 */
public final class VrrpInstance {
  private static final Logger log = LoggerFactory.getLogger(VrrpInstance.class);

  /** Told about every state change after its effects ran (sync groups, status page). */
  @FunctionalInterface
  public interface TransitionListener {
    void onTransition(VrrpInstance instance, VrrpState from, VrrpState to, TransitionReason reason);
  }

  private final VrrpMachine machine;
  private final Scheduler scheduler;
  private final VrrpEffectSink sink;
  private final VrrpStats stats = new VrrpStats();
  private final Map<TimerKind, Cancellable> timers = new EnumMap<>(TimerKind.class);
  private final Map<TimerKind, Long> timerGeneration = new EnumMap<>(TimerKind.class);
  /** The timer whose firing is being handled, its deadline and how late it fired (nanoseconds). */
  private TimerKind firing;
  private long firingDeadlineNanos;
  private long firingLateNanos;
  private final List<TransitionListener> listeners = new CopyOnWriteArrayList<>();
  private final List<StepListener> stepListeners = new CopyOnWriteArrayList<>();
  private volatile VrrpSnapshot snapshot;
  private static final long ANOMALY_LOG_PERIOD_NANOS = 60_000_000_000L;
  private final long[] anomalyLastLogNanos = new long[RejectReason.values().length];
  private final long[] anomalySuppressed = new long[RejectReason.values().length];

  public VrrpInstance(InstanceSpec spec, Scheduler scheduler, VrrpEffectSink sink) {
    this.machine = new VrrpMachine(spec);
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.snapshot = machine.initial();
    java.util.Arrays.fill(anomalyLastLogNanos, Long.MIN_VALUE);
  }

  public InstanceSpec spec() {
    return machine.spec();
  }

  public VrrpMachine machine() {
    return machine;
  }

  public VrrpState state() {
    return snapshot.state();
  }

  public VrrpSnapshot snapshot() {
    return snapshot;
  }

  public VrrpStats stats() {
    return stats;
  }

  public int effectivePriority() {
    return machine.effectivePriority(snapshot);
  }

  public void addListener(TransitionListener listener) {
    listeners.add(listener);
  }

  /** Told about every step, after its effects ran (sync groups watch own-fault changes with it). */
  @FunctionalInterface
  public interface StepListener {
    void onStep(VrrpInstance instance, VrrpSnapshot before, VrrpMachine.Step step);
  }

  public void addStepListener(StepListener listener) {
    stepListeners.add(listener);
  }

  public void start() {
    handle(VrrpEvent.STARTUP);
  }

  /** Graceful stop: priority 0, VIPs released after the new master is heard (bounded). */
  public void stop() {
    handle(VrrpEvent.SHUTDOWN);
  }

  public void resign() {
    handle(VrrpEvent.RESIGN);
  }

  /** A decoded advert for this instance's VRID. */
  public void receive(InetAddress source, VrrpAdvert advert) {
    handle(new VrrpEvent.AdvertReceived(source, advert));
  }

  public void track(String name, TrackInput input) {
    handle(new VrrpEvent.TrackChanged(name, input));
  }

  /** Cancels every timer without effects: for a crashed/abandoned instance (tests, daemon teardown). */
  public void abandon() {
    timers.values().forEach(Cancellable::cancel);
    timers.clear();
  }

  /** Runs one event through the machine: the one place that logs and counts transitions. */
  public void handle(VrrpEvent event) {
    VrrpSnapshot before = snapshot;
    VrrpMachine.Step step = machine.step(before, event, scheduler.clock().nanoTime());
    snapshot = step.next();
    stats.countStep(step.from(), step.next().state(), step.reason());
    String name = machine.spec().name();
    if (step.reason() == TransitionReason.UNEXPECTED_EVENT) {
      // An advert still in flight when the instance has stopped (Initialize) is routine, not a warning.
      boolean routine = before.state() == VrrpState.INITIALIZE && event instanceof VrrpEvent.AdvertReceived;
      if (routine) {
        log.debug("{}: {} in {} (stopped)", name, eventName(event), before.state());
      } else {
        log.warn("{}: unexpected {} in {}", name, eventName(event), before.state());
      }
    } else if (step.stateChanged()) {
      log.info("{}: {} → {} ({}), priority {}", name, step.from(), step.next().state(), step.reason(),
          machine.effectivePriority(step.next()));
    } else if (log.isDebugEnabled()) {
      log.debug("{}: {} in {} ({})", name, eventName(event), before.state(), step.reason());
    }
    for (Effect effect : step.effects()) {
      switch (effect) {
        case Effect.ArmTimer arm -> arm(arm);
        case Effect.CancelTimer cancel -> cancel(cancel.timer());
        case Effect.AdvertAnomaly anomaly -> {
          stats.countReject(anomaly.reason());
          logAnomaly(name, anomaly);
          sink.execute(machine.spec(), effect);
        }
        default -> sink.execute(machine.spec(), effect);
      }
    }
    if (step.stateChanged()) {
      for (TransitionListener l : listeners) {
        l.onTransition(this, step.from(), step.next().state(), step.reason());
      }
    }
    for (StepListener l : stepListeners) {
      l.onStep(this, before, step);
    }
  }

  /**
   * A misconfigured peer sends an advert every interval: log the first of each reason, then at most
   * one line per reason per {@link #ANOMALY_LOG_PERIOD_NANOS} with the count in between. The
   * counters in {@link #stats()} see every one.
   */
  private void logAnomaly(String name, Effect.AdvertAnomaly anomaly) {
    if (anomaly.reason() == RejectReason.NOT_OUR_VRID) {
      return; // normal on a shared segment when the edge does not demultiplex
    }
    long now = scheduler.clock().nanoTime();
    int i = anomaly.reason().ordinal();
    if (anomalyLastLogNanos[i] != Long.MIN_VALUE && now - anomalyLastLogNanos[i] < ANOMALY_LOG_PERIOD_NANOS) {
      anomalySuppressed[i]++;
      return;
    }
    String suppressed = anomalySuppressed[i] == 0 ? "" : " (" + anomalySuppressed[i] + " more since last logged)";
    log.warn("{}: advert {} ({}): {}{}", name, anomaly.dropped() ? "dropped" : "accepted with warning",
        anomaly.reason(), anomaly.detail(), suppressed);
    anomalyLastLogNanos[i] = now;
    anomalySuppressed[i] = 0;
  }

  private void arm(Effect.ArmTimer arm) {
    cancel(arm.timer());
    long generation = timerGeneration.merge(arm.timer(), 1L, Long::sum);
    long delay = arm.delay().toNanos();
    if (arm.timer() == firing) {
      // A timer re-armed from its own firing (the Adver_Timer, RFC 5798 §6.4.3) keeps its period:
      // the time it fired late and the time spent sending come off the next delay, so adverts do
      // not drift later by the processing time of every round.
      delay = Math.max(0, delay - firingLateNanos);
    }
    long deadline = scheduler.clock().nanoTime() + delay;
    timers.put(arm.timer(), scheduler.schedule(delay, () -> {
      // A cancel can race with a real scheduler's firing: only the latest arming may deliver.
      if (timerGeneration.get(arm.timer()) == generation && timers.remove(arm.timer()) != null) {
        firing = arm.timer();
        firingDeadlineNanos = deadline;
        firingLateNanos = Math.max(0, scheduler.clock().nanoTime() - deadline);
        try {
          handle(arm.timer().firedEvent());
        } finally {
          firing = null;
        }
      }
    }));
  }

  private void cancel(TimerKind kind) {
    Cancellable c = timers.remove(kind);
    if (c != null) {
      c.cancel();
    }
  }

  /**
   * While a step listener runs for a timer's firing: that timer and the deadline it was due at
   * (the scheduler clock's nanoseconds), so a listener can tell how late the step's effects went
   * out. Null outside a timer's firing.
   */
  public TimerKind firingTimer() {
    return firing;
  }

  public long firingDeadlineNanos() {
    return firingDeadlineNanos;
  }

  /** Whether {@code kind} is armed (tests, status page). */
  public boolean timerArmed(TimerKind kind) {
    return timers.containsKey(kind);
  }

  private static String eventName(VrrpEvent event) {
    return event.getClass().getSimpleName();
  }
}
