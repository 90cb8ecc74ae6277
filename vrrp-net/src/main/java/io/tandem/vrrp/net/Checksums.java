package io.tandem.vrrp.net;

/** The Internet checksum (RFC 1071) and the IPv4 / IPv6 (RFC 8200 section 8.1) pseudo-header sums. Pure. */
public final class Checksums {
  private Checksums() {}

  /** The one's-complement sum of 16-bit words of {@code buf[offset, offset+length)}, not yet folded or inverted. */
  static long sum(byte[] buf, int offset, int length, long initial) {
    long sum = initial;
    int i = offset;
    int end = offset + length;
    for (; i + 1 < end; i += 2) {
      sum += ((buf[i] & 0xff) << 8) | (buf[i + 1] & 0xff);
    }
    if (i < end) {
      sum += (buf[i] & 0xff) << 8; // odd length: pad with a zero byte
    }
    return sum;
  }

  static int fold(long sum) {
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) (~sum & 0xffff);
  }

  /** The Internet checksum of {@code buf[offset, offset+length)}; 0 when a stored checksum in the range is right. */
  public static int internet(byte[] buf, int offset, int length) {
    return fold(sum(buf, offset, length, 0));
  }

  /**
   * The checksum of an upper-layer message with the IPv4 pseudo-header (source, destination, zero,
   * protocol, length), as VRRPv3 over IPv4 uses it (RFC 5798 section 5.2.8).
   */
  public static int ipv4(byte[] source, byte[] destination, int protocol, byte[] buf, int offset, int length) {
    long s = sum(source, 0, 4, 0);
    s = sum(destination, 0, 4, s);
    s += protocol;
    s += length;
    return fold(sum(buf, offset, length, s));
  }

  /**
   * The checksum of an upper-layer message over IPv6: pseudo-header (source, destination, 32-bit
   * length, next header) plus the message at {@code buf[offset, offset+length)}.
   */
  public static int ipv6(byte[] source, byte[] destination, int nextHeader, byte[] buf, int offset, int length) {
    long s = sum(source, 0, 16, 0);
    s = sum(destination, 0, 16, s);
    s += (length >>> 16) + (length & 0xffff);
    s += nextHeader;
    return fold(sum(buf, offset, length, s));
  }
}
