package io.tandem.vrrp.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.vrrp.fsm.InstanceSpec;
import io.tandem.vrrp.fsm.RejectReason;
import io.tandem.vrrp.fsm.TrackInput;
import io.tandem.vrrp.fsm.TrackSpec;
import io.tandem.vrrp.fsm.TransitionReason;
import io.tandem.vrrp.fsm.VrrpState;
import io.tandem.vrrp.packet.VrrpVersion;
import io.tandem.vrrp.sim.SimSegment.Node;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The classic VRRP cases, each on a clean simulated segment (0.2 ms delivery delay) with exact virtual timings. */
class VrrpScenarioTest {
  private static final long DELIVERY_NANOS = 200_000;
  private final SimSegment seg = new SimSegment(1, 2000);

  private static InstanceSpec.Builder node(String name, int lastOctet, int priority) {
    return InstanceSpec.builder(name, 51).priority(priority).primaryAddress("192.0.2." + lastOctet).vip("192.0.2.100/24");
  }

  private Node add(InstanceSpec.Builder b) {
    return seg.addNode(b.build());
  }

  private void run(Duration d) {
    seg.run(d);
  }

  @AfterEach
  void noInvariantBroken() {
    assertTrue(seg.violations().isEmpty(), () -> seg.violations() + "\n" + seg.formatTrace());
    assertEquals(0, seg.unexpectedEvents(), seg::formatTrace);
  }

  @Test
  void addressOwnerBecomesMasterAtOnceAndTheOldMasterYields() {
    Node backup = add(node("b", 1, 100));
    Node owner = add(node("owner", 2, 255));
    seg.start(backup);
    run(Duration.ofSeconds(5));
    assertEquals(VrrpState.MASTER, backup.state());
    seg.start(owner);
    assertEquals(VrrpState.MASTER, owner.state(), "the owner does not wait for Master_Down");
    assertEquals(TransitionReason.STARTUP_AS_OWNER, owner.transitions().get(0).reason());
    run(Duration.ofMillis(1));
    assertEquals(VrrpState.BACKUP, backup.state());
    assertFalse(backup.holdingVips());
  }

  @Test
  void equalPrioritiesStartingTogetherLeaveTheHigherAddressMaster() {
    Node low = add(node("low", 1, 100));
    Node high = add(node("high", 2, 100));
    seg.start(low);
    seg.start(high);
    run(Duration.ofSeconds(10));
    assertEquals(VrrpState.MASTER, high.state());
    assertEquals(VrrpState.BACKUP, low.state());
    assertEquals(TransitionReason.EQUAL_PRIORITY_HIGHER_ADDRESS, low.transitions().get(low.transitions().size() - 1).reason());
    assertTrue(high.holdingVips());
    assertFalse(low.holdingVips());
  }

  @Test
  void preemptDelayHoldsOffTheTakeover() {
    Node low = add(node("low", 1, 100));
    Node high = add(node("high", 2, 200).preemptDelay(Duration.ofSeconds(5)));
    seg.start(low);
    run(Duration.ofSeconds(5));
    seg.start(high);
    long joined = seg.clock.nanoTime();
    run(Duration.ofMillis(5500)); // the delay started at the first advert heard, within one interval
    assertEquals(VrrpState.BACKUP, high.state(), "taking over before the preempt delay");
    run(Duration.ofSeconds(1));
    assertEquals(VrrpState.MASTER, high.state());
    assertEquals(TransitionReason.PREEMPT_DELAY_EXPIRED, high.transitions().get(high.transitions().size() - 1).reason());
    long tookOver = high.lastTransitionTo(VrrpState.MASTER) - joined;
    assertTrue(tookOver >= 5_000_000_000L && tookOver <= 6_000_000_000L, "took over after " + tookOver + " ns");
    run(Duration.ofMillis(1));
    assertEquals(VrrpState.BACKUP, low.state());
  }

  @Test
  void withoutPreemptionAHigherBackupNeverTakesOver() {
    Node low = add(node("low", 1, 100));
    Node high = add(node("high", 2, 200).preempt(false));
    seg.start(low);
    run(Duration.ofSeconds(5));
    seg.start(high);
    run(Duration.ofSeconds(60));
    assertEquals(VrrpState.MASTER, low.state());
    assertEquals(VrrpState.BACKUP, high.state());
    assertEquals(1, high.transitions().size());
  }

