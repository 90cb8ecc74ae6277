package io.tandem.vrrp.packet;

/**
 * Why {@link VrrpCodec#decode} refused a packet: each is a receive check of RFC 3768 §7.1 / RFC
 * 5798 §7.1 that concerns the packet's form. The caller counts them per reason.
 */
public enum DropReason {
  /** TTL (IPv4) or hop limit (IPv6) is not 255: the packet may have crossed a router (§7.1). */
  TTL_NOT_255,
  /** Fewer bytes than the fixed header. */
  TRUNCATED_HEADER,
  /** The version nibble is neither 2 nor 3, or v2 arrived over IPv6. */
  UNSUPPORTED_VERSION,
  /** The type nibble is not 1 (ADVERTISEMENT). */
  UNKNOWN_TYPE,
  /** The payload length does not match the header plus Count IPvX Addrs addresses (plus v2 auth data). */
  LENGTH_MISMATCH,
  /** The checksum does not verify (v3: including the pseudo-header, RFC 5798 §5.2.8). */
  BAD_CHECKSUM,
  /** VRRPv2 auth type is not 0 or 1 (2 = IP AH was removed by RFC 3768, other codes are unknown). */
  UNSUPPORTED_AUTH_TYPE,
  /** VRID 0 is reserved (valid VRIDs are 1..255, RFC 5798 §5.2.3). */
  INVALID_VRID
}
