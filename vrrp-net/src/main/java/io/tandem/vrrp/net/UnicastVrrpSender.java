package io.tandem.vrrp.net;

import com.sun.jna.LastErrorException;
import io.tandem.netlink.RtNetlink;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Sends VRRP messages to unicast peers (keepalived's unicast_peer) through a raw IP socket with
 * protocol 112, bound to one interface and source address, TTL / hop limit 255 and TOS 0xc0. Edge.
 *
 * <p>Why a raw IP socket rather than pcap here: the kernel resolves the peer's MAC through its
 * neighbour table (ARP/ND, with retries and caching) and routes, which we would otherwise have to
 * re-implement. The price: the Ethernet source is always the interface's MAC, which is what
 * keepalived does in unicast mode too. Receiving stays with {@link VrrpPacketIo} (its filter matches
 * unicast adverts), so this socket's receive queue is shrunk to the minimum and never read.
 *
 * <p>Bound to the network namespace of the thread calling {@link #open}.
 */
public final class UnicastVrrpSender implements AutoCloseable {
  private final int fd;
  private final boolean ipv6;
  private final int ifIndex;
  private final String interfaceName;
  private volatile boolean closed;

  private UnicastVrrpSender(int fd, boolean ipv6, int ifIndex, String interfaceName) {
    this.fd = fd;
    this.ipv6 = ipv6;
    this.ifIndex = ifIndex;
    this.interfaceName = interfaceName;
  }

  /** Opens a sender on {@code interfaceName} sending from {@code source} (an address of that interface). */
  public static UnicastVrrpSender open(String interfaceName, InetAddress source) {
    int ifIndex;
    try (RtNetlink rtnl = RtNetlink.open()) {
      ifIndex = rtnl.ifIndex(interfaceName);
    }
    boolean v6 = source instanceof Inet6Address;
    RawSocketLibC c = RawSocketLibC.INSTANCE;
    int fd;
    try {
      fd = c.socket(v6 ? RawSocketLibC.AF_INET6 : RawSocketLibC.AF_INET,
          RawSocketLibC.SOCK_RAW | RawSocketLibC.SOCK_CLOEXEC, VrrpFrames.IP_PROTOCOL_VRRP);
    } catch (LastErrorException e) {
      throw new PacketIoException("cannot open a raw VRRP socket (errno " + e.getErrorCode() + "; needs CAP_NET_RAW)", e);
    }
    try {
      setInt(fd, RawSocketLibC.SOL_SOCKET, RawSocketLibC.SO_RCVBUF, 0); // kernel rounds up to its minimum
      byte[] name = Arrays.copyOf(interfaceName.getBytes(StandardCharsets.US_ASCII), interfaceName.length() + 1);
      c.setsockopt(fd, RawSocketLibC.SOL_SOCKET, RawSocketLibC.SO_BINDTODEVICE, name, name.length);
      if (v6) {
        setInt(fd, RawSocketLibC.IPPROTO_IPV6, RawSocketLibC.IPV6_UNICAST_HOPS, VrrpFrames.TTL);
        setInt(fd, RawSocketLibC.IPPROTO_IPV6, RawSocketLibC.IPV6_TCLASS, VrrpFrames.TOS_NETWORK_CONTROL);
      } else {
        setInt(fd, RawSocketLibC.IPPROTO_IP, RawSocketLibC.IP_TTL, VrrpFrames.TTL);
        setInt(fd, RawSocketLibC.IPPROTO_IP, RawSocketLibC.IP_TOS, VrrpFrames.TOS_NETWORK_CONTROL);
      }
      byte[] local = sockaddr(source, ifIndex);
      c.bind(fd, local, local.length);
    } catch (LastErrorException e) {
      closeQuietly(fd);
      throw new PacketIoException("cannot set up the unicast VRRP socket on " + interfaceName + " from "
          + source.getHostAddress() + " (errno " + e.getErrorCode() + ")", e);
    }
    return new UnicastVrrpSender(fd, v6, ifIndex, interfaceName);
  }

  /** Sends {@code payload} (a complete VRRP message) to {@code peer}. */
  public void send(InetAddress peer, byte[] payload) {
    if (closed) {
      throw new IllegalStateException("unicast sender on " + interfaceName + " is closed");
    }
    if ((peer instanceof Inet6Address) != ipv6) {
      throw new IllegalArgumentException("peer " + peer.getHostAddress() + " is not of the socket's family");
    }
    if (payload.length == 0 || payload.length > VrrpFrames.MAX_PAYLOAD) {
      throw new IllegalArgumentException("VRRP payload of " + payload.length + " bytes");
    }
    byte[] to = sockaddr(peer, ifIndex);
    try {
      long n = RawSocketLibC.INSTANCE.sendto(fd, payload, payload.length, 0, to, to.length);
      if (n != payload.length) {
        throw new PacketIoException("short send to " + peer.getHostAddress() + ": " + n + " of " + payload.length);
      }
    } catch (LastErrorException e) {
      throw new PacketIoException("sending VRRP to " + peer.getHostAddress() + " on " + interfaceName + " failed (errno "
          + e.getErrorCode() + ")", e);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeQuietly(fd);
    }
  }

  /** struct sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes, scope = ifindex for link-local). */
  static byte[] sockaddr(InetAddress a, int ifIndex) {
    if (a instanceof Inet4Address) {
      ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
      b.putShort((short) RawSocketLibC.AF_INET).putShort((short) 0).put(a.getAddress());
      return b.array();
    }
    ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
    b.putShort((short) RawSocketLibC.AF_INET6).putShort((short) 0).putInt(0).put(a.getAddress());
    b.putInt(a.isLinkLocalAddress() ? ifIndex : 0);
    return b.array();
  }

  private static void setInt(int fd, int level, int option, int value) {
    byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    RawSocketLibC.INSTANCE.setsockopt(fd, level, option, v, v.length);
  }

  private static void closeQuietly(int fd) {
    try {
      RawSocketLibC.INSTANCE.close(fd);
    } catch (LastErrorException ignored) {
      // nothing to do
    }
  }
}
