package io.tandem.vrrp.packet;

/** VRRPv2 authentication type (RFC 3768 §5.3.6); VRRPv3 has no authentication and sends 0 here. */
public enum AuthType {
  /** No authentication; the 8 auth-data bytes are zero. */
  NONE(0),
  /** Simple text password (deprecated but still common, e.g. keepalived {@code auth_type PASS}). */
  SIMPLE_PASSWORD(1),
  /** IP Authentication Header; RFC 3768 removed it, so packets carrying it are dropped. */
  IP_AUTH_HEADER(2);

  private final int code;

  AuthType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The auth type for a wire code, or null when unknown. */
  public static AuthType fromCode(int code) {
    return switch (code) {
      case 0 -> NONE;
      case 1 -> SIMPLE_PASSWORD;
      case 2 -> IP_AUTH_HEADER;
      default -> null;
    };
  }
}
