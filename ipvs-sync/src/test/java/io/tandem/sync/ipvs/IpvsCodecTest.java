package io.tandem.sync.ipvs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tandem.sync.model.Addresses;
import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.ForwardingMethod;
import io.tandem.sync.model.Persistence;
import io.tandem.sync.model.Protocol;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.model.ServiceSpec;
import io.tandem.sync.model.VipServiceKey;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Byte layouts checked against include/uapi/linux/{netlink,genetlink,ip_vs}.h by hand. */
class IpvsCodecTest {
  private static final VipServiceKey WEB = new VipServiceKey(Addresses.parse("192.0.2.10"), 80, Protocol.TCP);

  @Test
  void getFamilyRequestIsTheNlctrlLayout() {
    byte[] m = IpvsCodec.getFamily("IPVS", 7);
    ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
    assertEquals(32, m.length, "16 header + 4 genl + attr 4 + 'IPVS\\0' = 9, padded to 12");
    assertEquals(32, b.getInt(0));
    assertEquals(0x10, b.getShort(4), "GENL_ID_CTRL");
    assertEquals(1, b.getShort(6), "NLM_F_REQUEST");
    assertEquals(7, b.getInt(8));
    assertEquals(3, m[16], "CTRL_CMD_GETFAMILY");
    assertEquals(9, b.getShort(20), "attr length 4 + 5");
    assertEquals(2, b.getShort(22), "CTRL_ATTR_FAMILY_NAME");
    assertArrayEquals(new byte[] {'I', 'P', 'V', 'S', 0, 0, 0, 0}, java.util.Arrays.copyOfRange(m, 24, 32));
  }

  @Test
  void serviceMessageRoundTripsWithNetworkOrderPortAndMask() {
    ServiceSpec spec = new ServiceSpec(WEB, SchedulingMethod.WRR, Persistence.of(300, 24));
    byte[] m = IpvsCodec.service(0x22, IpvsCodec.CMD_NEW_SERVICE, spec, 1);
    IpvsCodec.Message msg = IpvsCodec.split(ByteBuffer.wrap(m)).get(0);
    assertEquals(0x22, msg.type());
    assertEquals(IpvsCodec.NLM_F_REQUEST | IpvsCodec.NLM_F_ACK, msg.flags());
    Map<Integer, ByteBuffer> svc = IpvsCodec.attrs(IpvsCodec.genlAttrs(msg).get(IpvsCodec.CMD_ATTR_SERVICE));
    ByteBuffer port = svc.get(IpvsCodec.SVC_ATTR_PORT);
    assertEquals(0, port.get(0));
    assertEquals(80, port.get(1), "__be16 port");
    ByteBuffer mask = svc.get(IpvsCodec.SVC_ATTR_NETMASK);
    assertEquals(List.of(-1, -1, -1, 0), List.of((int) mask.get(0), (int) mask.get(1), (int) mask.get(2), (int) mask.get(3)));
    assertEquals(16, svc.get(IpvsCodec.SVC_ATTR_ADDR).remaining(), "union nf_inet_addr");
    assertEquals(spec, IpvsCodec.parseService(msg), "a dump message has the same layout as the request");
  }

  @Test
  void destMessageRoundTrips() {
    DestSpec d = new DestSpec(RealServerAddress.of("198.51.100.11", 8080), 5, ForwardingMethod.DIRECT_ROUTE);
    IpvsCodec.Message msg = IpvsCodec.split(ByteBuffer.wrap(IpvsCodec.dest(0x22, IpvsCodec.CMD_NEW_DEST, WEB, d, 2))).get(0);
    assertEquals(d, IpvsCodec.parseDest(msg, WEB.family()).dest());
    assertEquals(3, IpvsCodec.genlAttrs(msg).get(IpvsCodec.CMD_ATTR_DEST).duplicate().order(ByteOrder.nativeOrder())
        .getInt(8 + 20 + 8 + 4), "fwd method IP_VS_CONN_F_DROUTE after af, addr, port attrs");
  }

  private static byte[] u64(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(v).array();
  }

