package io.tandem.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.vrrp.fsm.Effect.AddVips;
import io.tandem.vrrp.fsm.Effect.ArmTimer;
import io.tandem.vrrp.fsm.Effect.RemoveVips;
import io.tandem.vrrp.fsm.Effect.SendAdvert;
import io.tandem.vrrp.fsm.Effect.SendGratuitous;
import io.tandem.vrrp.packet.VrrpAdvert;
import io.tandem.vrrp.packet.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure step function, one rule at a time. */
class VrrpMachineTest {
  private static final InetAddress PEER_LOW = ip("192.0.2.1");
  private static final InetAddress PEER_HIGH = ip("192.0.2.9");

  static InetAddress ip(String s) {
    return VirtualAddress.parse(s).address();
  }

  private static InstanceSpec.Builder v3(int priority) {
    return InstanceSpec.builder("vi", 7).priority(priority).advertInterval(Duration.ofMillis(1000))
        .primaryAddress("192.0.2.5").vip("192.0.2.100/24");
  }

  private static VrrpAdvert advert(int priority, Duration interval) {
    return VrrpAdvert.v3(7, priority, interval, List.of(ip("192.0.2.100")));
  }

  private static <T extends Effect> T find(VrrpMachine.Step step, Class<T> type) {
    return step.effects().stream().filter(type::isInstance).map(type::cast).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + step.effects()));
  }

  private static Duration armed(VrrpMachine.Step step, TimerKind kind) {
    return step.effects().stream().filter(e -> e instanceof ArmTimer a && a.timer() == kind)
        .map(e -> ((ArmTimer) e).delay()).findFirst()
        .orElseThrow(() -> new AssertionError("no ArmTimer " + kind + " in " + step.effects()));
  }

  @Test
  void v3SkewAndMasterDownIntervalFollowRfc5798() {
    VrrpMachine m = new VrrpMachine(v3(100).build());
    // Skew_Time = ((256 − 100) × 1 s) / 256 = 609.375 ms; Master_Down_Interval = 3 s + skew.
    assertEquals(Duration.ofNanos(609_375_000), m.skewTime(100, Duration.ofSeconds(1)));
    assertEquals(Duration.ofNanos(3_609_375_000L), m.masterDownInterval(m.initial()));
    assertEquals(Duration.ofNanos(60_937_500), m.skewTime(100, Duration.ofMillis(100)));
  }

  @Test
  void v2SkewIsIndependentOfTheInterval() {
    VrrpMachine m = new VrrpMachine(v3(100).version(VrrpVersion.V2).advertInterval(Duration.ofSeconds(3)).build());
    // RFC 3768 §6.1: Skew_Time = (256 − Priority) / 256 seconds.
    assertEquals(Duration.ofNanos(609_375_000), m.skewTime(100, Duration.ofSeconds(3)));
    assertEquals(Duration.ofNanos(9_609_375_000L), m.masterDownInterval(m.initial()));
  }

  @Test
  void startupOfANonOwnerArmsMasterDown() {
    VrrpMachine m = new VrrpMachine(v3(100).build());
    VrrpMachine.Step s = m.step(m.initial(), VrrpEvent.STARTUP, 0);
    assertEquals(VrrpState.BACKUP, s.next().state());
    assertEquals(TransitionReason.STARTUP_AS_BACKUP, s.reason());
    assertEquals(m.masterDownInterval(s.next()), armed(s, TimerKind.MASTER_DOWN));
    assertFalse(s.effects().stream().anyMatch(e -> e instanceof SendAdvert));
  }

  @Test
  void ownerGoesStraightToMasterWithAdvertAndGratuitousBurst() {
    VrrpMachine m = new VrrpMachine(v3(255).gratuitousRepeat(3).build());
    VrrpMachine.Step s = m.step(m.initial(), VrrpEvent.STARTUP, 0);
    assertEquals(VrrpState.MASTER, s.next().state());
    assertEquals(TransitionReason.STARTUP_AS_OWNER, s.reason());
    assertEquals(255, find(s, SendAdvert.class).priority());
    assertEquals(List.of(VrrpMachine.IPV4_GROUP), find(s, SendAdvert.class).destinations());
    assertEquals(3, find(s, SendGratuitous.class).repeat());
    find(s, AddVips.class);
    assertEquals(Duration.ofSeconds(1), armed(s, TimerKind.ADVER));
    // VIPs go on first; hosts learn our MAC before a releasing master hears our advert and lets go.
    List<String> order = s.effects().stream().map(e -> e.getClass().getSimpleName())
        .filter(n -> List.of("AddVips", "SendAdvert", "SendGratuitous").contains(n)).toList();
    assertEquals(List.of("AddVips", "SendGratuitous", "SendAdvert"), order);
  }

  @Test
  void backupLearnsTheMasterAdverIntervalInV3() {
    VrrpMachine m = new VrrpMachine(v3(100).build());
    VrrpSnapshot backup = m.step(m.initial(), VrrpEvent.STARTUP, 0).next();
    VrrpMachine.Step s = m.step(backup, new VrrpEvent.AdvertReceived(PEER_HIGH, advert(200, Duration.ofMillis(200))), 5);
    assertEquals(Duration.ofMillis(200), s.next().masterAdverInterval());
    // 3 × 200 ms + (156 × 200 ms)/256 = 600 ms + 121.875 ms
    assertEquals(Duration.ofNanos(721_875_000), armed(s, TimerKind.MASTER_DOWN));
    assertEquals(PEER_HIGH, s.next().lastMaster());
  }

  @Test
  void backupReceivingPriorityZeroTakesOverAfterSkewTime() {
    VrrpMachine m = new VrrpMachine(v3(100).build());
    VrrpSnapshot backup = m.step(m.initial(), VrrpEvent.STARTUP, 0).next();
    VrrpMachine.Step s = m.step(backup, new VrrpEvent.AdvertReceived(PEER_HIGH, advert(0, Duration.ofSeconds(1))), 5);
    assertEquals(TransitionReason.PRIORITY_ZERO_SEEN, s.reason());
    assertEquals(m.skewTime(100, Duration.ofSeconds(1)), armed(s, TimerKind.MASTER_DOWN));
  }

  @Test
  void preemptingBackupIgnoresALowerMaster() {
    VrrpMachine m = new VrrpMachine(v3(100).build());
    VrrpSnapshot backup = m.step(m.initial(), VrrpEvent.STARTUP, 0).next();
    VrrpMachine.Step s = m.step(backup, new VrrpEvent.AdvertReceived(PEER_HIGH, advert(50, Duration.ofSeconds(1))), 5);
    assertEquals(TransitionReason.LOWER_PRIORITY_IGNORED, s.reason());
    assertTrue(s.effects().isEmpty(), "Master_Down must not be reset: " + s.effects());
  }

  @Test
  void nonPreemptingBackupFollowsALowerMaster() {
    VrrpMachine m = new VrrpMachine(v3(100).preempt(false).build());
    VrrpSnapshot backup = m.step(m.initial(), VrrpEvent.STARTUP, 0).next();
    VrrpMachine.Step s = m.step(backup, new VrrpEvent.AdvertReceived(PEER_HIGH, advert(50, Duration.ofSeconds(1))), 5);
    assertEquals(TransitionReason.ADVERT_ACCEPTED, s.reason());
    armed(s, TimerKind.MASTER_DOWN);
  }

  @Test
  void equalPriorityInBackupDoesNotPreempt() {
    VrrpMachine m = new VrrpMachine(v3(100).build());
    VrrpSnapshot backup = m.step(m.initial(), VrrpEvent.STARTUP, 0).next();
    VrrpMachine.Step s = m.step(backup, new VrrpEvent.AdvertReceived(PEER_LOW, advert(100, Duration.ofSeconds(1))), 5);
    assertEquals(TransitionReason.ADVERT_ACCEPTED, s.reason()); // RFC 5798 §6.4.2: ">= local Priority"
  }

  private static VrrpSnapshot master(VrrpMachine m) {
    VrrpSnapshot backup = m.step(m.initial(), VrrpEvent.STARTUP, 0).next();
    return m.step(backup, VrrpEvent.MASTER_DOWN_TIMER, 1).next();
  }

  @Test
  void masterYieldsToHigherPriorityAndDropsVips() {
    VrrpMachine m = new VrrpMachine(v3(100).build());
    VrrpMachine.Step s = m.step(master(m), new VrrpEvent.AdvertReceived(PEER_LOW, advert(101, Duration.ofMillis(500))), 5);
    assertEquals(VrrpState.BACKUP, s.next().state());
    assertEquals(TransitionReason.HIGHER_PRIORITY_MASTER, s.reason());
    find(s, RemoveVips.class);
    assertEquals(Duration.ofMillis(500), s.next().masterAdverInterval());
    // One farewell advert at our own priority, so the winner knows a second master existed, and
    // hosts that followed us are pointed at the winner.
    assertEquals(100, find(s, SendAdvert.class).priority());
    assertEquals(PEER_LOW, find(s, Effect.PointToNewMaster.class).newMaster());
  }

  @Test
  void equalPriorityTieGoesToTheHigherPrimaryAddress() {
    VrrpMachine m = new VrrpMachine(v3(100).build()); // we are 192.0.2.5
    VrrpMachine.Step lose = m.step(master(m), new VrrpEvent.AdvertReceived(PEER_HIGH, advert(100, Duration.ofSeconds(1))), 5);
    assertEquals(TransitionReason.EQUAL_PRIORITY_HIGHER_ADDRESS, lose.reason());
    assertEquals(VrrpState.BACKUP, lose.next().state());
    VrrpMachine.Step win = m.step(master(m), new VrrpEvent.AdvertReceived(PEER_LOW, advert(100, Duration.ofSeconds(1))), 5);
    assertEquals(VrrpState.MASTER, win.next().state());
  }

  @Test
  void masterHearingALowerMasterReannouncesItself() {
    VrrpMachine m = new VrrpMachine(v3(100).build());
    VrrpMachine.Step s = m.step(master(m), new VrrpEvent.AdvertReceived(PEER_HIGH, advert(90, Duration.ofSeconds(1))), 5);
    assertEquals(VrrpState.MASTER, s.next().state());
    assertEquals(TransitionReason.LOWER_PRIORITY_MASTER_REANNOUNCED, s.reason());
    assertEquals(100, find(s, SendAdvert.class).priority());
    find(s, SendGratuitous.class);
    assertEquals(new Effect.MasterReconfirmed(PEER_HIGH, 90), find(s, Effect.MasterReconfirmed.class));
  }

  @Test
  void oneConflictGetsOneBurstButEveryLowerAdvertIsAnswered() {
    VrrpMachine m = new VrrpMachine(v3(100).build()); // 1 s adverts: Master_Down_Interval 3.609 s
    VrrpAdvert lower = advert(90, Duration.ofSeconds(1));
    VrrpMachine.Step first = m.step(master(m), new VrrpEvent.AdvertReceived(PEER_HIGH, lower), 1_000_000_000L);
    assertEquals(TransitionReason.LOWER_PRIORITY_MASTER_REANNOUNCED, first.reason());
    // The loser's last advert as it steps down, 2 ms later: answered, no second burst or event.
    VrrpMachine.Step again = m.step(first.next(), new VrrpEvent.AdvertReceived(PEER_HIGH, lower), 1_002_000_000L);
    assertEquals(TransitionReason.LOWER_PRIORITY_MASTER_ANSWERED, again.reason());
    assertEquals(100, find(again, SendAdvert.class).priority());
    assertTrue(again.effects().stream().noneMatch(e -> e instanceof SendGratuitous || e instanceof Effect.MasterReconfirmed));
    // More than a Master_Down_Interval after the burst, a lower master is announced over again.
    VrrpMachine.Step later = m.step(again.next(), new VrrpEvent.AdvertReceived(PEER_HIGH, lower), 4_700_000_000L);
    assertEquals(TransitionReason.LOWER_PRIORITY_MASTER_REANNOUNCED, later.reason());
    find(later, SendGratuitous.class);
  }

  @Test
  void masterAnswersAPriorityZeroAdvertAtOnce() {
    VrrpMachine m = new VrrpMachine(v3(100).build());
    VrrpMachine.Step s = m.step(master(m), new VrrpEvent.AdvertReceived(PEER_HIGH, advert(0, Duration.ofSeconds(1))), 5);
    assertEquals(TransitionReason.PRIORITY_ZERO_SEEN, s.reason());
    assertEquals(100, find(s, SendAdvert.class).priority());
    assertEquals(Duration.ofSeconds(1), armed(s, TimerKind.ADVER));
  }

  @Test
  void shutdownSendsPriorityZeroAndReleasesAfterTheNewMastersFirstAdvert() {
    VrrpMachine m = new VrrpMachine(v3(100).build());
    VrrpMachine.Step stop = m.step(master(m), VrrpEvent.SHUTDOWN, 5);
    assertEquals(VrrpState.INITIALIZE, stop.next().state());
    assertEquals(0, find(stop, SendAdvert.class).priority());
    assertFalse(stop.effects().stream().anyMatch(e -> e instanceof RemoveVips), "VIPs are kept while releasing");
    assertTrue(stop.next().releasing());
    // Bound: the largest backup skew (priority 1) plus one interval.
    assertEquals(Duration.ofNanos(255 * 1_000_000_000L / 256).plusSeconds(1), armed(stop, TimerKind.RELEASE));

    VrrpMachine.Step heard = m.step(stop.next(), new VrrpEvent.AdvertReceived(PEER_HIGH, advert(90, Duration.ofSeconds(1))), 6);
    assertEquals(TransitionReason.RELEASE_COMPLETE, heard.reason());
    find(heard, RemoveVips.class);
    assertFalse(heard.next().holdingVips());
  }

  @Test
  void releaseEndsAtTheBoundWhenNoBackupAnswers() {
    VrrpMachine m = new VrrpMachine(v3(100).build());
    VrrpSnapshot stopped = m.step(master(m), VrrpEvent.SHUTDOWN, 5).next();
    VrrpMachine.Step s = m.step(stopped, VrrpEvent.RELEASE_TIMER, 6);
    assertEquals(TransitionReason.RELEASE_COMPLETE, s.reason());
    find(s, RemoveVips.class);
  }

  @Test
  void resignBecomesANonPreemptingBackup() {
    VrrpMachine m = new VrrpMachine(v3(200).build());
    VrrpMachine.Step s = m.step(master(m), VrrpEvent.RESIGN, 5);
    assertEquals(VrrpState.BACKUP, s.next().state());
    assertEquals(0, find(s, SendAdvert.class).priority());
    assertTrue(s.next().yielded());
    // A lower master is now followed instead of preempted.
    VrrpMachine.Step follow = m.step(s.next(), new VrrpEvent.AdvertReceived(PEER_HIGH, advert(100, Duration.ofSeconds(1))), 6);
    assertEquals(TransitionReason.ADVERT_ACCEPTED, follow.reason());
    find(follow, RemoveVips.class);
    armed(follow, TimerKind.MASTER_DOWN);
  }

  @Test
  void interfaceDownMakesAMasterFaultWithoutSending() {
    VrrpMachine m = new VrrpMachine(v3(100).build());
    VrrpMachine.Step s = m.step(master(m), VrrpEvent.INTERFACE_DOWN, 5);
    assertEquals(VrrpState.FAULT, s.next().state());
    assertEquals(TransitionReason.INTERFACE_DOWN, s.reason());
    find(s, RemoveVips.class);
    assertFalse(s.effects().stream().anyMatch(e -> e instanceof SendAdvert));
    VrrpMachine.Step up = m.step(s.next(), VrrpEvent.INTERFACE_UP, 6);
    assertEquals(VrrpState.BACKUP, up.next().state());
    assertEquals(TransitionReason.INTERFACE_UP, up.reason());
  }

  @Test
  void aFaultingTrackMakesTheMasterResignWithPriorityZero() {
    VrrpMachine m = new VrrpMachine(v3(100).track(TrackSpec.iface("uplink", 0)).build());
    VrrpMachine.Step s = m.step(master(m), new VrrpEvent.TrackChanged("uplink", new TrackInput.InterfaceState(false)), 5);
    assertEquals(VrrpState.FAULT, s.next().state());
    assertEquals(TransitionReason.TRACK_FAULT, s.reason());
    assertEquals(0, find(s, SendAdvert.class).priority());
  }

  @Test
  void trackWeightsMoveTheAdvertisedPriority() {
    VrrpMachine m = new VrrpMachine(v3(100).track(TrackSpec.iface("uplink", -30)).build());
    VrrpSnapshot s = m.step(master(m), new VrrpEvent.TrackChanged("uplink", new TrackInput.InterfaceState(false)), 5).next();
    assertEquals(VrrpState.MASTER, s.state());
    assertEquals(70, m.effectivePriority(s));
    assertEquals(70, find(m.step(s, VrrpEvent.ADVER_TIMER, 6), SendAdvert.class).priority());
  }

  @Test
  void eventsThatDoNotBelongAreReportedAsUnexpected() {
    VrrpMachine m = new VrrpMachine(v3(100).build());
    VrrpSnapshot backup = m.step(m.initial(), VrrpEvent.STARTUP, 0).next();
    assertEquals(TransitionReason.UNEXPECTED_EVENT, m.step(backup, VrrpEvent.ADVER_TIMER, 1).reason());
    assertEquals(TransitionReason.UNEXPECTED_EVENT, m.step(backup, VrrpEvent.STARTUP, 1).reason());
    assertEquals(TransitionReason.UNEXPECTED_EVENT, m.step(backup, VrrpEvent.RESIGN, 1).reason());
    assertEquals(TransitionReason.UNEXPECTED_EVENT, m.step(m.initial(), VrrpEvent.MASTER_DOWN_TIMER, 1).reason());
    assertEquals(TransitionReason.UNEXPECTED_EVENT,
        m.step(backup, new VrrpEvent.TrackChanged("nope", new TrackInput.InterfaceState(false)), 1).reason());
  }

  @Test
  void rejectedAdvertsChangeNothingAndSayWhy() {
    VrrpMachine m = new VrrpMachine(v3(100).unicastPeer("192.0.2.6").build());
    VrrpSnapshot backup = m.step(m.initial(), VrrpEvent.STARTUP, 0).next();
    VrrpMachine.Step s = m.step(backup, new VrrpEvent.AdvertReceived(PEER_HIGH, advert(200, Duration.ofSeconds(1))), 1);
    assertEquals(TransitionReason.ADVERT_REJECTED, s.reason());
    assertEquals(RejectReason.UNICAST_PEER_NOT_LISTED, assertInstanceOf(Effect.AdvertAnomaly.class, s.effects().get(0)).reason());
    assertEquals(backup, s.next());
  }
}
