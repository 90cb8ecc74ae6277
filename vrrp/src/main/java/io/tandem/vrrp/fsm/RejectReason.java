package io.tandem.vrrp.fsm;

/**
 * Why a well-formed advert is not accepted by an instance (RFC 3768 §7.1 / RFC 5798 §7.1, the
 * checks that depend on configuration). Counted per instance by {@link VrrpInstance}.
 */
public enum RejectReason {
  /** The VRID is another virtual router's: not for us (the edge normally demultiplexes first). */
  NOT_OUR_VRID,
  /** A v2 advert to a v3 instance or the other way round. */
  VERSION_MISMATCH,
  /** v2: the auth type differs from the configured one (RFC 3768 §7.1). */
  AUTH_TYPE_MISMATCH,
  /** v2: the simple password differs. */
  WRONG_PASSWORD,
  /** v2: Adver Int differs from ours; RFC 3768 §7.1 says discard, keepalived discards and logs. */
  INTERVAL_MISMATCH,
  /** The advert carries a zero interval, which would make every timer fire at once. */
  ZERO_INTERVAL,
  /** Unicast mode: the source is not one of the configured peers. */
  UNICAST_PEER_NOT_LISTED,
  /** The source is our own primary address (multicast loop or a misconfigured peer list). */
  OWN_ADVERT,
  /**
   * Not a drop: the advert's address list differs from our VIPs. RFC 5798 §7.1 says log it and
   * keep processing (a priority-255 sender's list should match; an admin must look).
   */
  ADDRESS_LIST_MISMATCH
}