  @Test
  void destReplyCarriesLiveCountsAndSixtyFourBitTrafficCounters() {
    byte[] reply = new IpvsCodec.Writer().header(0x22, IpvsCodec.NLM_F_MULTI, 5).genl(IpvsCodec.CMD_NEW_DEST, 1)
        .beginNest(IpvsCodec.CMD_ATTR_DEST)
        .u16(IpvsCodec.DEST_ATTR_ADDR_FAMILY, 2)
        .attr(IpvsCodec.DEST_ATTR_ADDR, IpvsCodec.addressBytes(Addresses.parse("198.51.100.11")))
        .be16(IpvsCodec.DEST_ATTR_PORT, 8080)
        .u32(IpvsCodec.DEST_ATTR_FWD_METHOD, 0)
        .u32(IpvsCodec.DEST_ATTR_WEIGHT, 3)
        .u32(IpvsCodec.DEST_ATTR_ACTIVE_CONNS, 4)
        .u32(IpvsCodec.DEST_ATTR_INACT_CONNS, 5)
        .u32(IpvsCodec.DEST_ATTR_PERSIST_CONNS, 6)
        .beginNest(IpvsCodec.DEST_ATTR_STATS)
        .u32(IpvsCodec.STATS_ATTR_CONNS, 1) // the 32-bit block is ignored when STATS64 is present
        .endNest()
        .beginNest(IpvsCodec.DEST_ATTR_STATS64)
        .attr(IpvsCodec.STATS_ATTR_CONNS, u64(7))
        .attr(IpvsCodec.STATS_ATTR_INPKTS, u64(8))
        .attr(IpvsCodec.STATS_ATTR_OUTPKTS, u64(9))
        .attr(IpvsCodec.STATS_ATTR_INBYTES, u64(5_000_000_000L))
        .attr(IpvsCodec.STATS_ATTR_OUTBYTES, u64(11))
        .endNest()
        .endNest().finish();
    IpvsCodec.ParsedDest d = IpvsCodec.parseDest(IpvsCodec.split(ByteBuffer.wrap(reply)).get(0), WEB.family());
    assertEquals(new DestSpec(RealServerAddress.of("198.51.100.11", 8080), 3, ForwardingMethod.NAT), d.dest());
    assertEquals(List.of(4, 5, 6), List.of(d.activeConnections(), d.inactiveConnections(), d.persistentConnections()));
    assertEquals(new IpvsCodec.IpvsStats(7, 8, 9, 5_000_000_000L, 11), d.stats());
  }

  @Test
  void errorReplyYieldsTheKernelsExtendedAckText() {
    byte[] text = "Unknown attribute type\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(16 + 4 + 16 + IpvsCodec.align(4 + text.length)).order(ByteOrder.nativeOrder());
    b.putInt(b.capacity()).putShort((short) IpvsCodec.NLMSG_ERROR)
        .putShort((short) (IpvsCodec.NLM_F_CAPPED | IpvsCodec.NLM_F_ACK_TLVS)).putInt(9).putInt(0);
    b.putInt(-22); // errno, then the request's header (capped: header only)
    b.putInt(40).putShort((short) 0x22).putShort((short) 5).putInt(9).putInt(0);
    b.putShort((short) (4 + text.length)).putShort((short) IpvsCodec.NLMSGERR_ATTR_MSG).put(text);
    IpvsCodec.Message m = IpvsCodec.split(ByteBuffer.wrap(b.array())).get(0);
    assertEquals(22, IpvsCodec.errno(m));
    assertEquals(java.util.Optional.of("Unknown attribute type"), IpvsCodec.errorText(m));
    ByteBuffer plain = ByteBuffer.wrap(b.array().clone()).order(ByteOrder.nativeOrder());
    plain.putShort(6, (short) IpvsCodec.NLM_F_CAPPED);
    assertEquals(java.util.Optional.empty(), IpvsCodec.errorText(IpvsCodec.split(plain).get(0)), "no TLV flag, no text");
  }

  @Test
  void syncDaemonReplyParses() {
    byte[] reply = new IpvsCodec.Writer().header(0x22, IpvsCodec.NLM_F_MULTI, 3).genl(IpvsCodec.CMD_NEW_DAEMON, 1)
        .beginNest(IpvsCodec.CMD_ATTR_DAEMON).u32(IpvsCodec.DAEMON_ATTR_STATE, 2)
        .string(IpvsCodec.DAEMON_ATTR_MCAST_IFN, "eth1").u32(IpvsCodec.DAEMON_ATTR_SYNC_ID, 51).endNest().finish();
    assertEquals(new IpvsCodec.SyncDaemon(false, "eth1", 51), IpvsCodec.parseDaemon(IpvsCodec.split(ByteBuffer.wrap(reply)).get(0)));
  }

  @Test
  void malformedRepliesAreRejectedNotCrashing() {
    byte[] bad = IpvsCodec.getFamily("IPVS", 1);
    ByteBuffer.wrap(bad).order(ByteOrder.nativeOrder()).putInt(0, 4096);
    assertThrows(IllegalArgumentException.class, () -> IpvsCodec.split(ByteBuffer.wrap(bad)));
    byte[] attr = {8, 0, 1, 0, 1, 2};
    assertThrows(IllegalArgumentException.class, () -> IpvsCodec.attrs(ByteBuffer.wrap(attr)));
  }
}
