package io.tandem.vrrp.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Minimal, valid VRRP adverts for the integration tests (so tcpdump and peers see well-formed
 * packets). Test fixture only: the real codec lives in the vrrp module.
 */
final class TestAdverts {
  private TestAdverts() {}

  /** RFC 3768 section 5.1: VRRPv2 advert, no authentication, 1 s interval. */
  static byte[] v2(int vrid, int priority, List<Inet4Address> vips) {
    ByteBuffer b = ByteBuffer.allocate(8 + 4 * vips.size() + 8);
    b.put((byte) 0x21).put((byte) vrid).put((byte) priority).put((byte) vips.size());
    b.put((byte) 0).put((byte) 1).putShort((short) 0);
    vips.forEach(v -> b.put(v.getAddress()));
    byte[] m = b.array();
    int c = Checksums.internet(m, 0, m.length);
    m[6] = (byte) (c >> 8);
    m[7] = (byte) c;
    return m;
  }

  /** RFC 5798 section 5.1: VRRPv3 advert over IPv4, interval in centiseconds, checksum with pseudo-header. */
  static byte[] v3(int vrid, int priority, int intervalCentis, Inet4Address source, List<Inet4Address> vips) {
    ByteBuffer b = ByteBuffer.allocate(8 + 4 * vips.size());
    b.put((byte) 0x31).put((byte) vrid).put((byte) priority).put((byte) vips.size());
    b.putShort((short) intervalCentis).putShort((short) 0);
    vips.forEach(v -> b.put(v.getAddress()));
    byte[] m = b.array();
    int c = Checksums.ipv4(source.getAddress(), VrrpFrames.IPV4_GROUP.getAddress(), VrrpFrames.IP_PROTOCOL_VRRP, m, 0,
        m.length);
    m[6] = (byte) (c >> 8);
    m[7] = (byte) c;
    return m;
  }

  /** RFC 5798 section 5.1: VRRPv3 advert over IPv6, 100 cs interval, checksum with pseudo-header. */
  static byte[] v3(int vrid, int priority, Inet6Address source, List<Inet6Address> vips) {
    ByteBuffer b = ByteBuffer.allocate(8 + 16 * vips.size());
    b.put((byte) 0x31).put((byte) vrid).put((byte) priority).put((byte) vips.size());
    b.putShort((short) 100).putShort((short) 0);
    vips.forEach(v -> b.put(v.getAddress()));
    byte[] m = b.array();
    int c = Checksums.ipv6(source.getAddress(), VrrpFrames.IPV6_GROUP.getAddress(), VrrpFrames.IP_PROTOCOL_VRRP, m, 0,
        m.length);
    m[6] = (byte) (c >> 8);
    m[7] = (byte) c;
    return m;
  }
}
