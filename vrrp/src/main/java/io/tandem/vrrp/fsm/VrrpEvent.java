package io.tandem.vrrp.fsm;

import io.tandem.vrrp.packet.VrrpAdvert;
import java.net.InetAddress;
import java.util.Objects;

/** Everything that can happen to an instance; each goes through {@link VrrpMachine#step}. */
public sealed interface VrrpEvent {
  /** RFC 5798 §6.4.1 Startup event. */
  record Startup() implements VrrpEvent {}

  /** RFC 5798 Shutdown event: a master sends priority 0 and releases its VIPs (see {@link VrrpSnapshot#releasing()}). */
  record Shutdown() implements VrrpEvent {}

  /** Planned handover while staying up: a master sends priority 0, becomes backup and does not preempt back. */
  record Resign() implements VrrpEvent {}

  /** A well-formed advert (already decoded by {@code VrrpCodec}) from {@code source}. */
  record AdvertReceived(InetAddress source, VrrpAdvert advert) implements VrrpEvent {
    public AdvertReceived {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(advert, "advert");
    }
  }

  record MasterDownTimerFired() implements VrrpEvent {}

  record AdverTimerFired() implements VrrpEvent {}

  record PreemptDelayExpired() implements VrrpEvent {}

  /** The bounded release after a graceful stop/resign ran out without seeing the new master. */
  record ReleaseTimerFired() implements VrrpEvent {}

  /** The interface VRRP runs on. */
  record InterfaceUp() implements VrrpEvent {}

  record InterfaceDown() implements VrrpEvent {}

  /** A tracked input changed. */
  record TrackChanged(String track, TrackInput input) implements VrrpEvent {
    public TrackChanged {
      Objects.requireNonNull(track, "track");
      Objects.requireNonNull(input, "input");
    }
  }

  /**
   * Another member of this instance's sync group changed state or own-fault status (delivered by
   * {@link SyncGroup}). {@code peerOwnFault}: the peer has a fault of its own (interface or track),
   * as opposed to being in FAULT only because of the group; only own faults spread, or two members
   * would keep each other in FAULT forever.
   */
  record SyncPeerChanged(String peer, VrrpState from, VrrpState to, boolean peerOwnFault) implements VrrpEvent {
    public SyncPeerChanged {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  Startup STARTUP = new Startup();
  Shutdown SHUTDOWN = new Shutdown();
  Resign RESIGN = new Resign();
  MasterDownTimerFired MASTER_DOWN_TIMER = new MasterDownTimerFired();
  AdverTimerFired ADVER_TIMER = new AdverTimerFired();
  PreemptDelayExpired PREEMPT_DELAY_EXPIRED = new PreemptDelayExpired();
  ReleaseTimerFired RELEASE_TIMER = new ReleaseTimerFired();
  InterfaceUp INTERFACE_UP = new InterfaceUp();
  InterfaceDown INTERFACE_DOWN = new InterfaceDown();
}
