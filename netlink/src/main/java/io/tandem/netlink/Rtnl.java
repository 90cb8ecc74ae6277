package io.tandem.netlink;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Pure rtnetlink encoding and decoding: the request messages {@link RtNetlink} sends and the
 * RTM_NEWLINK / RTM_NEWADDR parsing it and {@link LinkMonitor} share. Constants come from
 * linux/rtnetlink.h, linux/if_link.h, linux/if_addr.h and linux/if.h.
 */
public final class Rtnl {
  private Rtnl() {}

  public static final int RTM_NEWLINK = 16;
  public static final int RTM_DELLINK = 17;
  public static final int RTM_GETLINK = 18;
  public static final int RTM_SETLINK = 19;
  public static final int RTM_NEWADDR = 20;
  public static final int RTM_DELADDR = 21;
  public static final int RTM_GETADDR = 22;

  /** Multicast group bitmasks for bind() (RTMGRP_*). */
  public static final int RTMGRP_LINK = 0x1;
  public static final int RTMGRP_IPV4_IFADDR = 0x10;
  public static final int RTMGRP_IPV6_IFADDR = 0x100;

  static final int AF_UNSPEC = 0;
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;

  /** sizeof(struct ifinfomsg). */
  static final int IFINFOMSG_LENGTH = 16;
  /** sizeof(struct ifaddrmsg). */
  static final int IFADDRMSG_LENGTH = 8;

  static final int IFF_UP = 0x1;
  static final int IFF_RUNNING = 0x40;
  static final int IFF_LOWER_UP = 0x10000;

  static final int IFLA_ADDRESS = 1;
  static final int IFLA_IFNAME = 3;
  static final int IFLA_MTU = 4;
  static final int IFLA_LINK = 5;
  static final int IFLA_LINKINFO = 18;
  static final int IFLA_AF_SPEC = 26;
  static final int IFLA_EXT_MASK = 29;
  static final int IFLA_INFO_KIND = 1;
  static final int IFLA_INFO_DATA = 2;
  static final int IFLA_MACVLAN_MODE = 1;
  static final int IFLA_INET6_ADDR_GEN_MODE = 8;

  static final int IFA_ADDRESS = 1;
  static final int IFA_LOCAL = 2;
  static final int IFA_LABEL = 3;
  static final int IFA_FLAGS = 8;

  static final int RT_SCOPE_UNIVERSE = 0;
  static final int RT_SCOPE_LINK = 253;
  static final int RT_SCOPE_HOST = 254;

  /** IFNAMSIZ - 1: the longest interface name or IPv4 label the kernel keeps. */
  public static final int MAX_NAME_LENGTH = 15;

  // ---- requests -------------------------------------------------------------------------------

  /** RTM_GETLINK for one interface by name (IFLA_IFNAME lookup, supported since Linux 2.6.33). */
  public static byte[] getLinkByName(int seq, String name, ByteOrder order) {
    checkName(name, "interface name");
    return ifinfo(new NetlinkMessageBuilder(RTM_GETLINK, NetlinkMessage.NLM_F_REQUEST, seq, order), AF_UNSPEC, 0, 0, 0)
        .attrString(IFLA_IFNAME, name).build();
  }

  public static byte[] getLinkByIndex(int seq, int index, ByteOrder order) {
    return ifinfo(new NetlinkMessageBuilder(RTM_GETLINK, NetlinkMessage.NLM_F_REQUEST, seq, order), AF_UNSPEC, index, 0, 0)
        .build();
  }

  public static byte[] dumpLinks(int seq, ByteOrder order) {
    return ifinfo(new NetlinkMessageBuilder(RTM_GETLINK, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP, seq, order),
        AF_UNSPEC, 0, 0, 0).build();
  }

  public static byte[] dumpAddresses(int seq, int family, ByteOrder order) {
    return new NetlinkMessageBuilder(RTM_GETADDR, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP, seq, order)
        .putByte(family).putByte(0).putByte(0).putByte(0).putInt(0).build();
  }

