package io.tandem.sync.ipvs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking NETLINK_GENERIC socket through plain libc calls (JNA). A receive timeout
 * (SO_RCVTIMEO) bounds every wait, since a blocking JNA call cannot be interrupted. Not
 * thread-safe: one owner thread (the reconciler's).
 */
public final class NetlinkSocket implements AutoCloseable {
  private static final int AF_NETLINK = 16;
  private static final int SOCK_RAW = 3;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int NETLINK_GENERIC = 16;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVTIMEO = 20;
  private static final int SOL_NETLINK = 270;
  private static final int NETLINK_EXT_ACK = 11;
  private static final int RECV_BUFFER = 64 * 1024;

  private interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] addr, int len) throws LastErrorException;

    int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

    long send(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    int close(int fd);
  }

  private final int fd;
  private final byte[] recvBuf = new byte[RECV_BUFFER];
  private int seq = (int) (System.nanoTime() & 0x7fffffff);
  private boolean closed;

  public NetlinkSocket(long receiveTimeoutMillis) throws IOException {
    try {
      fd = LibC.INSTANCE.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
    } catch (LastErrorException e) {
      throw new IOException("cannot open a generic netlink socket: errno " + e.getErrorCode(), e);
    }
    try {
      byte[] sockaddr = new byte[12]; // sockaddr_nl: family, pad, pid 0 (kernel assigns), groups 0
      ByteBuffer.wrap(sockaddr).order(java.nio.ByteOrder.nativeOrder()).putShort((short) AF_NETLINK);
      LibC.INSTANCE.bind(fd, sockaddr, sockaddr.length);
      byte[] tv = ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder())
          .putLong(receiveTimeoutMillis / 1000).putLong((receiveTimeoutMillis % 1000) * 1000).array();
      LibC.INSTANCE.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, tv.length);
      byte[] one = ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(1).array();
      try {
        LibC.INSTANCE.setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, one, 4);
      } catch (LastErrorException ignored) {
        // extended acks are a nicety for error texts; older kernels lack them
      }
    } catch (LastErrorException e) {
      LibC.INSTANCE.close(fd);
      throw new IOException("cannot set up the netlink socket: errno " + e.getErrorCode(), e);
    }
  }

  public int nextSeq() {
    return ++seq;
  }

  /** Sends one request and collects replies with its sequence number until the ack, error or dump end. */
  public List<IpvsCodec.Message> request(byte[] message) throws IOException {
    int reqSeq = ByteBuffer.wrap(message).order(java.nio.ByteOrder.nativeOrder()).getInt(8);
    try {
      LibC.INSTANCE.send(fd, message, message.length, 0);
    } catch (LastErrorException e) {
      throw new IOException("netlink send failed: errno " + e.getErrorCode(), e);
    }
    List<IpvsCodec.Message> replies = new ArrayList<>();
    while (true) {
      long n;
      try {
        n = LibC.INSTANCE.recv(fd, recvBuf, recvBuf.length, 0);
      } catch (LastErrorException e) {
        throw new IOException(e.getErrorCode() == 11 ? "no netlink reply within the timeout"
            : "netlink recv failed: errno " + e.getErrorCode(), e);
      }
      for (IpvsCodec.Message m : IpvsCodec.split(ByteBuffer.wrap(recvBuf, 0, (int) n))) {
        if (m.seq() != reqSeq) {
          continue; // a late reply to an earlier, timed-out request
        }
        if (m.type() == IpvsCodec.NLMSG_ERROR) {
          int errno = IpvsCodec.errno(m);
          if (errno != 0) {
            throw new NetlinkErrorException(errno);
          }
          return replies;
        }
        if (m.type() == IpvsCodec.NLMSG_DONE) {
          return replies;
        }
        replies.add(m);
        if ((m.flags() & IpvsCodec.NLM_F_MULTI) == 0 && (ByteBuffer.wrap(message).order(java.nio.ByteOrder.nativeOrder())
            .getShort(6) & IpvsCodec.NLM_F_ACK) == 0) {
          return replies; // a single reply to a request that asked for no ack
        }
      }
    }
  }

  /** The kernel answered with an error. */
  public static final class NetlinkErrorException extends IOException {
    private final int errno;

    public NetlinkErrorException(int errno) {
      super("kernel refused: " + describe(errno) + " (errno " + errno + ")");
      this.errno = errno;
    }

    public int errno() {
      return errno;
    }

    private static String describe(int errno) {
      return switch (errno) {
        case 1 -> "operation not permitted (needs CAP_NET_ADMIN)";
        case 2 -> "no such entry";
        case 3 -> "no such service (ESRCH)";
        case 17 -> "entry exists";
        case 22 -> "invalid argument (e.g. an address without a route, or a bad value)";
        case 95 -> "not supported";
        default -> "error";
      };
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      LibC.INSTANCE.close(fd);
    }
  }
}