  @Test
  void v2IntervalMismatchIsDroppedAndCountedOnBothSides() {
    Node a = add(node("a", 1, 100).version(VrrpVersion.V2).advertInterval(Duration.ofSeconds(1)));
    Node b = add(node("b", 2, 200).version(VrrpVersion.V2).advertInterval(Duration.ofSeconds(2)));
    seg.start(a);
    seg.start(b);
    run(Duration.ofSeconds(20));
    // Neither accepts the other (RFC 3768 §7.1), so both end up master, as keepalived does.
    assertEquals(VrrpState.MASTER, a.state());
    assertEquals(VrrpState.MASTER, b.state());
    assertTrue(a.instance().stats().rejects(RejectReason.INTERVAL_MISMATCH) > 0);
    assertTrue(b.instance().stats().rejects(RejectReason.INTERVAL_MISMATCH) > 0);
  }

  @Test
  void v3BackupLearnsTheMastersIntervalInsteadOfTimingOut() {
    Node master = add(node("m", 1, 200).advertInterval(Duration.ofSeconds(1)));
    Node fast = add(node("fast", 2, 100).advertInterval(Duration.ofMillis(100)));
    seg.start(master);
    run(Duration.ofSeconds(5));
    seg.start(fast);
    run(Duration.ofSeconds(20));
    assertEquals(VrrpState.BACKUP, fast.state());
    assertEquals(Duration.ofSeconds(1), fast.instance().snapshot().masterAdverInterval());
    assertEquals(1, fast.transitions().size());
  }

  @Test
  void priorityZeroHandoverTakesExactlySkewTime() {
    Node master = add(node("m", 1, 200));
    Node backup = add(node("b", 2, 100));
    seg.start(master);
    run(Duration.ofSeconds(5));
    seg.start(backup);
    run(Duration.ofMillis(10_250));
    long stoppedAt = seg.clock.nanoTime();
    seg.stop(master);
    // RFC 5798 §6.4.2: Skew_Time = (256 − 100) × 1 s / 256 = 609.375 ms after the priority-0 advert arrives.
    long expected = stoppedAt + DELIVERY_NANOS + 609_375_000L;
    run(Duration.ofMillis(609));
    assertEquals(VrrpState.BACKUP, backup.state());
    assertTrue(master.holdingVips(), "the stopping master keeps the VIPs until the new one is heard");
    run(Duration.ofMillis(2));
    assertEquals(VrrpState.MASTER, backup.state());
    assertEquals(expected, backup.lastTransitionTo(VrrpState.MASTER));
    assertEquals(TransitionReason.MASTER_DOWN_TIMER_EXPIRED, backup.transitions().get(backup.transitions().size() - 1).reason());
    run(Duration.ofMillis(1));
    assertFalse(master.holdingVips(), "released once the new master's advert arrived");
  }

  @Test
  void crashedMasterIsReplacedAfterMasterDownInterval() {
    Node master = add(node("m", 1, 200).advertInterval(Duration.ofMillis(100)));
    Node backup = add(node("b", 2, 100).advertInterval(Duration.ofMillis(100)));
    seg.start(master);
    run(Duration.ofSeconds(1));
    seg.start(backup);
    run(Duration.ofMillis(2_050));
    long lastAdvert = master.lastSendNanos();
    seg.crash(master);
    run(Duration.ofSeconds(1));
    // 3 × 100 ms + (156 × 100 ms)/256 = 360.9375 ms after the last advert arrived.
    assertEquals(lastAdvert + DELIVERY_NANOS + 360_937_500L, backup.lastTransitionTo(VrrpState.MASTER));
  }

