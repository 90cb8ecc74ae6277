package io.tandem.vrrp.packet;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One VRRP advertisement (RFC 3768 §5.1 for v2, RFC 5798 §5.1 for v3), immutable.
 *
 * @param version protocol version
 * @param type always {@link VrrpType#ADVERTISEMENT}
 * @param vrid virtual router id, 1..255
 * @param priority 0 (master resigning), 1..254 (backup-capable), 255 (address owner)
 * @param authType v2 auth type; always {@link AuthType#NONE} for v3
 * @param advertInterval v2: Adver Int in whole seconds (1..255 on the wire); v3: Max Adver Int in
 *     centiseconds (0..4095 on the wire). Kept as a Duration so callers never mix the units.
 * @param checksum the checksum as received; ignored by the encoder, which always computes it
 * @param addresses the virtual addresses, all of one family (IPv4 for v2)
 * @param authData v2: the 8 authentication bytes (password, zero padded); v3: empty
 */
public record VrrpAdvert(
    VrrpVersion version,
    VrrpType type,
    int vrid,
    int priority,
    AuthType authType,
    Duration advertInterval,
    int checksum,
    List<InetAddress> addresses,
    byte[] authData) {

  /** RFC 3768 §5.3.10: the authentication data field is 8 octets. */
  public static final int V2_AUTH_DATA_BYTES = 8;
  /** RFC 5798 §5.2.7: Max Adver Int is a 12-bit field in centiseconds. */
  public static final int V3_MAX_INTERVAL_CENTIS = 4095;
  /** RFC 3768 §5.3.7: Adver Int is an 8-bit field in seconds. */
  public static final int V2_MAX_INTERVAL_SECONDS = 255;
  /** Count IPvX Addrs is one octet (RFC 5798 §5.2.5). */
  public static final int MAX_ADDRESSES = 255;

  public VrrpAdvert {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(authType, "authType");
    Objects.requireNonNull(advertInterval, "advertInterval");
    addresses = List.copyOf(addresses);
    authData = authData.clone();
    if (vrid < 1 || vrid > 255) {
      throw new IllegalArgumentException("VRID must be 1..255, got " + vrid);
    }
    if (priority < 0 || priority > 255) {
      throw new IllegalArgumentException("priority must be 0..255, got " + priority);
    }
    if (checksum < 0 || checksum > 0xffff) {
      throw new IllegalArgumentException("checksum must be 0..65535, got " + checksum);
    }
    if (addresses.size() > MAX_ADDRESSES) {
      throw new IllegalArgumentException("at most " + MAX_ADDRESSES + " addresses, got " + addresses.size());
    }
    if (!addresses.isEmpty()) {
      IpFamily family = IpFamily.of(addresses.get(0));
      for (InetAddress a : addresses) {
        if (!family.matches(a)) {
          throw new IllegalArgumentException("addresses mix IPv4 and IPv6: " + addresses);
        }
      }
      if (version == VrrpVersion.V2 && family != IpFamily.IPV4) {
        throw new IllegalArgumentException("VRRPv2 carries IPv4 addresses only");
      }
    }
    if (version == VrrpVersion.V2) {
      long nanos = advertInterval.toNanos();
      if (nanos % 1_000_000_000L != 0 || advertInterval.getSeconds() < 0 || advertInterval.getSeconds() > V2_MAX_INTERVAL_SECONDS) {
        throw new IllegalArgumentException("VRRPv2 advert interval must be whole seconds 0..255, got " + advertInterval);
      }
      if (authData.length != V2_AUTH_DATA_BYTES) {
        throw new IllegalArgumentException("VRRPv2 auth data must be 8 bytes, got " + authData.length);
      }
    } else {
      long nanos = advertInterval.toNanos();
      if (nanos % 10_000_000L != 0 || nanos < 0 || nanos / 10_000_000L > V3_MAX_INTERVAL_CENTIS) {
        throw new IllegalArgumentException("VRRPv3 advert interval must be whole centiseconds 0..4095, got " + advertInterval);
      }
      if (authType != AuthType.NONE || authData.length != 0) {
        throw new IllegalArgumentException("VRRPv3 has no authentication");
      }
    }
  }

  /** A VRRPv3 advert to send (checksum computed by the encoder). */
  public static VrrpAdvert v3(int vrid, int priority, Duration maxAdvertInterval, List<InetAddress> addresses) {
    return new VrrpAdvert(VrrpVersion.V3, VrrpType.ADVERTISEMENT, vrid, priority, AuthType.NONE,
        maxAdvertInterval, 0, addresses, new byte[0]);
  }

  /** A VRRPv2 advert to send; {@code password} null means no authentication. */
  public static VrrpAdvert v2(int vrid, int priority, Duration advertInterval, List<InetAddress> addresses, String password) {
    return new VrrpAdvert(VrrpVersion.V2, VrrpType.ADVERTISEMENT, vrid, priority,
        password == null ? AuthType.NONE : AuthType.SIMPLE_PASSWORD, advertInterval, 0, addresses,
        password == null ? new byte[V2_AUTH_DATA_BYTES] : passwordBytes(password));
  }

  /**
   * The 8-byte auth data for a simple password: its bytes (US-ASCII as keepalived writes them),
   * zero padded; longer passwords are truncated to 8 bytes exactly as keepalived does.
   */
  public static byte[] passwordBytes(String password) {
    byte[] raw = password.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return Arrays.copyOf(raw, V2_AUTH_DATA_BYTES);
  }

  public int addressCount() {
    return addresses.size();
  }

  /** v2 interval on the wire (seconds). */
  public int advertIntervalSeconds() {
    return (int) advertInterval.getSeconds();
  }

  /** v3 interval on the wire (centiseconds). */
  public int advertIntervalCentis() {
    return (int) (advertInterval.toNanos() / 10_000_000L);
  }

  @Override
  public byte[] authData() {
    return authData.clone();
  }

  public VrrpAdvert withChecksum(int newChecksum) {
    return new VrrpAdvert(version, type, vrid, priority, authType, advertInterval, newChecksum, addresses, authData);
  }

  public VrrpAdvert withPriority(int newPriority) {
    return new VrrpAdvert(version, type, vrid, newPriority, authType, advertInterval, checksum, addresses, authData);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VrrpAdvert other
        && version == other.version && type == other.type && vrid == other.vrid
        && priority == other.priority && authType == other.authType
        && advertInterval.equals(other.advertInterval) && checksum == other.checksum
        && addresses.equals(other.addresses) && Arrays.equals(authData, other.authData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, vrid, priority, authType, advertInterval, checksum, addresses) * 31
        + Arrays.hashCode(authData);
  }

  @Override
  public String toString() {
    // The password is not printed: adverts end up in logs.
    return "VrrpAdvert[" + version + " vrid=" + vrid + " prio=" + priority + " interval=" + advertInterval
        + " auth=" + authType + " checksum=0x" + HexFormat.of().toHexDigits((short) checksum)
        + " addrs=" + addresses.stream().map(InetAddress::getHostAddress).toList() + "]";
  }
}
