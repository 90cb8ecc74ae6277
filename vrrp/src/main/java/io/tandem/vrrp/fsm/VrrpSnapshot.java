package io.tandem.vrrp.fsm;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The whole dynamic state of one instance, immutable; {@link VrrpMachine#step} maps one to the next.
 *
 * @param state the RFC state
 * @param masterAdverInterval RFC 5798 Master_Adver_Interval: learned from the master's adverts in
 *     BACKUP (v3), our own interval otherwise
 * @param tracks the current value of every track
 * @param interfaceUp whether the VRRP interface is up
 * @param holdingVips whether our VIPs are configured (MASTER, or releasing)
 * @param releasing after a graceful Shutdown/Resign as master: VIPs are kept until the new master's
 *     first advert is seen or the RELEASE timer fires, so no packet arrives at a node without the VIP
 * @param preemptDelayRunning a backup saw a lower master and is waiting out the preempt delay
 * @param yielded after Resign: behave as non-preempting until we next become master
 * @param syncFaultPeers members of our sync group that are in FAULT
 * @param lastMaster source of the last accepted advert (null when none), for preempt-delay and status
 * @param lastMasterPriority its priority
 * @param lastAdvertNanos when the last accepted advert arrived (monotonic), -1 when none
 * @param reannouncedNanos when we last re-announced as master over a lower master (monotonic),
 *     {@link Long#MIN_VALUE} when never: one conflict gets one gratuitous burst
 */
public record VrrpSnapshot(
    VrrpState state,
    Duration masterAdverInterval,
    TrackState tracks,
    boolean interfaceUp,
    boolean holdingVips,
    boolean releasing,
    boolean preemptDelayRunning,
    boolean yielded,
    Set<String> syncFaultPeers,
    InetAddress lastMaster,
    int lastMasterPriority,
    long lastAdvertNanos,
    long reannouncedNanos) {

  public VrrpSnapshot {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(masterAdverInterval, "masterAdverInterval");
    Objects.requireNonNull(tracks, "tracks");
    syncFaultPeers = Set.copyOf(syncFaultPeers);
  }

  public static VrrpSnapshot initial(InstanceSpec spec) {
    return new VrrpSnapshot(VrrpState.INITIALIZE, spec.advertInterval(), TrackState.initial(spec.tracks()), true,
        false, false, false, false, Set.of(), null, 0, -1, Long.MIN_VALUE);
  }

  VrrpSnapshot withState(VrrpState s) {
    return new VrrpSnapshot(s, masterAdverInterval, tracks, interfaceUp, holdingVips, releasing, preemptDelayRunning,
        yielded, syncFaultPeers, lastMaster, lastMasterPriority, lastAdvertNanos, reannouncedNanos);
  }

  VrrpSnapshot withMasterAdverInterval(Duration d) {
    return new VrrpSnapshot(state, d, tracks, interfaceUp, holdingVips, releasing, preemptDelayRunning,
        yielded, syncFaultPeers, lastMaster, lastMasterPriority, lastAdvertNanos, reannouncedNanos);
  }

  VrrpSnapshot withTracks(TrackState t) {
    return new VrrpSnapshot(state, masterAdverInterval, t, interfaceUp, holdingVips, releasing, preemptDelayRunning,
        yielded, syncFaultPeers, lastMaster, lastMasterPriority, lastAdvertNanos, reannouncedNanos);
  }

  VrrpSnapshot withInterfaceUp(boolean up) {
    return new VrrpSnapshot(state, masterAdverInterval, tracks, up, holdingVips, releasing, preemptDelayRunning,
        yielded, syncFaultPeers, lastMaster, lastMasterPriority, lastAdvertNanos, reannouncedNanos);
  }

  VrrpSnapshot withVips(boolean holding, boolean isReleasing) {
    return new VrrpSnapshot(state, masterAdverInterval, tracks, interfaceUp, holding, isReleasing, preemptDelayRunning,
        yielded, syncFaultPeers, lastMaster, lastMasterPriority, lastAdvertNanos, reannouncedNanos);
  }

  VrrpSnapshot withPreemptDelayRunning(boolean running) {
    return new VrrpSnapshot(state, masterAdverInterval, tracks, interfaceUp, holdingVips, releasing, running,
        yielded, syncFaultPeers, lastMaster, lastMasterPriority, lastAdvertNanos, reannouncedNanos);
  }

  VrrpSnapshot withYielded(boolean y) {
    return new VrrpSnapshot(state, masterAdverInterval, tracks, interfaceUp, holdingVips, releasing, preemptDelayRunning,
        y, syncFaultPeers, lastMaster, lastMasterPriority, lastAdvertNanos, reannouncedNanos);
  }

  VrrpSnapshot withSyncFaultPeers(Set<String> peers) {
    return new VrrpSnapshot(state, masterAdverInterval, tracks, interfaceUp, holdingVips, releasing, preemptDelayRunning,
        yielded, peers, lastMaster, lastMasterPriority, lastAdvertNanos, reannouncedNanos);
  }

  VrrpSnapshot withLastMaster(InetAddress master, int priority, long nanos) {
    return new VrrpSnapshot(state, masterAdverInterval, tracks, interfaceUp, holdingVips, releasing, preemptDelayRunning,
        yielded, syncFaultPeers, master, priority, nanos, reannouncedNanos);
  }

  VrrpSnapshot withReannounced(long nanos) {
    return new VrrpSnapshot(state, masterAdverInterval, tracks, interfaceUp, holdingVips, releasing, preemptDelayRunning,
        yielded, syncFaultPeers, lastMaster, lastMasterPriority, lastAdvertNanos, nanos);
  }
}
