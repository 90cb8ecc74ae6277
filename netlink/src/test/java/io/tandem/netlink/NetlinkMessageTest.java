package io.tandem.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetlinkMessageTest {
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] hex(String s) {
    return HEX.parseHex(s.replaceAll("\\s", ""));
  }

  @Test
  void newAddressRequestIsLaidOutLikeIproute2s() throws Exception {
    byte[] msg = Rtnl.address(Rtnl.RTM_NEWADDR, 7, 3, InetAddress.getByName("192.0.2.10"), 24, "eth0:vip", LE);
    byte[] expected = hex("""
        38000000 1400 0506 07000000 00000000
        02 18 00 00 03000000
        0800 0200 c000020a
        0800 0100 c000020a
        0d00 0300 657468303a76697000 000000
        """);
    // nlmsghdr: len 56, RTM_NEWADDR (20), REQUEST|ACK|EXCL|CREATE (0x605), seq 7, pid 0;
    // ifaddrmsg: AF_INET, /24, no flags, scope universe, ifindex 3; IFA_LOCAL, IFA_ADDRESS, IFA_LABEL padded.
    assertEquals(HEX.formatHex(expected), HEX.formatHex(msg));
  }

  @Test
  void ipv6AddressIsAddedWithoutDadAndWithoutIfaAddress() throws Exception {
    byte[] msg = Rtnl.address(Rtnl.RTM_NEWADDR, 1, 2, InetAddress.getByName("2001:db8::10"), 64, null, LE);
    NetlinkMessage m = NetlinkMessage.parseAll(msg, msg.length, LE).get(0);
    assertEquals(Rtnl.AF_INET6, m.payload()[0]);
    assertEquals(64, m.payload()[1]);
    assertEquals(InterfaceAddress.IFA_F_NODAD, m.payload()[2]);
    RtAttributes attrs = RtAttributes.parse(m.payload(), Rtnl.IFADDRMSG_LENGTH, m.payload().length, LE);
    assertArrayEquals(InetAddress.getByName("2001:db8::10").getAddress(), attrs.bytes(Rtnl.IFA_LOCAL));
    assertFalse(attrs.has(Rtnl.IFA_ADDRESS));
    assertEquals(InterfaceAddress.IFA_F_NODAD, attrs.u32(Rtnl.IFA_FLAGS, -1));
  }

  @Test
  void badAddressArgumentsAreRejectedBeforeReachingTheKernel() throws Exception {
    InetAddress v4 = InetAddress.getByName("192.0.2.1");
    InetAddress v6 = InetAddress.getByName("2001:db8::1");
    assertThrows(IllegalArgumentException.class, () -> Rtnl.address(Rtnl.RTM_NEWADDR, 1, 1, v4, 33, null, LE));
    assertThrows(IllegalArgumentException.class, () -> Rtnl.address(Rtnl.RTM_NEWADDR, 1, 1, v6, 129, null, LE));
    assertThrows(IllegalArgumentException.class, () -> Rtnl.address(Rtnl.RTM_NEWADDR, 1, 1, v6, 64, "eth0:x", LE));
    assertThrows(IllegalArgumentException.class,
        () -> Rtnl.address(Rtnl.RTM_NEWADDR, 1, 1, v4, 24, "a-label-that-is-too-long", LE));
    assertThrows(IllegalArgumentException.class, () -> Rtnl.getLinkByName(1, "bad name", LE));
    assertThrows(IllegalArgumentException.class, () -> Rtnl.getLinkByName(1, "", LE));
  }

  @Test
  void macvlanRequestNestsKindAndModeUnderLinkInfo() {
    MacAddress mac = MacAddress.parse("00:00:5e:00:01:33");
    byte[] msg = Rtnl.newMacvlan(9, "vrrp.51", 4, mac, MacvlanMode.BRIDGE, LE);
    NetlinkMessage m = NetlinkMessage.parseAll(msg, msg.length, LE).get(0);
    assertEquals(Rtnl.RTM_NEWLINK, m.type());
    assertEquals(NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK | NetlinkMessage.NLM_F_CREATE
        | NetlinkMessage.NLM_F_EXCL, m.flags());
    RtAttributes attrs = RtAttributes.parse(m.payload(), Rtnl.IFINFOMSG_LENGTH, m.payload().length, LE);
    assertEquals("vrrp.51", attrs.string(Rtnl.IFLA_IFNAME));
    assertEquals(4, attrs.u32(Rtnl.IFLA_LINK, -1));
    assertArrayEquals(mac.bytes(), attrs.bytes(Rtnl.IFLA_ADDRESS));
    RtAttributes info = attrs.nested(Rtnl.IFLA_LINKINFO);
    assertEquals("macvlan", info.string(Rtnl.IFLA_INFO_KIND));
    assertEquals(MacvlanMode.BRIDGE.code(), info.nested(Rtnl.IFLA_INFO_DATA).u32(Rtnl.IFLA_MACVLAN_MODE, -1));
    // the nested flag is set on the wire but masked off when reading types
    int linkInfoOffset = findAttr(m.payload(), Rtnl.IFINFOMSG_LENGTH, Rtnl.IFLA_LINKINFO);
    int rawType = Short.toUnsignedInt(ByteBuffer.wrap(m.payload()).order(LE).getShort(linkInfoOffset + 2));
    assertEquals(Rtnl.IFLA_LINKINFO | NetlinkMessageBuilder.NLA_F_NESTED, rawType);
  }

  @Test
  void setLinkUpChangesOnlyTheUpFlag() {
    byte[] msg = Rtnl.setLinkUp(5, 12, true, LE);
    assertEquals(HEX.formatHex(hex("20000000 1000 0500 05000000 00000000 00 00 0000 0c000000 01000000 01000000")),
        HEX.formatHex(msg));
    byte[] down = Rtnl.setLinkUp(5, 12, false, LE);
    assertEquals(0, ByteBuffer.wrap(down).order(LE).getInt(24));
    assertEquals(1, ByteBuffer.wrap(down).order(LE).getInt(28));
  }

  @Test
  void datagramWithSeveralMessagesIsSplit() {
    byte[] a = new NetlinkMessageBuilder(Rtnl.RTM_NEWADDR, NetlinkMessage.NLM_F_MULTI, 4, LE).putInt(1).putByte(9).build();
    byte[] b = new NetlinkMessageBuilder(NetlinkMessage.NLMSG_DONE, NetlinkMessage.NLM_F_MULTI, 4, LE).putInt(0).build();
    assertEquals(24, a.length); // 16 + 5 padded to 8
    byte[] datagram = new byte[a.length + b.length];
    System.arraycopy(a, 0, datagram, 0, a.length);
    System.arraycopy(b, 0, datagram, a.length, b.length);
    List<NetlinkMessage> msgs = NetlinkMessage.parseAll(datagram, datagram.length, LE);
    assertEquals(2, msgs.size());
    assertEquals(Rtnl.RTM_NEWADDR, msgs.get(0).type());
    assertEquals(4, msgs.get(0).seq());
    assertEquals(NetlinkMessage.NLMSG_DONE, msgs.get(1).type());
  }

  @Test
  void lengthsBeyondTheDatagramAreRejected() {
    byte[] msg = new NetlinkMessageBuilder(Rtnl.RTM_NEWLINK, 0, 1, LE).putInt(0).build();
    ByteBuffer.wrap(msg).order(LE).putInt(0, 200);
    assertThrows(NetlinkException.class, () -> NetlinkMessage.parseAll(msg, msg.length, LE));
    ByteBuffer.wrap(msg).order(LE).putInt(0, 3);
    assertThrows(NetlinkException.class, () -> NetlinkMessage.parseAll(msg, msg.length, LE));
    byte[] attrs = hex("0800 0100 01020304 ff00 0200");
    assertThrows(NetlinkException.class, () -> RtAttributes.parse(attrs, 0, attrs.length, LE));
    assertThrows(NetlinkException.class, () -> RtAttributes.parse(attrs, 0, 99, LE));
  }

  @Test
  void trailingBytesShorterThanAHeaderAreIgnored() {
    byte[] msg = new NetlinkMessageBuilder(NetlinkMessage.NLMSG_DONE, 0, 1, LE).putInt(0).build();
    byte[] datagram = java.util.Arrays.copyOf(msg, msg.length + 8);
    assertEquals(1, NetlinkMessage.parseAll(datagram, datagram.length, LE).size());
  }

  @Test
  void errorMessageCarriesErrnoAndExtendedAckText() {
    // NLMSG_ERROR with NLM_F_ACK_TLVS (capped): int error=-17, echoed nlmsghdr, NLMSGERR_ATTR_MSG
    NetlinkMessageBuilder b = new NetlinkMessageBuilder(NetlinkMessage.NLMSG_ERROR,
        NetlinkMessage.NLM_F_ACK_TLVS | 0x100, 3, LE);
    b.putInt(-Errno.EEXIST);
    b.putBytes(new byte[16]);
    b.attrString(1, "Address already assigned");
    byte[] msg = b.build();
    NetlinkMessage m = NetlinkMessage.parseAll(msg, msg.length, LE).get(0);
    assertEquals(Errno.EEXIST, m.errorCode(LE));
    assertEquals("Address already assigned", m.extendedAckMessage(LE));
    NetlinkException e = new NetlinkException("add address", m.errorCode(LE), m.extendedAckMessage(LE));
    assertTrue(e.getMessage().contains("EEXIST"), e.getMessage());
    assertTrue(e.getMessage().contains("Address already assigned"), e.getMessage());

    byte[] ack = new NetlinkMessageBuilder(NetlinkMessage.NLMSG_ERROR, 0x100, 3, LE).putInt(0).putBytes(new byte[16]).build();
    NetlinkMessage ackMsg = NetlinkMessage.parseAll(ack, ack.length, LE).get(0);
    assertEquals(0, ackMsg.errorCode(LE));
    assertNull(ackMsg.extendedAckMessage(LE));
  }

  @Test
  void linkMessageDecodesFlagsMacKindAndParent() {
    NetlinkMessageBuilder b = new NetlinkMessageBuilder(Rtnl.RTM_NEWLINK, 0, 0, LE)
        .putByte(0).putByte(0).putShort(1).putInt(7)
        .putInt(Rtnl.IFF_UP | Rtnl.IFF_RUNNING | Rtnl.IFF_LOWER_UP | 0x1000).putInt(0);
    b.attrString(Rtnl.IFLA_IFNAME, "vrrp.51");
    b.attr(Rtnl.IFLA_ADDRESS, hex("00005e000133"));
    b.attrU32(Rtnl.IFLA_MTU, 1500);
    b.attrU32(Rtnl.IFLA_LINK, 2);
    int li = b.beginNested(Rtnl.IFLA_LINKINFO);
    b.attrString(Rtnl.IFLA_INFO_KIND, "macvlan");
    b.endNested(li);
    byte[] msg = b.build();
    LinkInfo link = Rtnl.decodeLink(NetlinkMessage.parseAll(msg, msg.length, LE).get(0), LE);
    assertEquals(new LinkInfo(7, "vrrp.51", true, true, true, MacAddress.parse("00:00:5e:00:01:33"), 1500, "macvlan", 2), link);
    assertTrue(link.usable());

    byte[] down = new NetlinkMessageBuilder(Rtnl.RTM_NEWLINK, 0, 0, LE)
        .putByte(0).putByte(0).putShort(1).putInt(7).putInt(Rtnl.IFF_UP).putInt(0).attrString(Rtnl.IFLA_IFNAME, "eth0").build();
    LinkInfo noCarrier = Rtnl.decodeLink(NetlinkMessage.parseAll(down, down.length, LE).get(0), LE);
    assertFalse(noCarrier.usable());
    assertNull(noCarrier.mac());
    assertEquals("", noCarrier.kind());
  }

  @Test
  void addressMessageDecodesLocalLabelAndFlags() throws Exception {
    NetlinkMessageBuilder b = new NetlinkMessageBuilder(Rtnl.RTM_DELADDR, 0, 0, LE)
        .putByte(Rtnl.AF_INET).putByte(24).putByte(0x80).putByte(0).putInt(3);
    b.attr(Rtnl.IFA_ADDRESS, hex("c6336401")); // peer on a point-to-point link: must not win
    b.attr(Rtnl.IFA_LOCAL, hex("c000020a"));
    b.attrString(Rtnl.IFA_LABEL, "eth0:vip");
    byte[] msg = b.build();
    InterfaceAddress a = Rtnl.decodeAddress(NetlinkMessage.parseAll(msg, msg.length, LE).get(0), LE);
    assertEquals(new InterfaceAddress(3, InetAddress.getByName("192.0.2.10"), 24, "eth0:vip", 0x80), a);

    byte[] truncated = new NetlinkMessageBuilder(Rtnl.RTM_NEWADDR, 0, 0, LE)
        .putByte(Rtnl.AF_INET6).putByte(64).putByte(0).putByte(0).putInt(3).attr(Rtnl.IFA_ADDRESS, hex("20010db8")).build();
    assertThrows(NetlinkException.class,
        () -> Rtnl.decodeAddress(NetlinkMessage.parseAll(truncated, truncated.length, LE).get(0), LE));
  }

  @Test
  void macAddressParsesAndPrints() {
    MacAddress m = MacAddress.parse("00-00-5E-00-01-FF");
    assertEquals("00:00:5e:00:01:ff", m.toString());
    assertEquals(m, MacAddress.of(m.bytes()));
    assertFalse(m.isMulticast());
    assertTrue(MacAddress.BROADCAST.isMulticast());
    assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("00:00:5e:00:01"));
    assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("00:00:5e:00:01:zz"));
    assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("00:00:5e:00:01:123"));
  }

  private static int findAttr(byte[] payload, int from, int type) {
    ByteBuffer b = ByteBuffer.wrap(payload).order(LE);
    int off = from;
    while (off + 4 <= payload.length) {
      int len = Short.toUnsignedInt(b.getShort(off));
      if ((b.getShort(off + 2) & 0x3fff) == type) {
        return off;
      }
      off += (len + 3) & ~3;
    }
    throw new AssertionError("attribute " + type + " not found");
  }
}
