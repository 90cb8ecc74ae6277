package io.tandem.sync.ipvs;

import io.tandem.sync.model.AddressFamily;
import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.ForwardingMethod;
import io.tandem.sync.model.FwmarkServiceKey;
import io.tandem.sync.model.Persistence;
import io.tandem.sync.model.Protocol;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.ServiceSpec;
import io.tandem.sync.model.VipServiceKey;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Netlink, generic netlink and IPVS message layouts. Numbers are from include/uapi/linux/netlink.h,
 * genetlink.h and ip_vs.h. Attributes are host-endian except those the kernel reads as __be16 /
 * __be32 (ports, the IPv4 persistence netmask). Pure: bytes in, bytes out.
 */
public final class IpvsCodec {
  // netlink.h
  static final int NLMSG_HDRLEN = 16;
  static final int NLM_F_REQUEST = 0x1;
  static final int NLM_F_MULTI = 0x2;
  static final int NLM_F_ACK = 0x4;
  static final int NLM_F_DUMP = 0x300;
  /** On an NLMSG_ERROR: the echoed request was cut to its header (NETLINK_CAP_ACK). */
  static final int NLM_F_CAPPED = 0x100;
  /** On an NLMSG_ERROR: extended-ack attributes follow the echoed request (NETLINK_EXT_ACK). */
  static final int NLM_F_ACK_TLVS = 0x200;
  static final int NLMSG_ERROR = 2;
  static final int NLMSG_DONE = 3;
  static final int NLA_F_NESTED = 0x8000;
  /** enum nlmsgerr_attrs: NLMSGERR_ATTR_MSG, a NUL-terminated text. */
  static final int NLMSGERR_ATTR_MSG = 1;
  // genetlink.h
  static final int GENL_HDRLEN = 4;
  static final int GENL_ID_CTRL = 0x10;
  static final int CTRL_CMD_GETFAMILY = 3;
  static final int CTRL_ATTR_FAMILY_ID = 1;
  static final int CTRL_ATTR_FAMILY_NAME = 2;
  // ip_vs.h
  public static final String IPVS_GENL_NAME = "IPVS";
  static final int IPVS_GENL_VERSION = 1;
  static final int CMD_NEW_SERVICE = 1;
  static final int CMD_SET_SERVICE = 2;
  static final int CMD_DEL_SERVICE = 3;
  static final int CMD_GET_SERVICE = 4;
  static final int CMD_NEW_DEST = 5;
  static final int CMD_SET_DEST = 6;
  static final int CMD_DEL_DEST = 7;
  static final int CMD_GET_DEST = 8;
  static final int CMD_NEW_DAEMON = 9;
  static final int CMD_DEL_DAEMON = 10;
  static final int CMD_GET_DAEMON = 11;
  static final int CMD_ATTR_SERVICE = 1;
  static final int CMD_ATTR_DEST = 2;
  static final int CMD_ATTR_DAEMON = 3;
  static final int SVC_ATTR_AF = 1;
  static final int SVC_ATTR_PROTOCOL = 2;
  static final int SVC_ATTR_ADDR = 3;
  static final int SVC_ATTR_PORT = 4;
  static final int SVC_ATTR_FWMARK = 5;
  static final int SVC_ATTR_SCHED_NAME = 6;
  static final int SVC_ATTR_FLAGS = 7;
  static final int SVC_ATTR_TIMEOUT = 8;
  static final int SVC_ATTR_NETMASK = 9;
  static final int DEST_ATTR_ADDR = 1;
  static final int DEST_ATTR_PORT = 2;
  static final int DEST_ATTR_FWD_METHOD = 3;
  static final int DEST_ATTR_WEIGHT = 4;
  static final int DEST_ATTR_U_THRESH = 5;
  static final int DEST_ATTR_L_THRESH = 6;
  static final int DEST_ATTR_ACTIVE_CONNS = 7;
  static final int DEST_ATTR_INACT_CONNS = 8;
  static final int DEST_ATTR_PERSIST_CONNS = 9;
  static final int DEST_ATTR_STATS = 10;
  static final int DEST_ATTR_ADDR_FAMILY = 11;
  static final int DEST_ATTR_STATS64 = 12;
  // enum IPVS_STATS_ATTR_*: in STATS the counters are u32 and the byte counts u64; in STATS64 all u64.
  static final int STATS_ATTR_CONNS = 1;
  static final int STATS_ATTR_INPKTS = 2;
  static final int STATS_ATTR_OUTPKTS = 3;
  static final int STATS_ATTR_INBYTES = 4;
  static final int STATS_ATTR_OUTBYTES = 5;
  static final int DAEMON_ATTR_STATE = 1;
  static final int DAEMON_ATTR_MCAST_IFN = 2;
  static final int DAEMON_ATTR_SYNC_ID = 3;
  /** IP_VS_SVC_F_PERSISTENT. */
  static final int SVC_F_PERSISTENT = 0x1;

