package io.tandem.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.time.Cancellable;
import io.tandem.common.time.MonotonicClock;
import io.tandem.common.time.Scheduler;
import io.tandem.testkit.FakeScheduler;
import io.tandem.vrrp.packet.VrrpAdvert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VrrpInstanceTest {
  private final FakeScheduler clock = new FakeScheduler();
  private final List<Effect> effects = new ArrayList<>();
  private final InstanceSpec spec = InstanceSpec.builder("vi", 7).priority(100).primaryAddress("192.0.2.5")
      .vip("192.0.2.100/24").build();
  private final VrrpInstance instance = new VrrpInstance(spec, clock, (s, e) -> effects.add(e));

  @Test
  void backupBecomesMasterWhenMasterDownTimerExpires() {
    instance.start();
    assertEquals(VrrpState.BACKUP, instance.state());
    assertTrue(instance.timerArmed(TimerKind.MASTER_DOWN));
    clock.advance(Duration.ofNanos(3_609_374_999L));
    assertEquals(VrrpState.BACKUP, instance.state());
    clock.advance(Duration.ofNanos(1));
    assertEquals(VrrpState.MASTER, instance.state());
    assertEquals(1, instance.stats().transitions(VrrpState.BACKUP, VrrpState.MASTER));
    assertTrue(effects.stream().noneMatch(e -> e instanceof Effect.ArmTimer || e instanceof Effect.CancelTimer),
        "timer effects stay inside the instance");
  }

  @Test
  void masterAdvertisesEveryInterval() {
    instance.start();
    clock.advance(Duration.ofSeconds(4));
    effects.clear();
    clock.advance(Duration.ofSeconds(10));
    assertEquals(10, effects.stream().filter(e -> e instanceof Effect.SendAdvert).count());
  }

  @Test
  void acceptedAdvertsKeepABackupDown() {
    instance.start();
    VrrpAdvert higher = VrrpAdvert.v3(7, 200, Duration.ofSeconds(1), spec.vipAddresses());
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofSeconds(1));
      instance.receive(VrrpMachineTest.ip("192.0.2.9"), higher);
    }
    assertEquals(VrrpState.BACKUP, instance.state());
    assertEquals(20, instance.stats().steps(TransitionReason.ADVERT_ACCEPTED));
  }

  @Test
  void stopLeavesNoTimerBehindOnceReleased() {
    instance.start();
    clock.advance(Duration.ofSeconds(5));
    instance.stop();
    assertTrue(instance.snapshot().releasing());
    clock.advance(Duration.ofSeconds(3));
    assertFalse(instance.snapshot().holdingVips());
    clock.assertNothingPending();
    assertTrue(effects.get(effects.size() - 1) instanceof Effect.RemoveVips);
  }

  @Test
  void unexpectedEventsAreCounted() {
    instance.start();
    instance.handle(VrrpEvent.ADVER_TIMER);
    instance.handle(VrrpEvent.RELEASE_TIMER);
    assertEquals(2, instance.stats().unexpectedEvents());
    assertEquals(VrrpState.BACKUP, instance.state());
  }

  @Test
  void rejectedAdvertsAreCountedPerReason() {
    instance.start();
    VrrpAdvert otherVrid = VrrpAdvert.v3(8, 200, Duration.ofSeconds(1), spec.vipAddresses());
    for (int i = 0; i < 3; i++) {
      instance.receive(VrrpMachineTest.ip("192.0.2.9"), otherVrid);
    }
    assertEquals(3, instance.stats().rejects(RejectReason.NOT_OUR_VRID));
    assertEquals(java.util.Map.of(RejectReason.NOT_OUR_VRID, 3L), instance.stats().rejectsByReason());
  }

  @Test
  void syncGroupDeliversThroughTheSchedulerNotInline() {
    InstanceSpec a = InstanceSpec.builder("a", 1).primaryAddress("192.0.2.5").vip("192.0.2.100/24").syncGroup("g")
        .track(TrackSpec.iface("eth1", 0)).build();
    InstanceSpec b = InstanceSpec.builder("b", 2).primaryAddress("192.0.2.5").vip("192.0.2.101/24").syncGroup("g").build();
    VrrpInstance ia = new VrrpInstance(a, clock, (s, e) -> { });
    VrrpInstance ib = new VrrpInstance(b, clock, (s, e) -> { });
    SyncGroup g = new SyncGroup("g", clock);
    g.add(ia);
    g.add(ib);
    ia.start();
    ib.start();
    clock.runDue();
    ia.track("eth1", new TrackInput.InterfaceState(false));
    assertEquals(VrrpState.FAULT, ia.state());
    assertEquals(VrrpState.BACKUP, ib.state(), "not yet: delivery is queued");
    clock.runDue();
    assertEquals(VrrpState.FAULT, ib.state());
    ia.track("eth1", new TrackInput.InterfaceState(true));
    clock.runDue();
    assertEquals(VrrpState.BACKUP, ia.state());
    assertEquals(VrrpState.BACKUP, ib.state(), "an inherited fault clears with its cause");
  }

  @Test
  void aLateAdverTimerIsSeenOnceAgainstItsDeadlineAndThePeriodIsKept() {
    // A scheduler whose wake-up comes 7 ms late once, as a starved thread's would.
    long[] extra = {0};
    Scheduler lateOnce = new Scheduler() {
      @Override
      public MonotonicClock clock() {
        return clock;
      }

      @Override
      public Cancellable schedule(long delayNanos, Runnable task) {
        long late = extra[0];
        extra[0] = 0;
        return clock.schedule(delayNanos + late, task);
      }
    };
    VrrpInstance master = new VrrpInstance(spec, lateOnce, (s, e) -> { });
    List<Long> lateness = new ArrayList<>();
    List<Long> sentAt = new ArrayList<>();
    master.addStepListener((inst, before, step) -> {
      if (step.reason() == TransitionReason.ADVERT_SENT) {
        assertEquals(TimerKind.ADVER, inst.firingTimer());
        lateness.add(clock.nanoTime() - inst.firingDeadlineNanos());
        sentAt.add(clock.nanoTime());
      }
    });
    master.start();
    clock.advance(Duration.ofSeconds(4)); // master, advertising every second
    lateness.clear();
    sentAt.clear();
    extra[0] = 7_000_000;
    clock.advance(Duration.ofSeconds(1)); // re-arms the timer late by 7 ms
    clock.advance(Duration.ofSeconds(3));
    assertEquals(List.of(0L, 7_000_000L, 0L, 0L), lateness, "late once, not early afterwards");
    assertEquals(1_000_000_000L - 7_000_000L, sentAt.get(2) - sentAt.get(1), "the next advert keeps the grid");
    assertEquals(null, master.firingTimer(), "outside a firing");
  }
}