  /**
   * RTM_NEWADDR (create, fail if present) or RTM_DELADDR. IPv4 carries IFA_LOCAL and IFA_ADDRESS
   * both set to the address (what iproute2 sends for a non point-to-point address). IPv6 addresses
   * are added with IFA_F_NODAD: a VIP moves between routers and must be usable at once, not held
   * tentative for a DAD round (keepalived does the same).
   */
  public static byte[] address(int type, int seq, int ifIndex, InetAddress address, int prefixLength, String label,
      ByteOrder order) {
    boolean v6 = address instanceof Inet6Address;
    int maxPrefix = v6 ? 128 : 32;
    if (prefixLength < 0 || prefixLength > maxPrefix) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " outside 0.." + maxPrefix + " for " + address.getHostAddress());
    }
    if (label != null && v6) {
      throw new IllegalArgumentException("IPv6 addresses have no label (IFA_LABEL is IPv4 only): " + address.getHostAddress());
    }
    if (label != null) {
      checkName(label, "address label");
    }
    int flags = NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK
        | (type == RTM_NEWADDR ? NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL : 0);
    int ifaFlags = v6 && type == RTM_NEWADDR ? InterfaceAddress.IFA_F_NODAD : 0;
    NetlinkMessageBuilder b = new NetlinkMessageBuilder(type, flags, seq, order)
        .putByte(v6 ? AF_INET6 : AF_INET)
        .putByte(prefixLength)
        .putByte(ifaFlags)
        .putByte(scopeOf(address))
        .putInt(ifIndex);
    byte[] raw = address.getAddress();
    b.attr(IFA_LOCAL, raw);
    if (!v6) {
      b.attr(IFA_ADDRESS, raw);
    }
    if (label != null) {
      b.attrString(IFA_LABEL, label);
    }
    if (ifaFlags != 0) {
      b.attrU32(IFA_FLAGS, ifaFlags);
    }
    return b.build();
  }

  /** RTM_NEWLINK creating a macvlan {@code name} on {@code parentIndex} with {@code mac}, left down. */
  public static byte[] newMacvlan(int seq, String name, int parentIndex, MacAddress mac, MacvlanMode mode, ByteOrder order) {
    checkName(name, "interface name");
    NetlinkMessageBuilder b = ifinfo(new NetlinkMessageBuilder(RTM_NEWLINK,
        NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK | NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL,
        seq, order), AF_UNSPEC, 0, 0, 0);
    b.attrString(IFLA_IFNAME, name);
    b.attrU32(IFLA_LINK, parentIndex);
    b.attr(IFLA_ADDRESS, mac.bytes());
    int linkInfo = b.beginNested(IFLA_LINKINFO);
    b.attrString(IFLA_INFO_KIND, "macvlan");
    int data = b.beginNested(IFLA_INFO_DATA);
    b.attrU32(IFLA_MACVLAN_MODE, mode.code());
    b.endNested(data);
    b.endNested(linkInfo);
    return b.build();
  }

  public static byte[] deleteLink(int seq, int index, ByteOrder order) {
    return ifinfo(new NetlinkMessageBuilder(RTM_DELLINK, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK, seq, order),
        AF_UNSPEC, index, 0, 0).build();
  }

  /** RTM_NEWLINK on an existing link changing only IFF_UP (ifi_change masks the other flags). */
  public static byte[] setLinkUp(int seq, int index, boolean up, ByteOrder order) {
    return ifinfo(new NetlinkMessageBuilder(RTM_NEWLINK, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK, seq, order),
        AF_UNSPEC, index, up ? IFF_UP : 0, IFF_UP).build();
  }

  /** Sets IFLA_AF_SPEC / AF_INET6 / IFLA_INET6_ADDR_GEN_MODE on an existing link. */
  public static byte[] setInet6AddrGenMode(int seq, int index, Inet6AddrGenMode mode, ByteOrder order) {
    NetlinkMessageBuilder b = ifinfo(new NetlinkMessageBuilder(RTM_NEWLINK,
        NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK, seq, order), AF_UNSPEC, index, 0, 0);
    int spec = b.beginNested(IFLA_AF_SPEC);
    int inet6 = b.beginNested(AF_INET6);
    b.attrU8(IFLA_INET6_ADDR_GEN_MODE, mode.code());
    b.endNested(inet6);
    b.endNested(spec);
    return b.build();
  }

  private static NetlinkMessageBuilder ifinfo(NetlinkMessageBuilder b, int family, int index, int flags, int change) {
    return b.putByte(family).putByte(0).putShort(0).putInt(index).putInt(flags).putInt(change);
  }

  private static int scopeOf(InetAddress a) {
    if (a.isLoopbackAddress()) {
      return RT_SCOPE_HOST;
    }
    return a.isLinkLocalAddress() ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
  }

  static void checkName(String name, String what) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.contains("/")
        || name.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new IllegalArgumentException(what + " must be 1.." + MAX_NAME_LENGTH
          + " printable characters without '/' or spaces: '" + name + "'");
    }
  }

  // ---- replies --------------------------------------------------------------------------------

  /** Decodes an RTM_NEWLINK/RTM_DELLINK message. */
  public static LinkInfo decodeLink(NetlinkMessage m, ByteOrder order) {
    byte[] p = m.payload();
    if (p.length < IFINFOMSG_LENGTH) {
      throw new NetlinkException("link message too short: " + p.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(p).order(order);
    int index = b.getInt(4);
    int flags = b.getInt(8);
    RtAttributes attrs = RtAttributes.parse(p, IFINFOMSG_LENGTH, p.length, order);
    byte[] mac = attrs.bytes(IFLA_ADDRESS);
    String kind = attrs.nested(IFLA_LINKINFO).string(IFLA_INFO_KIND);
    String name = attrs.string(IFLA_IFNAME);
    return new LinkInfo(index, name == null ? "" : name, (flags & IFF_UP) != 0, (flags & IFF_RUNNING) != 0,
        (flags & IFF_LOWER_UP) != 0, mac != null && mac.length == MacAddress.LENGTH ? MacAddress.of(mac) : null,
        attrs.u32(IFLA_MTU, 0), kind == null ? "" : kind, attrs.u32(IFLA_LINK, 0));
  }

  /** Decodes an RTM_NEWADDR/RTM_DELADDR message. */
  public static InterfaceAddress decodeAddress(NetlinkMessage m, ByteOrder order) {
    byte[] p = m.payload();
    if (p.length < IFADDRMSG_LENGTH) {
      throw new NetlinkException("address message too short: " + p.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(p).order(order);
    int family = Byte.toUnsignedInt(p[0]);
    int prefix = Byte.toUnsignedInt(p[1]);
    int headerFlags = Byte.toUnsignedInt(p[2]);
    int index = b.getInt(4);
    RtAttributes attrs = RtAttributes.parse(p, IFADDRMSG_LENGTH, p.length, order);
    // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links.
    byte[] raw = attrs.has(IFA_LOCAL) ? attrs.bytes(IFA_LOCAL) : attrs.bytes(IFA_ADDRESS);
    int expected = family == AF_INET ? 4 : family == AF_INET6 ? 16 : -1;
    if (raw == null || raw.length != expected) {
      throw new NetlinkException("address message for family " + family + " without a valid address");
    }
    try {
      InetAddress address = InetAddress.getByAddress(raw);
      return new InterfaceAddress(index, address, prefix, address instanceof Inet4Address ? attrs.string(IFA_LABEL) : null,
          attrs.u32(IFA_FLAGS, headerFlags));
    } catch (UnknownHostException e) {
      throw new NetlinkException("bad address bytes: " + e.getMessage());
    }
  }
}