  private IpvsCodec() {}

  /** A growable little-endian (host order on x86/arm64) netlink message writer. */
  static final class Writer {
    private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    private final List<Integer> nests = new ArrayList<>();

    Writer header(int type, int flags, int seq) {
      ensure(NLMSG_HDRLEN);
      buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
      return this;
    }

    Writer genl(int cmd, int version) {
      ensure(GENL_HDRLEN);
      buf.put((byte) cmd).put((byte) version).putShort((short) 0);
      return this;
    }

    Writer attr(int type, byte[] value) {
      int len = 4 + value.length;
      ensure(align(len));
      buf.putShort((short) len).putShort((short) type).put(value);
      pad(len);
      return this;
    }

    Writer u16(int type, int v) {
      return attr(type, ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) v).array());
    }

    Writer be16(int type, int v) {
      return attr(type, new byte[] {(byte) (v >> 8), (byte) v});
    }

    Writer u32(int type, int v) {
      return attr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array());
    }

    Writer string(int type, String s) {
      byte[] b = s.getBytes(StandardCharsets.US_ASCII);
      return attr(type, Arrays.copyOf(b, b.length + 1));
    }

    Writer beginNest(int type) {
      ensure(4);
      nests.add(buf.position());
      buf.putShort((short) 0).putShort((short) (type | NLA_F_NESTED));
      return this;
    }

    Writer endNest() {
      int start = nests.remove(nests.size() - 1);
      buf.putShort(start, (short) (buf.position() - start));
      return this;
    }

    byte[] finish() {
      buf.putInt(0, buf.position());
      return Arrays.copyOf(buf.array(), buf.position());
    }

    private void pad(int len) {
      for (int i = len; i < align(len); i++) {
        buf.put((byte) 0);
      }
    }

    private void ensure(int more) {
      if (buf.remaining() < more) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more)).order(ByteOrder.nativeOrder());
        buf.flip();
        bigger.put(buf);
        buf = bigger;
      }
    }
  }

  static int align(int len) {
    return (len + 3) & ~3;
  }

  /** CTRL_CMD_GETFAMILY for {@code name}. */
  public static byte[] getFamily(String name, int seq) {
    return new Writer().header(GENL_ID_CTRL, NLM_F_REQUEST, seq).genl(CTRL_CMD_GETFAMILY, 1)
        .string(CTRL_ATTR_FAMILY_NAME, name).finish();
  }

  static byte[] addressBytes(InetAddress a) {
    return Arrays.copyOf(a.getAddress(), 16); // union nf_inet_addr: IPv4 in the first 4 bytes
  }

  private static void serviceKeyAttrs(Writer w, ServiceKey key) {
    w.u16(SVC_ATTR_AF, key.family().linuxCode());
    switch (key) {
      case VipServiceKey v -> w.u16(SVC_ATTR_PROTOCOL, v.protocol().ipProtocol())
          .attr(SVC_ATTR_ADDR, addressBytes(v.vip())).be16(SVC_ATTR_PORT, v.port());
      case FwmarkServiceKey m -> w.u32(SVC_ATTR_FWMARK, m.mark());
    }
  }

  /** NEW_SERVICE / SET_SERVICE with every attribute the kernel requires for a full entry. */
  public static byte[] service(int familyId, int cmd, ServiceSpec spec, int seq) {
    Writer w = new Writer().header(familyId, NLM_F_REQUEST | NLM_F_ACK, seq).genl(cmd, IPVS_GENL_VERSION)
        .beginNest(CMD_ATTR_SERVICE);
    serviceKeyAttrs(w, spec.key());
    Persistence p = spec.persistence();
    int flags = p.enabled() ? SVC_F_PERSISTENT : 0;
    w.string(SVC_ATTR_SCHED_NAME, spec.scheduler().ipvsName())
        .attr(SVC_ATTR_FLAGS, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(flags).putInt(~0).array())
        .u32(SVC_ATTR_TIMEOUT, p.timeoutSeconds());
    w.attr(SVC_ATTR_NETMASK, netmask(spec.key().family(), p));
    return w.endNest().finish();
  }

  /** IPv4: a __be32 mask; IPv6: the prefix length (ip_vs_ctl.c checks 1..128). */
  static byte[] netmask(AddressFamily family, Persistence p) {
    int prefix = p.enabled() ? p.prefixLength() : family.addressBits();
    if (family == AddressFamily.INET) {
      int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
      return new byte[] {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
    }
    return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(prefix).array();
  }

  public static byte[] deleteService(int familyId, ServiceKey key, int seq) {
    Writer w = new Writer().header(familyId, NLM_F_REQUEST | NLM_F_ACK, seq).genl(CMD_DEL_SERVICE, IPVS_GENL_VERSION)
        .beginNest(CMD_ATTR_SERVICE);
    serviceKeyAttrs(w, key);
    return w.endNest().finish();
  }

  /** NEW_DEST / SET_DEST / DEL_DEST ({@code dest.weight()} and method ignored for delete). */
  public static byte[] dest(int familyId, int cmd, ServiceKey service, DestSpec dest, int seq) {
    Writer w = new Writer().header(familyId, NLM_F_REQUEST | NLM_F_ACK, seq).genl(cmd, IPVS_GENL_VERSION)
        .beginNest(CMD_ATTR_SERVICE);
    serviceKeyAttrs(w, service);
    w.endNest().beginNest(CMD_ATTR_DEST)
        .u16(DEST_ATTR_ADDR_FAMILY, dest.address().family().linuxCode())
        .attr(DEST_ATTR_ADDR, addressBytes(dest.address().address()))
        .be16(DEST_ATTR_PORT, dest.address().port())
        .u32(DEST_ATTR_FWD_METHOD, dest.method().ipvsCode())
        .u32(DEST_ATTR_WEIGHT, dest.weight())
        .u32(DEST_ATTR_U_THRESH, 0)
        .u32(DEST_ATTR_L_THRESH, 0);
    return w.endNest().finish();
  }

  public static byte[] dumpServices(int familyId, int seq) {
    return new Writer().header(familyId, NLM_F_REQUEST | NLM_F_DUMP, seq).genl(CMD_GET_SERVICE, IPVS_GENL_VERSION).finish();
  }

  public static byte[] dumpDests(int familyId, ServiceKey service, int seq) {
    Writer w = new Writer().header(familyId, NLM_F_REQUEST | NLM_F_DUMP, seq).genl(CMD_GET_DEST, IPVS_GENL_VERSION)
        .beginNest(CMD_ATTR_SERVICE);
    serviceKeyAttrs(w, service);
    return w.endNest().finish();
  }

  /** IPVS_CMD_NEW_DAEMON: start the connection-sync daemon ({@code master}: IP_VS_STATE_MASTER = 1, else BACKUP = 2). */
  public static byte[] newDaemon(int familyId, boolean master, String interfaceName, int syncId, int seq) {
    return new Writer().header(familyId, NLM_F_REQUEST | NLM_F_ACK, seq).genl(CMD_NEW_DAEMON, IPVS_GENL_VERSION)
        .beginNest(CMD_ATTR_DAEMON).u32(DAEMON_ATTR_STATE, master ? 1 : 2).string(DAEMON_ATTR_MCAST_IFN, interfaceName)
        .u32(DAEMON_ATTR_SYNC_ID, syncId).endNest().finish();
  }

  public static byte[] delDaemon(int familyId, boolean master, int seq) {
    return new Writer().header(familyId, NLM_F_REQUEST | NLM_F_ACK, seq).genl(CMD_DEL_DAEMON, IPVS_GENL_VERSION)
        .beginNest(CMD_ATTR_DAEMON).u32(DAEMON_ATTR_STATE, master ? 1 : 2).endNest().finish();
  }

  /** IPVS_CMD_GET_DAEMON as a dump: one reply per running sync daemon (master and/or backup). */
  public static byte[] dumpDaemons(int familyId, int seq) {
    return new Writer().header(familyId, NLM_F_REQUEST | NLM_F_DUMP, seq).genl(CMD_GET_DAEMON, IPVS_GENL_VERSION).finish();
  }

  // ---- parsing ----

  /** One netlink message: type, flags and the payload after the 16-byte header. */
  public record Message(int type, int flags, int seq, ByteBuffer payload) {}

  /** Splits a datagram into messages; throws IllegalArgumentException on a truncated or bad length. */
  public static List<Message> split(ByteBuffer datagram) {
    ByteBuffer b = datagram.duplicate().order(ByteOrder.nativeOrder());
    List<Message> out = new ArrayList<>();
    while (b.remaining() >= NLMSG_HDRLEN) {
      int start = b.position();
      int len = b.getInt(start);
      if (len < NLMSG_HDRLEN || len > b.remaining()) {
        throw new IllegalArgumentException("bad netlink message length " + len + " with " + b.remaining() + " bytes left");
      }
      int type = Short.toUnsignedInt(b.getShort(start + 4));
      int flags = Short.toUnsignedInt(b.getShort(start + 6));
      int seq = b.getInt(start + 8);
      ByteBuffer payload = b.slice(start + NLMSG_HDRLEN, len - NLMSG_HDRLEN).order(ByteOrder.nativeOrder());
      out.add(new Message(type, flags, seq, payload));
      b.position(Math.min(b.limit(), start + align(len)));
    }
    return out;
  }

  /** The errno of an NLMSG_ERROR payload (0 = ack). */
  public static int errno(Message m) {
    return -m.payload().getInt(0);
  }

  /** Attributes of a payload region, by type (nested flag masked); later duplicates win. */
  public static Map<Integer, ByteBuffer> attrs(ByteBuffer region) {
    ByteBuffer b = region.duplicate().order(ByteOrder.nativeOrder());
    Map<Integer, ByteBuffer> out = new HashMap<>();
    int pos = b.position();
    while (pos + 4 <= b.limit()) {
      int len = Short.toUnsignedInt(b.getShort(pos));
      int type = Short.toUnsignedInt(b.getShort(pos + 2)) & 0x3fff;
      if (len < 4 || pos + len > b.limit()) {
        throw new IllegalArgumentException("bad attribute length " + len + " at offset " + pos);
      }
      out.put(type, b.slice(pos + 4, len - 4).order(ByteOrder.nativeOrder()));
      pos += align(len);
    }
    return out;
  }

  /** Attributes after the generic netlink header of a message. */
  public static Map<Integer, ByteBuffer> genlAttrs(Message m) {
    ByteBuffer p = m.payload();
    return attrs(p.slice(GENL_HDRLEN, p.limit() - GENL_HDRLEN));
  }

  public static int familyId(Message m) {
    ByteBuffer id = genlAttrs(m).get(CTRL_ATTR_FAMILY_ID);
    if (id == null) {
      throw new IllegalArgumentException("CTRL_CMD_GETFAMILY reply without a family id");
    }
    return Short.toUnsignedInt(id.getShort(0));
  }

  private static ByteBuffer need(Map<Integer, ByteBuffer> a, int type, String what) {
    ByteBuffer v = a.get(type);
    if (v == null) {
      throw new IllegalArgumentException("IPVS reply without " + what);
    }
    return v;
  }

  private static int be16(ByteBuffer b) {
    return ((b.get(0) & 0xff) << 8) | (b.get(1) & 0xff);
  }

  private static InetAddress address(ByteBuffer b, AddressFamily family) {
    byte[] raw = new byte[family == AddressFamily.INET ? 4 : 16];
    if (b.remaining() < raw.length) {
      throw new IllegalArgumentException("address attribute too short: " + b.remaining());
    }
    b.duplicate().get(raw);
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A service from a GET_SERVICE dump message. */
  public static ServiceSpec parseService(Message m) {
    Map<Integer, ByteBuffer> svc = attrs(need(genlAttrs(m), CMD_ATTR_SERVICE, "service attribute"));
    AddressFamily family = AddressFamily.ofLinuxCode(Short.toUnsignedInt(need(svc, SVC_ATTR_AF, "af").getShort(0)));
    ServiceKey key;
    ByteBuffer fwmark = svc.get(SVC_ATTR_FWMARK);
    if (fwmark != null && fwmark.getInt(0) != 0) {
      key = new FwmarkServiceKey(fwmark.getInt(0), family);
    } else {
      key = new VipServiceKey(address(need(svc, SVC_ATTR_ADDR, "address"), family),
          be16(need(svc, SVC_ATTR_PORT, "port")),
          Protocol.ofIpProtocol(Short.toUnsignedInt(need(svc, SVC_ATTR_PROTOCOL, "protocol").getShort(0))));
    }
    String sched = cString(need(svc, SVC_ATTR_SCHED_NAME, "scheduler"));
    int flags = need(svc, SVC_ATTR_FLAGS, "flags").getInt(0);
    int timeout = need(svc, SVC_ATTR_TIMEOUT, "timeout").getInt(0);
    ByteBuffer nm = need(svc, SVC_ATTR_NETMASK, "netmask");
    int prefix;
    if (family == AddressFamily.INET) {
      int mask = ((nm.get(0) & 0xff) << 24) | ((nm.get(1) & 0xff) << 16) | ((nm.get(2) & 0xff) << 8) | (nm.get(3) & 0xff);
      prefix = Integer.bitCount(mask);
    } else {
      prefix = nm.getInt(0);
    }
    Persistence p = (flags & SVC_F_PERSISTENT) != 0 ? Persistence.of(timeout, prefix) : Persistence.NONE;
    return new ServiceSpec(key, SchedulingMethod.parse(sched), p);
  }

  /**
   * A real server from a GET_DEST dump message, with its live connection counts (as ipvsadm's
   * ActiveConn / InActConn / persistent templates) and its traffic counters.
   */
  public record ParsedDest(DestSpec dest, int activeConnections, int inactiveConnections, int persistentConnections,
      IpvsStats stats) {}

  /**
   * Traffic counters of a real server since it was added (struct ip_vs_kstats as the kernel
   * exports it): connections scheduled, packets and bytes in (client to server) and out.
   */
  public record IpvsStats(long connections, long inPackets, long outPackets, long inBytes, long outBytes) {
    public static final IpvsStats ZERO = new IpvsStats(0, 0, 0, 0, 0);
  }

  /** A running connection-sync daemon from a GET_DAEMON dump: master or backup, interface, sync id. */
  public record SyncDaemon(boolean master, String interfaceName, int syncId) {}

  public static ParsedDest parseDest(Message m, AddressFamily serviceFamily) {
    Map<Integer, ByteBuffer> d = attrs(need(genlAttrs(m), CMD_ATTR_DEST, "dest attribute"));
    ByteBuffer af = d.get(DEST_ATTR_ADDR_FAMILY);
    AddressFamily family = af == null ? serviceFamily : AddressFamily.ofLinuxCode(Short.toUnsignedInt(af.getShort(0)));
    RealServerAddress addr = new RealServerAddress(address(need(d, DEST_ATTR_ADDR, "address"), family),
        be16(need(d, DEST_ATTR_PORT, "port")));
    DestSpec dest = new DestSpec(addr, need(d, DEST_ATTR_WEIGHT, "weight").getInt(0),
        ForwardingMethod.ofIpvsFlags(need(d, DEST_ATTR_FWD_METHOD, "forwarding method").getInt(0)));
    return new ParsedDest(dest, optU32(d, DEST_ATTR_ACTIVE_CONNS), optU32(d, DEST_ATTR_INACT_CONNS),
        optU32(d, DEST_ATTR_PERSIST_CONNS), stats(d));
  }

  private static int optU32(Map<Integer, ByteBuffer> a, int type) {
    ByteBuffer v = a.get(type);
    return v == null ? 0 : v.getInt(0);
  }

  /** STATS64 where the kernel sends it (4.1 and later), else the older STATS with 32-bit counters. */
  private static IpvsStats stats(Map<Integer, ByteBuffer> dest) {
    ByteBuffer s64 = dest.get(DEST_ATTR_STATS64);
    if (s64 != null) {
      Map<Integer, ByteBuffer> s = attrs(s64);
      return new IpvsStats(optU64(s, STATS_ATTR_CONNS), optU64(s, STATS_ATTR_INPKTS), optU64(s, STATS_ATTR_OUTPKTS),
          optU64(s, STATS_ATTR_INBYTES), optU64(s, STATS_ATTR_OUTBYTES));
    }
    ByteBuffer s32 = dest.get(DEST_ATTR_STATS);
    if (s32 != null) {
      Map<Integer, ByteBuffer> s = attrs(s32);
      return new IpvsStats(Integer.toUnsignedLong(optU32(s, STATS_ATTR_CONNS)),
          Integer.toUnsignedLong(optU32(s, STATS_ATTR_INPKTS)), Integer.toUnsignedLong(optU32(s, STATS_ATTR_OUTPKTS)),
          optU64(s, STATS_ATTR_INBYTES), optU64(s, STATS_ATTR_OUTBYTES));
    }
    return IpvsStats.ZERO;
  }

  private static long optU64(Map<Integer, ByteBuffer> a, int type) {
    ByteBuffer v = a.get(type);
    return v == null ? 0 : v.getLong(0);
  }

  /** A sync daemon from a GET_DAEMON dump message. */
  public static SyncDaemon parseDaemon(Message m) {
    Map<Integer, ByteBuffer> d = attrs(need(genlAttrs(m), CMD_ATTR_DAEMON, "daemon attribute"));
    int state = need(d, DAEMON_ATTR_STATE, "daemon state").getInt(0);
    return new SyncDaemon(state == 1, cString(need(d, DAEMON_ATTR_MCAST_IFN, "daemon interface")),
        need(d, DAEMON_ATTR_SYNC_ID, "daemon sync id").getInt(0));
  }

  /**
   * The extended-ack text of an NLMSG_ERROR (NLMSGERR_ATTR_MSG), if the kernel gave one. Layout
   * (netlink.h, struct nlmsgerr): errno, the request's header, the rest of the request unless
   * NLM_F_CAPPED, then attributes if NLM_F_ACK_TLVS.
   */
  public static Optional<String> errorText(Message m) {
    if ((m.flags() & NLM_F_ACK_TLVS) == 0) {
      return Optional.empty();
    }
    ByteBuffer p = m.payload();
    int offset = 4 + NLMSG_HDRLEN;
    if ((m.flags() & NLM_F_CAPPED) == 0 && p.limit() >= offset) {
      offset = 4 + align(p.getInt(4)); // the echoed request's own nlmsg_len
    }
    if (offset >= p.limit()) {
      return Optional.empty();
    }
    ByteBuffer text = attrs(p.slice(offset, p.limit() - offset)).get(NLMSGERR_ATTR_MSG);
    return text == null ? Optional.empty() : Optional.of(cString(text));
  }

  private static String cString(ByteBuffer b) {
    byte[] raw = new byte[b.remaining()];
    b.duplicate().get(raw);
    int end = 0;
    while (end < raw.length && raw[end] != 0) {
      end++;
    }
    return new String(raw, 0, end, StandardCharsets.US_ASCII);
  }
}
