package io.tandem.vrrp.net;

import io.tandem.netlink.MacAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Ethernet + IP framing of VRRP messages, both ways. Pure: the VRRP message itself is opaque bytes
 * encoded elsewhere. Frames are laid out as keepalived sends them (byte-exact against captures in
 * src/test/resources/vectors): IPv4 TOS / IPv6 traffic class 0xc0 (network control, CS6), no DF.
 */
public final class VrrpFrames {
  private VrrpFrames() {}

  /** IANA protocol number of VRRP (RFC 3768 section 5.2.4, RFC 5798 section 5.1.1.3 / 5.1.2.3). */
  public static final int IP_PROTOCOL_VRRP = 112;
  /** RFC 5798 section 5.1.1.3 / 5.1.2.3: TTL / hop limit must be 255, and is checked on receipt. */
  public static final int TTL = 255;
  public static final Inet4Address IPV4_GROUP = inet4("224.0.0.18");
  public static final Inet6Address IPV6_GROUP = inet6("ff02::12");
  /** 224.0.0.18 mapped to Ethernet (RFC 1112 section 6.4). */
  public static final MacAddress IPV4_GROUP_MAC = MacAddress.parse("01:00:5e:00:00:12");
  /** ff02::12 mapped to Ethernet (RFC 2464 section 7). */
  public static final MacAddress IPV6_GROUP_MAC = MacAddress.parse("33:33:00:00:00:12");

  public static final int ETHERNET_HEADER = 14;
  public static final int ETHERTYPE_IPV4 = 0x0800;
  public static final int ETHERTYPE_ARP = 0x0806;
  public static final int ETHERTYPE_IPV6 = 0x86dd;
  private static final int ETHERTYPE_VLAN = 0x8100;
  static final int IPV4_HEADER = 20;
  static final int IPV6_HEADER = 40;
  /** DSCP CS6 (network control), what keepalived and FRR put on adverts. */
  static final int TOS_NETWORK_CONTROL = 0xc0;
  /**
   * Largest VRRP message: 8-byte header plus 255 IPv6 addresses (RFC 5798 section 5.2.5 "Count
   * IPvX Addr" is 8 bits); IPv4 v2 adds 8 bytes of authentication data but 4-byte addresses.
   */
  public static final int MAX_PAYLOAD = 8 + 255 * 16;
  /** Largest frame worth capturing: Ethernet, one VLAN tag, IPv6 header, largest VRRP message. */
  public static final int MAX_FRAME = ETHERNET_HEADER + 4 + IPV6_HEADER + MAX_PAYLOAD;

  /** IPv6 next-header values that are extension headers (RFC 8200 section 4, plus ESP/AH/mobility/HIP/shim6). */
  private static final int[] IPV6_EXTENSIONS = {0, 43, 44, 50, 51, 60, 135, 139, 140, 253, 254};

  /** An advert to 224.0.0.18 from {@code sourceMac}/{@code source}, IP identification {@code ipId}. */
  public static byte[] ipv4Multicast(MacAddress sourceMac, Inet4Address source, int ipId, byte[] payload) {
    return ipv4(sourceMac, IPV4_GROUP_MAC, source, IPV4_GROUP, ipId, payload);
  }

  /** An IPv4 VRRP frame to any destination (unicast peers need their MAC). */
  public static byte[] ipv4(MacAddress sourceMac, MacAddress destinationMac, Inet4Address source,
      Inet4Address destination, int ipId, byte[] payload) {
    checkPayload(payload);
    int total = IPV4_HEADER + payload.length;
    byte[] f = new byte[ETHERNET_HEADER + total];
    ethernet(f, destinationMac, sourceMac, ETHERTYPE_IPV4);
    int ip = ETHERNET_HEADER;
    f[ip] = 0x45; // version 4, IHL 5: no options
    f[ip + 1] = (byte) TOS_NETWORK_CONTROL;
    putShort(f, ip + 2, total);
    putShort(f, ip + 4, ipId);
    // flags/fragment offset 0: no DF, as keepalived
    f[ip + 8] = (byte) TTL;
    f[ip + 9] = (byte) IP_PROTOCOL_VRRP;
    System.arraycopy(source.getAddress(), 0, f, ip + 12, 4);
    System.arraycopy(destination.getAddress(), 0, f, ip + 16, 4);
    putShort(f, ip + 10, Checksums.internet(f, ip, IPV4_HEADER));
    System.arraycopy(payload, 0, f, ip + IPV4_HEADER, payload.length);
    return f;
  }

  /** An advert to ff02::12; RFC 5798 section 5.1.2.1 wants {@code source} to be link-local. */
  public static byte[] ipv6Multicast(MacAddress sourceMac, Inet6Address source, byte[] payload) {
    return ipv6(sourceMac, IPV6_GROUP_MAC, source, IPV6_GROUP, payload);
  }

  public static byte[] ipv6(MacAddress sourceMac, MacAddress destinationMac, Inet6Address source,
      Inet6Address destination, byte[] payload) {
    checkPayload(payload);
    byte[] f = new byte[ETHERNET_HEADER + IPV6_HEADER + payload.length];
    ethernet(f, destinationMac, sourceMac, ETHERTYPE_IPV6);
    writeIpv6Header(f, ETHERNET_HEADER, TOS_NETWORK_CONTROL, payload.length, IP_PROTOCOL_VRRP, source, destination);
    System.arraycopy(payload, 0, f, ETHERNET_HEADER + IPV6_HEADER, payload.length);
    return f;
  }

  /** The outcome of {@link #decode}: a frame, or the reason it was dropped. */
  public sealed interface Decoded permits Accepted, Dropped {}

  public record Accepted(VrrpFrame frame) implements Decoded {}

  public record Dropped(DropReason reason) implements Decoded {}

