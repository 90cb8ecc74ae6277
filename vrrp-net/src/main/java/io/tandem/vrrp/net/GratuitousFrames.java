package io.tandem.vrrp.net;

import io.tandem.netlink.MacAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;

/**
 * Frames that tell a segment where a VIP now lives: gratuitous ARP for IPv4 and an unsolicited
 * neighbour advertisement for IPv6 (RFC 5798 section 6.4.2: "broadcast a gratuitous ARP request /
 * send an unsolicited ND Neighbor Advertisement for each IP address"). Pure; byte-exact against
 * keepalived 2.2.7 captures.
 */
public final class GratuitousFrames {
  private GratuitousFrames() {}

  /** Ethernet (14) + ARP for Ethernet/IPv4 (28); the NIC pads to 60 on the wire, as for keepalived. */
  public static final int GARP_LENGTH = 42;
  /** Ethernet (14) + IPv6 (40) + NA (24) + target link-layer address option (8). */
  public static final int NA_LENGTH = 86;
  public static final Inet6Address ALL_NODES = VrrpFrames.inet6("ff02::1");
  public static final MacAddress ALL_NODES_MAC = MacAddress.parse("33:33:00:00:00:01");

  private static final int ICMPV6 = 58;
  private static final int NEIGHBOR_ADVERTISEMENT = 136;
  private static final int FLAG_ROUTER = 0x80;
  private static final int FLAG_OVERRIDE = 0x20;
  private static final int OPTION_TARGET_LINK_LAYER_ADDRESS = 2;

  /**
   * Gratuitous ARP in request form (RFC 5227 section 3 "ARP Announcement", RFC 5798 section 6.4.2):
   * broadcast, sender = target = {@code vip}, sender MAC {@code mac}; the target MAC is all-ones as
   * keepalived sends it (receivers ignore it in a request).
   */
  public static byte[] garp(MacAddress mac, Inet4Address vip) {
    return garp(mac, mac, vip);
  }

  /**
   * A gratuitous ARP sent from {@code ethernetSource} that announces {@code vip} at
   * {@code announced}: receivers update their cache from the ARP sender hardware address, while
   * switches learn only the Ethernet source. A yielding master uses it to point hosts at the new
   * master without moving the new master's MAC to its own switch port.
   */
  public static byte[] garp(MacAddress ethernetSource, MacAddress announced, Inet4Address vip) {
    MacAddress mac = announced;
    byte[] f = new byte[GARP_LENGTH];
    VrrpFrames.ethernet(f, MacAddress.BROADCAST, ethernetSource, VrrpFrames.ETHERTYPE_ARP);
    int a = VrrpFrames.ETHERNET_HEADER;
    VrrpFrames.putShort(f, a, 1); // hardware type Ethernet
    VrrpFrames.putShort(f, a + 2, VrrpFrames.ETHERTYPE_IPV4);
    f[a + 4] = 6;
    f[a + 5] = 4;
    VrrpFrames.putShort(f, a + 6, 1); // request
    mac.writeTo(f, a + 8);
    System.arraycopy(vip.getAddress(), 0, f, a + 14, 4);
    MacAddress.BROADCAST.writeTo(f, a + 18);
    System.arraycopy(vip.getAddress(), 0, f, a + 24, 4);
    return f;
  }

  /**
   * Unsolicited neighbour advertisement (RFC 4861 section 7.2.6) for {@code target} to all nodes,
   * override flag set, solicited flag clear, with the target link-layer address option, hop limit
   * 255 (receivers drop anything else, section 7.1.2). keepalived uses the VIP itself as source:
   * {@code source} is usually {@code target}.
   *
   * @param router the R flag: set only when this box routes for the VIP's clients (RFC 4861 section 4.4)
   */
  public static byte[] unsolicitedNa(MacAddress mac, Inet6Address source, Inet6Address target, boolean router) {
    return unsolicitedNa(mac, mac, source, target, router);
  }

  /** The NA form of {@link #garp(MacAddress, MacAddress, Inet4Address)}: Ethernet source and target link-layer address differ. */
  public static byte[] unsolicitedNa(MacAddress ethernetSource, MacAddress announced, Inet6Address source,
      Inet6Address target, boolean router) {
    MacAddress mac = announced;
    byte[] f = new byte[NA_LENGTH];
    VrrpFrames.ethernet(f, ALL_NODES_MAC, ethernetSource, VrrpFrames.ETHERTYPE_IPV6);
    int icmpLength = 32;
    VrrpFrames.writeIpv6Header(f, VrrpFrames.ETHERNET_HEADER, 0, icmpLength, ICMPV6, source, ALL_NODES);
    int m = VrrpFrames.ETHERNET_HEADER + VrrpFrames.IPV6_HEADER;
    f[m] = (byte) NEIGHBOR_ADVERTISEMENT;
    f[m + 4] = (byte) (FLAG_OVERRIDE | (router ? FLAG_ROUTER : 0));
    System.arraycopy(target.getAddress(), 0, f, m + 8, 16);
    f[m + 24] = OPTION_TARGET_LINK_LAYER_ADDRESS;
    f[m + 25] = 1; // length in units of 8 bytes
    mac.writeTo(f, m + 26);
    int checksum = Checksums.ipv6(source.getAddress(), ALL_NODES.getAddress(), ICMPV6, f, m, icmpLength);
    VrrpFrames.putShort(f, m + 2, checksum);
    return f;
  }
}
