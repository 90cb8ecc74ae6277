package io.tandem.vrrp.packet;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stateless encoder and decoder of the VRRP payload (the bytes after the IP header).
 *
 * <pre>
 * byte  0: Version (4 bits) | Type (4 bits)          byte 1: Virtual Rtr ID     byte 2: Priority
 * byte  3: Count IPvX Addrs
 * bytes 4-5: v2: Auth Type (8 bits), Adver Int (8 bits, seconds)      (RFC 3768 §5.1)
 *            v3: rsvd (4 bits), Max Adver Int (12 bits, centiseconds)  (RFC 5798 §5.1)
 * bytes 6-7: Checksum
 * then Count × 4 (IPv4) or 16 (IPv6) address bytes; v2 only: 8 bytes of Authentication Data
 * </pre>
 */
public final class VrrpCodec {
  /** IP protocol number of VRRP (RFC 5798 §5.1.1.4); also the pseudo-header's next header. */
  public static final int IP_PROTOCOL_VRRP = 112;
  /** Fixed header: version/type, VRID, priority, count, auth type or interval, interval, checksum. */
  public static final int HEADER_BYTES = 8;

  private VrrpCodec() {}

  /** The exact payload size of {@code advert} on the wire. */
  public static int encodedLength(VrrpAdvert advert) {
    int family = advert.addresses().isEmpty() ? 4 : advert.addresses().get(0).getAddress().length;
    return HEADER_BYTES + advert.addressCount() * family
        + (advert.version() == VrrpVersion.V2 ? VrrpAdvert.V2_AUTH_DATA_BYTES : 0);
  }

  /**
   * Encodes {@code advert}, computing its checksum (v3: with the pseudo-header built from {@code
   * ip}, RFC 5798 §5.2.8; v2: over the VRRP message only, RFC 3768 §5.3.8). The advert's own
   * checksum field is ignored.
   */
  public static byte[] encode(VrrpAdvert advert, IpContext ip) {
    if (advert.version() == VrrpVersion.V2 && ip.family() != IpFamily.IPV4) {
      throw new IllegalArgumentException("VRRPv2 runs over IPv4 only");
    }
    if (!advert.addresses().isEmpty() && !ip.family().matches(advert.addresses().get(0))) {
      throw new IllegalArgumentException("advert addresses and IP header differ in family");
    }
    byte[] out = new byte[encodedLength(advert)];
    ByteBuffer b = ByteBuffer.wrap(out);
    b.put((byte) ((advert.version().code() << 4) | advert.type().code()));
    b.put((byte) advert.vrid());
    b.put((byte) advert.priority());
    b.put((byte) advert.addressCount());
    if (advert.version() == VrrpVersion.V2) {
      b.put((byte) advert.authType().code());
      b.put((byte) advert.advertIntervalSeconds());
    } else {
      b.putShort((short) (advert.advertIntervalCentis() & 0x0fff)); // rsvd bits zero (§5.2.6)
    }
    b.putShort((short) 0); // checksum placeholder
    for (InetAddress a : advert.addresses()) {
      b.put(a.getAddress());
    }
    if (advert.version() == VrrpVersion.V2) {
      b.put(advert.authData());
    }
    int sum = checksum(advert.version(), out, 0, out.length, ip);
    out[6] = (byte) (sum >>> 8);
    out[7] = (byte) sum;
    return out;
  }

  /** Decodes the payload between {@code buf}'s position and limit; the buffer is not modified. */
  public static DecodeResult decode(ByteBuffer buf, IpContext ip) {
    byte[] bytes = new byte[buf.remaining()];
    buf.duplicate().get(bytes);
    return decode(bytes, 0, bytes.length, ip);
  }

  public static DecodeResult decode(byte[] payload, IpContext ip) {
    return decode(payload, 0, payload.length, ip);
  }

