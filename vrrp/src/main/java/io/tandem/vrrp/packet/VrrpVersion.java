package io.tandem.vrrp.packet;

/** The VRRP protocol version, as carried in the high nibble of the first byte. */
public enum VrrpVersion {
  /** VRRPv2, RFC 3768: IPv4 only, advert interval in whole seconds, optional simple password. */
  V2(2),
  /** VRRPv3, RFC 5798: IPv4 and IPv6, advert interval in centiseconds, no authentication. */
  V3(3);

  private final int code;

  VrrpVersion(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The version for a wire code, or null when the code is not 2 or 3. */
  public static VrrpVersion fromCode(int code) {
    return switch (code) {
      case 2 -> V2;
      case 3 -> V3;
      default -> null;
    };
  }
}
