package io.tandem.vrrp.net;

import com.sun.jna.LastErrorException;
import io.tandem.netlink.MacAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Keeps the VRRP group MACs (01:00:5e:00:00:12, 33:33:00:00:00:12) in an interface's multicast
 * filter for as long as it is open, so a NIC that filters multicast in hardware passes adverts to
 * the non-promiscuous capture. keepalived gets the same effect by joining 224.0.0.18 / ff02::12 on
 * its socket; we use an AF_PACKET socket with PACKET_ADD_MEMBERSHIP, which works whatever IP
 * configuration the interface has. Protocol 0: the socket itself receives nothing. Edge.
 */
final class MulticastMembership implements AutoCloseable {
  private static final int AF_PACKET = 17;
  private static final int SOL_PACKET = 263;
  private static final int PACKET_ADD_MEMBERSHIP = 1;
  private static final int PACKET_MR_MULTICAST = 0;

  private final int fd;

  private MulticastMembership(int fd) {
    this.fd = fd;
  }

  static MulticastMembership join(int ifIndex, List<MacAddress> groups) {
    RawSocketLibC c = RawSocketLibC.INSTANCE;
    int fd;
    try {
      fd = c.socket(AF_PACKET, RawSocketLibC.SOCK_RAW | RawSocketLibC.SOCK_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw new PacketIoException("cannot open a packet socket for multicast membership (errno " + e.getErrorCode() + ")", e);
    }
    try {
      for (MacAddress group : groups) {
        // struct packet_mreq { int mr_ifindex; unsigned short mr_type, mr_alen; unsigned char mr_address[8]; }
        ByteBuffer mreq = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        mreq.putInt(ifIndex).putShort((short) PACKET_MR_MULTICAST).putShort((short) MacAddress.LENGTH).put(group.bytes());
        c.setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, mreq.array(), 16);
      }
    } catch (LastErrorException e) {
      closeQuietly(fd);
      throw new PacketIoException("cannot add VRRP multicast MACs to ifindex " + ifIndex + " (errno " + e.getErrorCode() + ")", e);
    }
    return new MulticastMembership(fd);
  }

  /** Closing the socket drops the memberships (the kernel counts references per MAC). */
  @Override
  public void close() {
    closeQuietly(fd);
  }

  private static void closeQuietly(int fd) {
    try {
      RawSocketLibC.INSTANCE.close(fd);
    } catch (LastErrorException ignored) {
      // nothing to do
    }
  }
}