  @Test
  void syncGroupMembersMoveTogether() {
    Node a1 = add(node("a1", 1, 200).syncGroup("g1").track(TrackSpec.iface("uplink", 0)));
    Node b1 = add(InstanceSpec.builder("b1", 52).priority(200).primaryAddress("192.0.2.1").vip("192.0.2.101/24").syncGroup("g1"));
    Node a2 = add(node("a2", 2, 100).syncGroup("g2"));
    Node b2 = add(InstanceSpec.builder("b2", 52).priority(100).primaryAddress("192.0.2.2").vip("192.0.2.101/24").syncGroup("g2"));
    seg.syncGroup("g1", a1, b1);
    seg.syncGroup("g2", a2, b2);
    seg.nodes().forEach(seg::start);
    run(Duration.ofSeconds(10));
    assertEquals(VrrpState.MASTER, a1.state());
    assertEquals(VrrpState.MASTER, b1.state());

    seg.track(a1, "uplink", new TrackInput.InterfaceState(false));
    run(Duration.ofMillis(1));
    assertEquals(VrrpState.FAULT, a1.state());
    assertEquals(VrrpState.FAULT, b1.state(), "one member in FAULT takes the group down");
    assertEquals(TransitionReason.SYNC_GROUP_FAULT, b1.transitions().get(b1.transitions().size() - 1).reason());
    assertFalse(b1.holdingVips());
    run(Duration.ofSeconds(2));
    assertEquals(VrrpState.MASTER, a2.state());
    assertEquals(VrrpState.MASTER, b2.state());

    seg.track(a1, "uplink", new TrackInput.InterfaceState(true));
    run(Duration.ofSeconds(10));
    assertEquals(VrrpState.MASTER, a1.state());
    assertEquals(VrrpState.MASTER, b1.state());
    assertEquals(VrrpState.BACKUP, a2.state());
    assertEquals(VrrpState.BACKUP, b2.state());
  }

  @Test
  void syncGroupPullsABackupMemberUpWhenAnotherBecomesMaster() {
    // a1 (100 ms adverts) preempts a2 quickly; b1 (1 s adverts) follows it at once instead of after ~3.2 s.
    Node a1 = add(node("a1", 1, 200).advertInterval(Duration.ofMillis(100)).syncGroup("g1"));
    Node b1 = add(InstanceSpec.builder("b1", 52).priority(200).primaryAddress("192.0.2.1").vip("192.0.2.101/24").syncGroup("g1"));
    Node a2 = add(node("a2", 2, 100).advertInterval(Duration.ofMillis(100)).syncGroup("g2"));
    Node b2 = add(InstanceSpec.builder("b2", 52).priority(100).primaryAddress("192.0.2.2").vip("192.0.2.101/24").syncGroup("g2"));
    seg.syncGroup("g1", a1, b1);
    seg.syncGroup("g2", a2, b2);
    seg.start(a2);
    seg.start(b2);
    run(Duration.ofSeconds(5));
    seg.start(a1);
    seg.start(b1);
    long started = seg.clock.nanoTime();
    run(Duration.ofMillis(500));
    assertEquals(VrrpState.MASTER, a1.state());
    assertEquals(VrrpState.MASTER, b1.state());
    assertEquals(TransitionReason.SYNC_GROUP_MASTER, b1.transitions().get(b1.transitions().size() - 1).reason());
    assertTrue(b1.lastTransitionTo(VrrpState.MASTER) - started < 500_000_000L);
    assertEquals(VrrpState.BACKUP, a2.state());
    assertEquals(VrrpState.BACKUP, b2.state());
    run(Duration.ofSeconds(10));
    assertEquals(1, b2.transitions().stream().filter(t -> t.to() == VrrpState.BACKUP && t.from() == VrrpState.MASTER).count(),
        "no flapping");
  }

  @Test
  void unicastAdvertsFromUnlistedPeersAreDroppedAndCounted() {
    Node a = add(node("a", 1, 200).unicastPeer("192.0.2.2"));
    Node b = add(node("b", 2, 100).unicastPeer("192.0.2.1"));
    Node stranger = add(node("stranger", 3, 250).unicastPeer("192.0.2.1"));
    seg.nodes().forEach(seg::start);
    run(Duration.ofSeconds(10));
    assertEquals(VrrpState.MASTER, a.state(), "a must not yield to a peer it does not list");
    assertEquals(VrrpState.BACKUP, b.state());
    assertEquals(VrrpState.MASTER, stranger.state());
    assertTrue(a.instance().stats().rejects(RejectReason.UNICAST_PEER_NOT_LISTED) >= 5);
    assertEquals(0, b.instance().stats().rejects(RejectReason.UNICAST_PEER_NOT_LISTED), "unicast goes to listed peers only");
  }

