package io.tandem.vrrp.fsm;

import io.tandem.vrrp.fsm.Effect.AddVips;
import io.tandem.vrrp.fsm.Effect.ArmTimer;
import io.tandem.vrrp.fsm.Effect.CancelTimer;
import io.tandem.vrrp.fsm.Effect.Notify;
import io.tandem.vrrp.fsm.Effect.RemoveVips;
import io.tandem.vrrp.fsm.Effect.SendAdvert;
import io.tandem.vrrp.fsm.Effect.SendGratuitous;
import io.tandem.vrrp.packet.IpFamily;
import io.tandem.vrrp.packet.VrrpAdvert;
import io.tandem.vrrp.packet.VrrpVersion;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The pure VRRP state machine of one instance: {@link #step} maps (snapshot, event, now) to the next
 * snapshot, a reason and the effects. No I/O, no clock reads, no mutable state.
 */
public final class VrrpMachine {
  /** RFC 5798 §5.1.1.2: IPv4 multicast group 224.0.0.18. */
  public static final InetAddress IPV4_GROUP = literal(new byte[] {(byte) 224, 0, 0, 18});
  /** RFC 5798 §5.1.2.2: IPv6 multicast group ff02::12. */
  public static final InetAddress IPV6_GROUP =
      literal(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** The result of one step. */
  public record Step(VrrpState from, VrrpSnapshot next, TransitionReason reason, List<Effect> effects) {
    public Step {
      Objects.requireNonNull(next, "next");
      Objects.requireNonNull(reason, "reason");
      effects = List.copyOf(effects);
    }

    public boolean stateChanged() {
      return from != next.state();
    }
  }

  private final InstanceSpec spec;
  private final List<InetAddress> destinations;

  public VrrpMachine(InstanceSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.destinations = spec.isUnicast() ? spec.unicastPeers()
        : List.of(spec.family() == IpFamily.IPV4 ? IPV4_GROUP : IPV6_GROUP);
  }

  public InstanceSpec spec() {
    return spec;
  }

  public VrrpSnapshot initial() {
    return VrrpSnapshot.initial(spec);
  }

  /** True when the interface is down, a track forces FAULT, or a sync group member has a fault of its own. */
  public boolean faulted(VrrpSnapshot s) {
    return ownFault(s) || !s.syncFaultPeers().isEmpty();
  }

  /** A fault of this instance itself (interface down or a track), not inherited from its sync group. */
  public boolean ownFault(VrrpSnapshot s) {
    return !s.interfaceUp() || s.tracks().faulted();
  }

  /** The priority we advertise: base + track weights, clamped (see {@link TrackState#effectivePriority}). */
  public int effectivePriority(VrrpSnapshot s) {
    return s.tracks().effectivePriority(spec.basePriority());
  }

  /**
   * Skew_Time for {@code priority}. RFC 5798 §6.1: ((256 − Priority) × Master_Adver_Interval) / 256;
   * RFC 3768 §6.1: (256 − Priority) / 256 seconds.
   */
  public Duration skewTime(int priority, Duration masterAdverInterval) {
    long unit = spec.version() == VrrpVersion.V3 ? masterAdverInterval.toNanos() : NANOS_PER_SECOND;
    return Duration.ofNanos((256 - priority) * unit / 256);
  }

  /** Master_Down_Interval = 3 × Master_Adver_Interval + Skew_Time (RFC 5798 §6.1, RFC 3768 §6.1). */
  public Duration masterDownInterval(VrrpSnapshot s) {
    return s.masterAdverInterval().multipliedBy(3).plus(skewTime(effectivePriority(s), s.masterAdverInterval()));
  }

  /**
   * How long a releasing node keeps its VIPs at most after sending priority 0: the largest Skew_Time
   * any backup can have (priority 1) plus one interval for its first advert to arrive.
   */
  public Duration releaseBound(VrrpSnapshot s) {
    return skewTime(1, s.masterAdverInterval()).plus(s.masterAdverInterval());
  }

  /** The advert this instance sends with {@code priority}. */
  public VrrpAdvert advert(int priority) {
    return spec.version() == VrrpVersion.V2
        ? VrrpAdvert.v2(spec.vrid(), priority, spec.advertInterval(), spec.vipAddresses(), spec.authPassword())
        : VrrpAdvert.v3(spec.vrid(), priority, spec.advertInterval(), spec.vipAddresses());
  }

  /** Where adverts go: the multicast group, or the unicast peers. */
  public List<InetAddress> destinations() {
    return destinations;
  }

  /** The one transition function. */
  public Step step(VrrpSnapshot s, VrrpEvent event, long nowNanos) {
    return switch (event) {
      case VrrpEvent.Startup e -> onStartup(s);
      case VrrpEvent.Shutdown e -> onShutdown(s);
      case VrrpEvent.Resign e -> onResign(s);
      case VrrpEvent.AdvertReceived e -> onAdvert(s, e.source(), e.advert(), nowNanos);
      case VrrpEvent.MasterDownTimerFired e -> s.state() == VrrpState.BACKUP
          ? becomeMaster(s, new ArrayList<>(), TransitionReason.MASTER_DOWN_TIMER_EXPIRED)
          : unexpected(s);
      case VrrpEvent.AdverTimerFired e -> onAdverTimer(s);
      case VrrpEvent.PreemptDelayExpired e -> onPreemptDelayExpired(s);
      case VrrpEvent.ReleaseTimerFired e -> s.releasing()
          ? new Step(s.state(), s.withVips(false, false), TransitionReason.RELEASE_COMPLETE, List.of(new RemoveVips(spec.vips())))
          : unexpected(s);
      case VrrpEvent.InterfaceUp e -> onConditionChange(s, s.withInterfaceUp(true), TransitionReason.INTERFACE_UP);
      case VrrpEvent.InterfaceDown e -> onConditionChange(s, s.withInterfaceUp(false), TransitionReason.INTERFACE_DOWN);
      case VrrpEvent.TrackChanged e -> onTrack(s, e);
      case VrrpEvent.SyncPeerChanged e -> onSyncPeer(s, e);
    };
  }

  // --- events ---------------------------------------------------------------------------------

  /** RFC 5798 §6.4.1: the owner goes straight to MASTER, everyone else to BACKUP. */
  private Step onStartup(VrrpSnapshot s) {
    if (s.state() != VrrpState.INITIALIZE) {
      return unexpected(s);
    }
    return start(s, new ArrayList<>(), spec.isAddressOwner() ? TransitionReason.STARTUP_AS_OWNER : TransitionReason.STARTUP_AS_BACKUP);
  }

  /** Startup and leaving FAULT take the same path. */
  private Step start(VrrpSnapshot s, List<Effect> effects, TransitionReason reason) {
    if (faulted(s)) {
      return goFault(s, effects, faultReason(s), false);
    }
    if (spec.isAddressOwner()) {
      return becomeMaster(s, effects, reason);
    }
    return becomeBackup(s.withMasterAdverInterval(spec.advertInterval()), effects, reason);
  }

  /**
   * RFC 5798 §6.4.3 Shutdown as master: cancel Adver_Timer, send priority 0, go to INITIALIZE. The
   * VIPs are not removed yet: see {@link #startRelease}.
   */
  private Step onShutdown(VrrpSnapshot s) {
    List<Effect> effects = new ArrayList<>();
    switch (s.state()) {
      case INITIALIZE -> {
        return unexpected(s);
      }
      case MASTER -> {
        s = startRelease(s, effects);
      }
      case BACKUP -> {
        effects.add(new CancelTimer(TimerKind.MASTER_DOWN));
        if (s.preemptDelayRunning()) {
          effects.add(new CancelTimer(TimerKind.PREEMPT_DELAY));
        }
      }
      case FAULT -> { }
    }
    effects.add(new Notify(s.state(), VrrpState.INITIALIZE, TransitionReason.SHUTDOWN));
    return new Step(s.state(), s.withState(VrrpState.INITIALIZE).withPreemptDelayRunning(false), TransitionReason.SHUTDOWN, effects);
  }

  /** Planned handover: like shutdown, but stay up as a backup that does not preempt back. */
  private Step onResign(VrrpSnapshot s) {
    if (s.state() != VrrpState.MASTER) {
      return unexpected(s);
    }
    List<Effect> effects = new ArrayList<>();
    VrrpSnapshot next = startRelease(s, effects).withYielded(true).withState(VrrpState.BACKUP);
    effects.add(new ArmTimer(TimerKind.MASTER_DOWN, masterDownInterval(next)));
    effects.add(new Notify(VrrpState.MASTER, VrrpState.BACKUP, TransitionReason.RESIGNED));
    return new Step(VrrpState.MASTER, next, TransitionReason.RESIGNED, effects);
  }

  /**
   * Graceful release (our choice for zero-loss handover): send priority 0 so backups take over after
   * their Skew_Time (RFC 5798 §6.4.2), but keep the VIPs until the new master's first advert arrives
   * (its gratuitous burst follows it) or {@link #releaseBound} passes. Removing them at once would
   * drop every packet sent to us during the backup's skew time.
   */
  private VrrpSnapshot startRelease(VrrpSnapshot s, List<Effect> effects) {
    effects.add(new CancelTimer(TimerKind.ADVER));
    effects.add(new SendAdvert(advert(0), destinations));
    effects.add(new ArmTimer(TimerKind.RELEASE, releaseBound(s)));
    return s.withVips(true, true);
  }

  private Step onAdverTimer(VrrpSnapshot s) {
    if (s.state() != VrrpState.MASTER) {
      return unexpected(s);
    }
    // RFC 5798 §6.4.3: send an ADVERTISEMENT, reset the Adver_Timer to Advertisement_Interval.
    return new Step(s.state(), s, TransitionReason.ADVERT_SENT, List.of(
        new SendAdvert(advert(effectivePriority(s)), destinations),
        new ArmTimer(TimerKind.ADVER, spec.advertInterval())));
  }

  private Step onPreemptDelayExpired(VrrpSnapshot s) {
    if (s.state() != VrrpState.BACKUP || !s.preemptDelayRunning()) {
      return unexpected(s);
    }
    VrrpSnapshot next = s.withPreemptDelayRunning(false);
    if (s.lastMaster() != null && s.lastMasterPriority() < effectivePriority(s) && preempts(s)) {
      return becomeMaster(next, new ArrayList<>(), TransitionReason.PREEMPT_DELAY_EXPIRED);
    }
    return new Step(s.state(), next, TransitionReason.PREEMPT_NOT_NEEDED, List.of());
  }

  private Step onAdvert(VrrpSnapshot s, InetAddress source, VrrpAdvert advert, long nowNanos) {
    AdvertAcceptance.Verdict verdict = AdvertAcceptance.check(spec, source, advert);
    if (!verdict.accepted()) {
      return new Step(s.state(), s, TransitionReason.ADVERT_REJECTED,
          List.of(new Effect.AdvertAnomaly(verdict.reason(), true, verdict.detail())));
    }
    List<Effect> effects = new ArrayList<>();
    if (verdict.warning() != null) {
      effects.add(new Effect.AdvertAnomaly(verdict.warning(), false, verdict.warningDetail()));
    }
    boolean releaseDone = false;
    if (s.releasing() && advert.priority() > 0) {
      // The new master is advertising (and has sent its gratuitous burst): let go of the VIPs now.
      effects.add(new CancelTimer(TimerKind.RELEASE));
      effects.add(new RemoveVips(spec.vips()));
      s = s.withVips(false, false);
      releaseDone = true;
    }
    int myPriority = effectivePriority(s);
    return switch (s.state()) {
      case INITIALIZE -> {
        if (releaseDone) {
          yield new Step(s.state(), s, TransitionReason.RELEASE_COMPLETE, effects);
        }
        // Still releasing and another master resigned too: keep the VIPs until the bound.
        yield s.releasing() ? new Step(s.state(), s, TransitionReason.PRIORITY_ZERO_SEEN, effects) : unexpected(s);
      }
      case FAULT -> new Step(s.state(), s, TransitionReason.ADVERT_IGNORED_IN_FAULT, effects);
      case BACKUP -> backupReceives(s, source, advert, myPriority, nowNanos, effects);
      case MASTER -> masterReceives(s, source, advert, myPriority, effects, nowNanos);
    };
  }

  /** RFC 5798 §6.4.2 / RFC 3768 §6.4.2, with preempt delay. */
  private Step backupReceives(VrrpSnapshot s, InetAddress source, VrrpAdvert advert, int myPriority, long nowNanos,
      List<Effect> effects) {
    if (advert.priority() == 0) {
      // The master is resigning: take over after Skew_Time, so the highest backup wins first.
      effects.add(new ArmTimer(TimerKind.MASTER_DOWN, skewTime(myPriority, s.masterAdverInterval())));
      return new Step(s.state(), s, TransitionReason.PRIORITY_ZERO_SEEN, effects);
    }
    VrrpSnapshot seen = s.withLastMaster(source, advert.priority(), nowNanos);
    boolean lower = advert.priority() < myPriority;
    if (!preempts(s) || !lower) {
      if (spec.version() == VrrpVersion.V3) {
        seen = seen.withMasterAdverInterval(advert.advertInterval()); // learn Master_Adver_Interval
      }
      if (seen.preemptDelayRunning()) {
        effects.add(new CancelTimer(TimerKind.PREEMPT_DELAY));
        seen = seen.withPreemptDelayRunning(false);
      }
      effects.add(new ArmTimer(TimerKind.MASTER_DOWN, masterDownInterval(seen)));
      return new Step(s.state(), seen, TransitionReason.ADVERT_ACCEPTED, effects);
    }
    // A lower-priority master and we preempt.
    if (!spec.isAddressOwner() && spec.preemptDelay().isPositive()) {
      // Keep following the lower master until the delay has passed (the owner never waits).
      if (spec.version() == VrrpVersion.V3) {
        seen = seen.withMasterAdverInterval(advert.advertInterval());
      }
      effects.add(new ArmTimer(TimerKind.MASTER_DOWN, masterDownInterval(seen)));
      if (seen.preemptDelayRunning()) {
        return new Step(s.state(), seen, TransitionReason.ADVERT_ACCEPTED, effects);
      }
      effects.add(new ArmTimer(TimerKind.PREEMPT_DELAY, spec.preemptDelay()));
      return new Step(s.state(), seen.withPreemptDelayRunning(true), TransitionReason.PREEMPT_DELAY_STARTED, effects);
    }
    // RFC: discard; the Master_Down timer (not reset) makes us master.
    return new Step(s.state(), seen, TransitionReason.LOWER_PRIORITY_IGNORED, effects);
  }

  /** RFC 5798 §6.4.3, plus re-announcing when a lower master shows up (split brain healing). */
  private Step masterReceives(VrrpSnapshot s, InetAddress source, VrrpAdvert advert, int myPriority, List<Effect> effects,
      long nowNanos) {
    if (advert.priority() == 0) {
      // Another master resigned: answer at once so backups do not take over after their skew.
      effects.add(new SendAdvert(advert(myPriority), destinations));
      effects.add(new ArmTimer(TimerKind.ADVER, spec.advertInterval()));
      return new Step(s.state(), s, TransitionReason.PRIORITY_ZERO_SEEN, effects);
    }
    boolean higher = advert.priority() > myPriority;
    boolean tieLost = advert.priority() == myPriority && compareAddresses(source, spec.primaryAddress()) > 0;
    if (higher || tieLost) {
      VrrpSnapshot next = s;
      if (spec.version() == VrrpVersion.V3) {
        next = next.withMasterAdverInterval(advert.advertInterval());
      }
      next = next.withLastMaster(source, advert.priority(), -1);
      // Split brain healing must not depend on whose advert crosses the healed link first. If the
      // winner's advert arrives before ours, the winner never hears that another master existed,
      // and hosts that followed our gratuitous burst keep sending to us (no VIP any more) until
      // their ARP/ND entry expires. One last advert at our own priority makes the winner
      // re-announce at once (masterReceives below; keepalived masters answer a lower advert the
      // same way, cf. keepalived's vrrp_higher_prio_send_advert). Backups that preempt discard it
      // (RFC 5798 §6.4.2); the cost is one extra gratuitous burst per preemption.
      effects.add(new SendAdvert(advert(myPriority), destinations));
      if (s.holdingVips() && !s.releasing() && !spec.isUnicast()) {
        effects.add(new Effect.PointToNewMaster(source, spec.vips(), spec.gratuitousRepeat()));
      }
      return becomeBackup(next, effects,
          higher ? TransitionReason.HIGHER_PRIORITY_MASTER : TransitionReason.EQUAL_PRIORITY_HIGHER_ADDRESS);
    }
    // We win. RFC says discard; we answer at once, so the other master steps down now, and
    // re-announce so that hosts that followed its gratuitous burst come back to us now rather than
    // whenever their ARP cache expires.
    effects.add(new SendAdvert(advert(myPriority), destinations));
    effects.add(new ArmTimer(TimerKind.ADVER, spec.advertInterval()));
    if (s.reannouncedNanos() != Long.MIN_VALUE && nowNanos - s.reannouncedNanos() < masterDownInterval(s).toNanos()) {
      // The same conflict: the loser's last advert as it steps down (see above), or its adverts
      // sent before it heard us. Hosts already have our burst; a second one (and a second
      // "reconfirmed" event and log line) per conflict is work the VRRP thread cannot spare when
      // hundreds of VRIDs resolve at once, as at start-up.
      return new Step(s.state(), s, TransitionReason.LOWER_PRIORITY_MASTER_ANSWERED, effects);
    }
    effects.add(new SendGratuitous(spec.vips(), spec.gratuitousRepeat()));
    effects.add(new Effect.MasterReconfirmed(source, advert.priority()));
    return new Step(s.state(), s.withReannounced(nowNanos), TransitionReason.LOWER_PRIORITY_MASTER_REANNOUNCED, effects);
  }

  private Step onTrack(VrrpSnapshot s, VrrpEvent.TrackChanged e) {
    if (!s.tracks().knows(e.track())) {
      return unexpected(s);
    }
    TrackState updated;
    try {
      updated = s.tracks().with(e.track(), e.input());
    } catch (IllegalArgumentException wrongKind) {
      return unexpected(s);
    }
    return onConditionChange(s, s.withTracks(updated), TransitionReason.TRACK_RECOVERED);
  }

  /**
   * Interface, track and sync-fault changes: enter FAULT when a fault appears, leave it like a
   * startup when the last one clears, otherwise only the priority moved.
   */
  private Step onConditionChange(VrrpSnapshot before, VrrpSnapshot after, TransitionReason recoveredReason) {
    if (after.state() == VrrpState.INITIALIZE) {
      return new Step(before.state(), after, TransitionReason.PRIORITY_CHANGED, List.of());
    }
    if (after.state() != VrrpState.FAULT && faulted(after)) {
      return goFault(after, new ArrayList<>(), faultReason(after), after.interfaceUp());
    }
    if (after.state() == VrrpState.FAULT && !faulted(after)) {
      return start(after, new ArrayList<>(), recoveredReason);
    }
    return new Step(before.state(), after, TransitionReason.PRIORITY_CHANGED, List.of());
  }

  /** keepalived vrrp_sync_group: FAULT spreads to all, MASTER pulls backups up, MASTER→BACKUP pulls masters down. */
  private Step onSyncPeer(VrrpSnapshot s, VrrpEvent.SyncPeerChanged e) {
    Set<String> faulty = new HashSet<>(s.syncFaultPeers());
    if (e.peerOwnFault()) {
      faulty.add(e.peer());
    } else {
      faulty.remove(e.peer());
    }
    VrrpSnapshot next = s.withSyncFaultPeers(faulty);
    if (next.state() == VrrpState.INITIALIZE) {
      return new Step(s.state(), next, TransitionReason.SYNC_PEER_NOTED, List.of());
    }
    if (next.state() != VrrpState.FAULT && faulted(next)) {
      return goFault(next, new ArrayList<>(), faultReason(next), next.interfaceUp());
    }
    if (next.state() == VrrpState.FAULT) {
      return faulted(next)
          ? new Step(s.state(), next, TransitionReason.SYNC_PEER_NOTED, List.of())
          : start(next, new ArrayList<>(), TransitionReason.SYNC_GROUP_RECOVERED);
    }
    if (e.to() == VrrpState.MASTER && next.state() == VrrpState.BACKUP) {
      return becomeMaster(next, new ArrayList<>(), TransitionReason.SYNC_GROUP_MASTER);
    }
    if (e.from() == VrrpState.MASTER && e.to() == VrrpState.BACKUP && next.state() == VrrpState.MASTER) {
      return becomeBackup(next, new ArrayList<>(), TransitionReason.SYNC_GROUP_BACKUP);
    }
    return new Step(s.state(), next, TransitionReason.SYNC_PEER_NOTED, List.of());
  }

  // --- transitions ----------------------------------------------------------------------------

  /** RFC 5798 §6.4.1/§6.4.2: send an advert, announce the VIPs, start the Adver_Timer. */
  private Step becomeMaster(VrrpSnapshot s, List<Effect> effects, TransitionReason reason) {
    effects.add(new CancelTimer(TimerKind.MASTER_DOWN));
    if (s.preemptDelayRunning()) {
      effects.add(new CancelTimer(TimerKind.PREEMPT_DELAY));
    }
    if (s.releasing()) {
      effects.add(new CancelTimer(TimerKind.RELEASE)); // back to master: keep the VIPs we were releasing
    }
    if (!s.holdingVips()) {
      effects.add(new AddVips(spec.vips(), spec.acceptMode()));
    }
    VrrpSnapshot next = s.withState(VrrpState.MASTER).withVips(true, false).withPreemptDelayRunning(false)
        .withYielded(false).withMasterAdverInterval(spec.advertInterval());
    // Announce before advertising: a releasing master lets go of the VIPs as soon as it hears our
    // advert, and a host that has not yet learnt our MAC would send its next SYN into that gap.
    effects.add(new SendGratuitous(spec.vips(), spec.gratuitousRepeat()));
    effects.add(new SendAdvert(advert(effectivePriority(next)), destinations));
    effects.add(new ArmTimer(TimerKind.ADVER, spec.advertInterval()));
    effects.add(new Notify(s.state(), VrrpState.MASTER, reason));
    return new Step(s.state(), next, reason, effects);
  }

  private Step becomeBackup(VrrpSnapshot s, List<Effect> effects, TransitionReason reason) {
    if (s.state() == VrrpState.MASTER) {
      effects.add(new CancelTimer(TimerKind.ADVER));
    }
    VrrpSnapshot next = s.withState(VrrpState.BACKUP);
    if (s.holdingVips() && !s.releasing()) {
      effects.add(new RemoveVips(spec.vips()));
      next = next.withVips(false, false);
    }
    effects.add(new ArmTimer(TimerKind.MASTER_DOWN, masterDownInterval(next)));
    effects.add(new Notify(s.state(), VrrpState.BACKUP, reason));
    return new Step(s.state(), next, reason, effects);
  }

  /** Enter FAULT: stop advertising (a master that still can, sends priority 0 first) and drop the VIPs. */
  private Step goFault(VrrpSnapshot s, List<Effect> effects, TransitionReason reason, boolean canSend) {
    switch (s.state()) {
      case MASTER -> {
        effects.add(new CancelTimer(TimerKind.ADVER));
        if (canSend) {
          effects.add(new SendAdvert(advert(0), destinations));
        }
      }
      case BACKUP -> effects.add(new CancelTimer(TimerKind.MASTER_DOWN));
      case INITIALIZE, FAULT -> { }
    }
    if (s.preemptDelayRunning()) {
      effects.add(new CancelTimer(TimerKind.PREEMPT_DELAY));
    }
    if (s.releasing()) {
      effects.add(new CancelTimer(TimerKind.RELEASE));
    }
    if (s.holdingVips()) {
      effects.add(new RemoveVips(spec.vips()));
    }
    effects.add(new Notify(s.state(), VrrpState.FAULT, reason));
    VrrpSnapshot next = s.withState(VrrpState.FAULT).withVips(false, false).withPreemptDelayRunning(false);
    return new Step(s.state(), next, reason, effects);
  }

  private TransitionReason faultReason(VrrpSnapshot s) {
    if (!s.interfaceUp()) {
      return TransitionReason.INTERFACE_DOWN;
    }
    return s.tracks().faulted() ? TransitionReason.TRACK_FAULT : TransitionReason.SYNC_GROUP_FAULT;
  }

  private Step unexpected(VrrpSnapshot s) {
    return new Step(s.state(), s, TransitionReason.UNEXPECTED_EVENT, List.of());
  }

  /** RFC 5798 §6.1 Preempt_Mode; the owner always preempts; a resigned node does not until it is master again. */
  private boolean preempts(VrrpSnapshot s) {
    return spec.isAddressOwner() || (spec.preempt() && !s.yielded());
  }

  /** Compares addresses as unsigned big-endian integers (RFC 5798 §6.4.3 "primary IPvX address is larger"). */
  public static int compareAddresses(InetAddress a, InetAddress b) {
    return java.util.Arrays.compareUnsigned(a.getAddress(), b.getAddress());
  }

  private static InetAddress literal(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
