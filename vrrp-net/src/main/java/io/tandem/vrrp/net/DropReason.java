package io.tandem.vrrp.net;

/** Why a captured frame was not handed to the listener. Each is counted by {@link VrrpPacketIo}. */
public enum DropReason {
  /** Shorter than an Ethernet header plus an IP header. */
  TOO_SHORT,
  /** Ethertype is neither IPv4 nor IPv6 (the BPF filter should never let this through). */
  NOT_IP,
  /** IP version field disagrees with the ethertype, or IPv4 IHL below 5. */
  BAD_IP_HEADER,
  /** IPv4 header checksum is wrong. */
  BAD_IP_CHECKSUM,
  /** The IP length says more bytes than were captured. */
  TRUNCATED,
  /** A fragment: VRRP adverts are far below any MTU, so fragments are not reassembled. */
  FRAGMENTED,
  /** IP protocol / next header is not 112. */
  NOT_VRRP,
  /** IPv6 with an extension header before VRRP (RFC 5798 does not use any). */
  IPV6_EXTENSION_HEADER,
  /** Our own frame looped back: source MAC is the interface's, or the source IP is one of ours. */
  OWN_FRAME,
  /** The listener threw while handling the frame. */
  LISTENER_FAILED
}