  @Test
  void splitBrainHealsWithTheWinnerReannouncing() {
    Node high = add(node("high", 1, 200));
    Node low = add(node("low", 2, 100));
    seg.start(high);
    seg.start(low);
    run(Duration.ofSeconds(5));
    seg.partition(0, 1);
    run(Duration.ofSeconds(6));
    assertEquals(VrrpState.MASTER, high.state());
    assertEquals(VrrpState.MASTER, low.state());
    long lowNext = low.lastSendNanos() + 1_000_000_000L;
    long highNext = high.lastSendNanos() + 1_000_000_000L;
    assertTrue(Math.abs(lowNext - highNext) > 10_000_000L, "phases too close for this scenario");
    seg.run(Duration.ofNanos(lowNext - seg.clock.nanoTime() - 1_000_000)); // heal 1 ms before low's advert
    long burstsBefore = high.gratuitousBursts();
    seg.heal();
    run(Duration.ofMillis(5));
    // Everything high sent before the heal was lost, so low speaks first: high stays master and
    // re-announces; low yields to that and sends its farewell advert, which high answers with an
    // advert only: one burst and one "master reconfirmed" per conflict.
    assertEquals(1, high.reconfirmations());
    assertEquals(burstsBefore + 1, high.gratuitousBursts());
    assertEquals(1, high.instance().stats().steps(TransitionReason.LOWER_PRIORITY_MASTER_ANSWERED));
    assertEquals(VrrpState.BACKUP, low.state(), "low yields to high's re-announce at once");
    run(Duration.ofSeconds(2));
    assertEquals(VrrpState.MASTER, high.state());
    assertEquals(VrrpState.BACKUP, low.state());
    assertTrue(high.holdingVips());
    assertFalse(low.holdingVips());
  }

  @Test
  void splitBrainHealsLoudlyEvenWhenTheWinnerSpeaksFirst() {
    Node high = add(node("high", 1, 200));
    Node low = add(node("low", 2, 100));
    seg.start(high);
    seg.start(low);
    run(Duration.ofSeconds(5));
    seg.partition(0, 1);
    run(Duration.ofSeconds(6));
    assertEquals(VrrpState.MASTER, low.state());
    long lowNext = low.lastSendNanos() + 1_000_000_000L;
    long highNext = high.lastSendNanos() + 1_000_000_000L;
    assertTrue(Math.abs(lowNext - highNext) > 10_000_000L, "phases too close for this scenario");
    seg.run(Duration.ofNanos(highNext - seg.clock.nanoTime() - 1_000_000)); // heal 1 ms before high's advert
    long burstsBefore = high.gratuitousBursts();
    seg.heal();
    run(Duration.ofMillis(5));
    // high speaks first and low yields; without low's farewell advert high would never learn that
    // hosts may still follow low's gratuitous burst.
    assertEquals(VrrpState.BACKUP, low.state());
    assertEquals(1, high.reconfirmations(), "the winner re-announced");
    assertEquals(burstsBefore + 1, high.gratuitousBursts());
    assertEquals(1, low.handOffBursts(), "the loser pointed its hosts at the winner");
    run(Duration.ofSeconds(2));
    assertEquals(VrrpState.MASTER, high.state());
    assertFalse(low.holdingVips());
  }

  @Test
  void gracefulStopWithNoBackupReleasesAtTheBound() {
    Node alone = add(node("alone", 1, 100));
    seg.start(alone);
    run(Duration.ofSeconds(5));
    seg.stop(alone);
    // Bound = largest backup skew (255/256 s) + one interval = 1.99609375 s.
    run(Duration.ofMillis(1996));
    assertTrue(alone.holdingVips());
    run(Duration.ofMillis(1));
    assertFalse(alone.holdingVips());
  }

  @Test
  void linkLossPutsTheMasterInFaultAndTheBackupTakesOver() {
    Node master = add(node("m", 1, 200));
    Node backup = add(node("b", 2, 100));
    seg.start(master);
    seg.start(backup);
    run(Duration.ofSeconds(5));
    seg.link(master, false);
    assertEquals(VrrpState.FAULT, master.state());
    assertFalse(master.holdingVips());
    run(Duration.ofSeconds(4));
    assertEquals(VrrpState.MASTER, backup.state());
    seg.link(master, true);
    run(Duration.ofSeconds(5));
    assertEquals(VrrpState.MASTER, master.state(), "preempts back after the fault clears");
    assertEquals(VrrpState.BACKUP, backup.state());
  }

  @Test
  void resignHandsOverAndDoesNotPreemptBack() {
    Node high = add(node("high", 1, 200));
    Node low = add(node("low", 2, 100));
    seg.start(high);
    seg.start(low);
    run(Duration.ofSeconds(5));
    seg.resign(high);
    run(Duration.ofSeconds(1));
    assertEquals(VrrpState.MASTER, low.state());
    assertEquals(VrrpState.BACKUP, high.state());
    run(Duration.ofSeconds(30));
    assertEquals(VrrpState.MASTER, low.state(), "a resigned node must not preempt back");
    assertFalse(high.holdingVips());
  }
}