  /**
   * Decodes {@code length} bytes at {@code offset}. Never throws on any byte content: a packet that
   * is not a well-formed advertisement comes back as {@link DecodeResult.Dropped} with the first
   * failing check of RFC 3768 §7.1 / RFC 5798 §7.1.
   */
  public static DecodeResult decode(byte[] payload, int offset, int length, IpContext ip) {
    if (ip.ttlOrHopLimit() != IpContext.REQUIRED_TTL) {
      return DecodeResult.drop(DropReason.TTL_NOT_255, "TTL/hop limit " + ip.ttlOrHopLimit());
    }
    if (length < HEADER_BYTES) {
      return DecodeResult.drop(DropReason.TRUNCATED_HEADER, length + " bytes");
    }
    int versionCode = (payload[offset] >>> 4) & 0x0f;
    VrrpVersion version = VrrpVersion.fromCode(versionCode);
    if (version == null) {
      return DecodeResult.drop(DropReason.UNSUPPORTED_VERSION, "version " + versionCode);
    }
    IpFamily family = ip.family();
    if (version == VrrpVersion.V2 && family != IpFamily.IPV4) {
      return DecodeResult.drop(DropReason.UNSUPPORTED_VERSION, "VRRPv2 over IPv6");
    }
    int typeCode = payload[offset] & 0x0f;
    VrrpType type = VrrpType.fromCode(typeCode);
    if (type == null) {
      return DecodeResult.drop(DropReason.UNKNOWN_TYPE, "type " + typeCode);
    }
    int vrid = payload[offset + 1] & 0xff;
    int priority = payload[offset + 2] & 0xff;
    int count = payload[offset + 3] & 0xff;
    int expected = HEADER_BYTES + count * family.addressBytes()
        + (version == VrrpVersion.V2 ? VrrpAdvert.V2_AUTH_DATA_BYTES : 0);
    if (length != expected) {
      return DecodeResult.drop(DropReason.LENGTH_MISMATCH,
          length + " bytes but " + count + " addresses need " + expected);
    }
    int received = ((payload[offset + 6] & 0xff) << 8) | (payload[offset + 7] & 0xff);
    int computed = checksum(version, payload, offset, length, ip);
    // Summing a packet that carries its correct checksum yields 0 (RFC 1071).
    if (computed != 0) {
      return DecodeResult.drop(DropReason.BAD_CHECKSUM, String.format("checksum 0x%04x does not verify", received));
    }
    if (vrid == 0) {
      return DecodeResult.drop(DropReason.INVALID_VRID, "VRID 0");
    }
    AuthType authType = AuthType.NONE;
    Duration interval;
    if (version == VrrpVersion.V2) {
      authType = AuthType.fromCode(payload[offset + 4] & 0xff);
      if (authType == null || authType == AuthType.IP_AUTH_HEADER) {
        return DecodeResult.drop(DropReason.UNSUPPORTED_AUTH_TYPE, "auth type " + (payload[offset + 4] & 0xff));
      }
      interval = Duration.ofSeconds(payload[offset + 5] & 0xff);
    } else {
      // The 4 reserved bits are ignored on receipt (RFC 5798 §5.2.6).
      int centis = ((payload[offset + 4] & 0x0f) << 8) | (payload[offset + 5] & 0xff);
      interval = Duration.ofMillis(centis * 10L);
    }
    List<InetAddress> addresses = new ArrayList<>(count);
    int at = offset + HEADER_BYTES;
    for (int i = 0; i < count; i++) {
      byte[] raw = new byte[family.addressBytes()];
      System.arraycopy(payload, at, raw, 0, raw.length);
      at += raw.length;
      addresses.add(addressOf(raw));
    }
    byte[] authData = new byte[0];
    if (version == VrrpVersion.V2) {
      authData = new byte[VrrpAdvert.V2_AUTH_DATA_BYTES];
      System.arraycopy(payload, at, authData, 0, authData.length);
    }
    return DecodeResult.ok(new VrrpAdvert(version, type, vrid, priority, authType, interval, received, addresses, authData));
  }

  /**
   * The one's-complement sum over the message (and for v3 the pseudo-header), complemented: the
   * value to write into a zeroed checksum field, or 0 when summing a message with a valid checksum.
   */
  static int checksum(VrrpVersion version, byte[] msg, int offset, int length, IpContext ip) {
    long sum = 0;
    if (version == VrrpVersion.V3) {
      // RFC 5798 §5.2.8: the IPv4 pseudo-header of RFC 768 / the IPv6 one of RFC 8200 §8.1.
      sum += sumWords(ip.source().getAddress());
      sum += sumWords(ip.destination().getAddress());
      sum += IP_PROTOCOL_VRRP;
      sum += length; // IPv4: 16-bit length; IPv6: 32-bit upper-layer length (high half is zero here)
    }
    sum += sumWords(msg, offset, length);
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) (~sum & 0xffff);
  }

  private static long sumWords(byte[] data) {
    return sumWords(data, 0, data.length);
  }

  private static long sumWords(byte[] data, int offset, int length) {
    long sum = 0;
    int i = 0;
    for (; i + 1 < length; i += 2) {
      sum += ((data[offset + i] & 0xff) << 8) | (data[offset + i + 1] & 0xff);
    }
    if (i < length) {
      sum += (data[offset + i] & 0xff) << 8;
    }
    return sum;
  }

  private static InetAddress addressOf(byte[] raw) {
    try {
      // Inet6Address.getByAddress keeps an IPv4-mapped IPv6 address IPv6 (InetAddress would not).
      return raw.length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of " + raw.length + " bytes", e); // lengths are 4 or 16
    }
  }
}
