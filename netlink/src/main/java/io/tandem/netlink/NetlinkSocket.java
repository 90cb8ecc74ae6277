package io.tandem.netlink;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;

/**
 * One AF_NETLINK/NETLINK_ROUTE socket. It belongs to the network namespace of the thread that
 * created it, for its whole life. Receives time out after SO_RCVTIMEO because a thread blocked in a
 * JNA recv() cannot be interrupted.
 */
final class NetlinkSocket implements AutoCloseable {
  static final ByteOrder ORDER = ByteOrder.nativeOrder();
  private static final int RECEIVE_BUFFER = 1 << 16;

  private final int fd;
  private final byte[] receiveBuffer = new byte[RECEIVE_BUFFER];
  private volatile boolean closed;

  /** Opens a socket joined to the multicast {@code groups} (0 for a request socket). */
  NetlinkSocket(int groups, Duration receiveTimeout, int kernelReceiveBufferBytes) {
    try {
      fd = LibC.INSTANCE.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
    } catch (LastErrorException e) {
      throw new NetlinkException("socket(AF_NETLINK, NETLINK_ROUTE)", e.getErrorCode(), null);
    }
    try {
      setIntOption(LibC.SOL_NETLINK, LibC.NETLINK_EXT_ACK, 1, true);
      setIntOption(LibC.SOL_NETLINK, LibC.NETLINK_CAP_ACK, 1, true);
      if (kernelReceiveBufferBytes > 0) {
        setIntOption(LibC.SOL_SOCKET, LibC.SO_RCVBUF, kernelReceiveBufferBytes, false);
      }
      long micros = receiveTimeout.toNanos() / 1000;
      byte[] timeval = ByteBuffer.allocate(16).order(ORDER).putLong(micros / 1_000_000).putLong(micros % 1_000_000).array();
      LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeval, timeval.length);
      // struct sockaddr_nl { sa_family_t nl_family; unsigned short nl_pad; __u32 nl_pid; __u32 nl_groups; }
      byte[] sockaddr = ByteBuffer.allocate(12).order(ORDER)
          .putShort((short) LibC.AF_NETLINK).putShort((short) 0).putInt(0).putInt(groups).array();
      LibC.INSTANCE.bind(fd, sockaddr, sockaddr.length);
    } catch (LastErrorException e) {
      closeQuietly();
      throw new NetlinkException("setting up netlink socket", e.getErrorCode(), null);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  void send(byte[] message, String operation) {
    try {
      long sent = LibC.INSTANCE.send(fd, message, message.length, 0);
      if (sent != message.length) {
        throw new NetlinkException(operation + ": short netlink send, " + sent + " of " + message.length + " bytes");
      }
    } catch (LastErrorException e) {
      throw new NetlinkException(operation + " (send)", e.getErrorCode(), null);
    }
  }

  /**
   * Receives one datagram. Returns null when the receive timeout expired with nothing to read.
   * ENOBUFS (the kernel dropped multicast messages for us) is thrown as a {@link NetlinkException}.
   */
  List<NetlinkMessage> receive(String operation) {
    long n;
    try {
      n = LibC.INSTANCE.recv(fd, receiveBuffer, receiveBuffer.length, LibC.MSG_TRUNC);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Errno.EAGAIN || e.getErrorCode() == Errno.EINTR) {
        return null;
      }
      throw new NetlinkException(operation + " (recv)", e.getErrorCode(), null);
    }
    if (n > receiveBuffer.length) {
      throw new NetlinkException(operation + ": netlink datagram of " + n + " bytes truncated to " + receiveBuffer.length);
    }
    return NetlinkMessage.parseAll(receiveBuffer, (int) n, ORDER);
  }

  private void setIntOption(int level, int option, int value, boolean optional) {
    byte[] v = ByteBuffer.allocate(4).order(ORDER).putInt(value).array();
    try {
      LibC.INSTANCE.setsockopt(fd, level, option, v, v.length);
    } catch (LastErrorException e) {
      if (!optional) {
        throw e;
      }
      // Extended ack is a convenience (kernel ≥ 4.12); without it errors still carry the errno.
    }
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      LibC.INSTANCE.close(fd);
    } catch (LastErrorException ignored) {
      // nothing useful to do about a failed close
    }
  }
}
