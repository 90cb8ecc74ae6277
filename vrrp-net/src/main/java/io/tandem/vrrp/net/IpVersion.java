package io.tandem.vrrp.net;

/** The IP version a VRRP frame travels over: RFC 3768 (VRRPv2) and RFC 5798 (v3) over IPv4, RFC 5798 over IPv6. */
public enum IpVersion {
  V4,
  V6
}