  /**
   * Checks that {@code frame[0, length)} is a well-formed Ethernet + IPv4/IPv6 packet carrying VRRP
   * and extracts its fields. Only framing is checked here; whether the TTL, addresses and VRRP
   * contents are acceptable is the state machine's call (RFC 5798 section 7.1).
   */
  public static Decoded decode(byte[] frame, int length, long receivedNanos) {
    if (length > frame.length) {
      length = frame.length;
    }
    if (length < ETHERNET_HEADER + IPV4_HEADER) {
      return new Dropped(DropReason.TOO_SHORT);
    }
    MacAddress dstMac = MacAddress.of(frame, 0);
    MacAddress srcMac = MacAddress.of(frame, 6);
    int ethertype = getShort(frame, 12);
    int ip = ETHERNET_HEADER;
    if (ethertype == ETHERTYPE_VLAN) {
      ethertype = getShort(frame, 16);
      ip += 4;
    }
    if (ethertype == ETHERTYPE_IPV4) {
      return decodeIpv4(frame, length, ip, srcMac, dstMac, receivedNanos);
    }
    if (ethertype == ETHERTYPE_IPV6) {
      return decodeIpv6(frame, length, ip, srcMac, dstMac, receivedNanos);
    }
    return new Dropped(DropReason.NOT_IP);
  }

  private static Decoded decodeIpv4(byte[] f, int length, int ip, MacAddress srcMac, MacAddress dstMac, long now) {
    if (length - ip < IPV4_HEADER) {
      return new Dropped(DropReason.TOO_SHORT);
    }
    int version = (f[ip] & 0xff) >> 4;
    int headerLength = (f[ip] & 0x0f) * 4;
    int total = getShort(f, ip + 2);
    if (version != 4 || headerLength < IPV4_HEADER || total < headerLength) {
      return new Dropped(DropReason.BAD_IP_HEADER);
    }
    if (length - ip < total) {
      return new Dropped(DropReason.TRUNCATED);
    }
    if (Checksums.internet(f, ip, headerLength) != 0) {
      return new Dropped(DropReason.BAD_IP_CHECKSUM);
    }
    int fragment = getShort(f, ip + 6);
    if ((fragment & 0x3fff) != 0) { // MF flag or a non-zero offset
      return new Dropped(DropReason.FRAGMENTED);
    }
    if ((f[ip + 9] & 0xff) != IP_PROTOCOL_VRRP) {
      return new Dropped(DropReason.NOT_VRRP);
    }
    byte[] payload = Arrays.copyOfRange(f, ip + headerLength, ip + total);
    return new Accepted(new VrrpFrame(srcMac, dstMac, IpVersion.V4, address(f, ip + 12, 4), address(f, ip + 16, 4),
        f[ip + 8] & 0xff, payload, now));
  }

  private static Decoded decodeIpv6(byte[] f, int length, int ip, MacAddress srcMac, MacAddress dstMac, long now) {
    if (length - ip < IPV6_HEADER) {
      return new Dropped(DropReason.TOO_SHORT);
    }
    if ((f[ip] & 0xff) >> 4 != 6) {
      return new Dropped(DropReason.BAD_IP_HEADER);
    }
    int payloadLength = getShort(f, ip + 4);
    if (length - ip - IPV6_HEADER < payloadLength) {
      return new Dropped(DropReason.TRUNCATED);
    }
    int nextHeader = f[ip + 6] & 0xff;
    if (nextHeader != IP_PROTOCOL_VRRP) {
      for (int ext : IPV6_EXTENSIONS) {
        if (ext == nextHeader) {
          return new Dropped(DropReason.IPV6_EXTENSION_HEADER);
        }
      }
      return new Dropped(DropReason.NOT_VRRP);
    }
    byte[] payload = Arrays.copyOfRange(f, ip + IPV6_HEADER, ip + IPV6_HEADER + payloadLength);
    return new Accepted(new VrrpFrame(srcMac, dstMac, IpVersion.V6, address(f, ip + 8, 16), address(f, ip + 24, 16),
        f[ip + 7] & 0xff, payload, now));
  }

  // ---- shared helpers (also used by GratuitousFrames) ---------------------------------------

  static void ethernet(byte[] f, MacAddress destination, MacAddress source, int ethertype) {
    destination.writeTo(f, 0);
    source.writeTo(f, 6);
    putShort(f, 12, ethertype);
  }

  static void writeIpv6Header(byte[] f, int at, int trafficClass, int payloadLength, int nextHeader, Inet6Address source,
      Inet6Address destination) {
    f[at] = (byte) (0x60 | (trafficClass >> 4));
    f[at + 1] = (byte) ((trafficClass & 0x0f) << 4); // flow label 0
    putShort(f, at + 4, payloadLength);
    f[at + 6] = (byte) nextHeader;
    f[at + 7] = (byte) TTL;
    System.arraycopy(source.getAddress(), 0, f, at + 8, 16);
    System.arraycopy(destination.getAddress(), 0, f, at + 24, 16);
  }

  static void putShort(byte[] f, int at, int v) {
    f[at] = (byte) (v >> 8);
    f[at + 1] = (byte) v;
  }

  static int getShort(byte[] f, int at) {
    return ((f[at] & 0xff) << 8) | (f[at + 1] & 0xff);
  }

  private static InetAddress address(byte[] f, int at, int len) {
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(f, at, at + len));
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes is always an address", e);
    }
  }

  private static void checkPayload(byte[] payload) {
    if (payload.length == 0 || payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("VRRP payload of " + payload.length + " bytes outside 1.." + MAX_PAYLOAD);
    }
  }

  static Inet4Address inet4(String literal) {
    try {
      return (Inet4Address) InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static Inet6Address inet6(String literal) {
    try {
      return (Inet6Address) InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
