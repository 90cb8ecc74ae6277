package io.tandem.vrrp.fsm;

import io.tandem.vrrp.packet.VrrpAdvert;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a step asks the outside world to do. {@link VrrpInstance} carries out {@link ArmTimer} and
 * {@link CancelTimer} on its scheduler and hands everything else to the {@link VrrpEffectSink}.
 */
public sealed interface Effect {
  /**
   * Send {@code advert} (its priority is the one to announce; 0 = resigning) with TTL/hop limit
   * 255 to each destination: the VRRP multicast group, or the unicast peers.
   */
  record SendAdvert(VrrpAdvert advert, List<InetAddress> destinations) implements Effect {
    public SendAdvert {
      Objects.requireNonNull(advert, "advert");
      destinations = List.copyOf(destinations);
    }

    public int priority() {
      return advert.priority();
    }
  }

  /** Configure the VIPs on the interface; {@code acceptMode} per RFC 5798 §6.1 (drop traffic to them when false). */
  record AddVips(List<VirtualAddress> vips, boolean acceptMode) implements Effect {
    public AddVips {
      vips = List.copyOf(vips);
    }
  }

  /** Remove the VIPs from the interface. */
  record RemoveVips(List<VirtualAddress> vips) implements Effect {
    public RemoveVips {
      vips = List.copyOf(vips);
    }
  }

  /** Send {@code repeat} gratuitous ARPs (IPv4) / unsolicited NAs (IPv6) for each VIP. */
  record SendGratuitous(List<VirtualAddress> vips, int repeat) implements Effect {
    public SendGratuitous {
      vips = List.copyOf(vips);
    }
  }

  /**
   * This node held the VIPs as master and yielded to {@code newMaster}: hosts that followed its own
   * gratuitous burst must be pointed at the new master, which may not announce itself again (a
   * master hearing a lower advert only discards it, RFC 5798 §6.4.3). The edge sends
   * {@code repeat} gratuitous ARPs / unsolicited NAs for each VIP with the hardware address the new
   * master's advert came from (the virtual MAC per RFC 5798 §7.3, or the interface MAC of a peer
   * without one), from its own MAC. Only on multicast segments, where that address is the peer's.
   */
  record PointToNewMaster(InetAddress newMaster, List<VirtualAddress> vips, int repeat) implements Effect {
    public PointToNewMaster {
      Objects.requireNonNull(newMaster, "newMaster");
      vips = List.copyOf(vips);
    }
  }

  record ArmTimer(TimerKind timer, Duration delay) implements Effect {}

  record CancelTimer(TimerKind timer) implements Effect {}

  /** A state change, for notify scripts, the status page and metrics. */
  record Notify(VrrpState from, VrrpState to, TransitionReason reason) implements Effect {}

  /**
   * This master heard a lower-priority master (split brain healing) and stays master; it re-sent
   * its advert and gratuitous burst so the network follows it. For notify/metrics.
   */
  record MasterReconfirmed(InetAddress otherMaster, int otherPriority) implements Effect {}

  /** An advert was not accepted ({@code dropped}) or only logged (address list mismatch). */
  record AdvertAnomaly(RejectReason reason, boolean dropped, String detail) implements Effect {}
}
