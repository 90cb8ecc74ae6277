package io.tandem.vrrp.packet;

/** VRRP packet type (RFC 5798 §5.2.2): only ADVERTISEMENT exists; other codes are dropped. */
public enum VrrpType {
  ADVERTISEMENT(1);

  private final int code;

  VrrpType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type for a wire code, or null when unknown. */
  public static VrrpType fromCode(int code) {
    return code == 1 ? ADVERTISEMENT : null;
  }
}
