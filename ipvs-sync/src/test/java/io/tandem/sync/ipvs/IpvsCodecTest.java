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

  @Test
  void malformedRepliesAreRejectedNotCrashing() {
    byte[] bad = IpvsCodec.getFamily("IPVS", 1);
    ByteBuffer.wrap(bad).order(ByteOrder.nativeOrder()).putInt(0, 4096);
    assertThrows(IllegalArgumentException.class, () -> IpvsCodec.split(ByteBuffer.wrap(bad)));
    byte[] attr = {8, 0, 1, 0, 1, 2};
    assertThrows(IllegalArgumentException.class, () -> IpvsCodec.attrs(ByteBuffer.wrap(attr)));
  }
}
