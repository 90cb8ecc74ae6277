package io.tandem.checkers;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sees the TCP SYNs that reach this host's IPv4 stack for one port, through a raw socket (root
 * only): the server's view of a checker's connects, including the ones a TCP check ends with an RST
 * before the server's application could accept them (the checker holds back the handshake's last
 * ACK, as HAProxy does). The load benchmark counts checks the same way, with nft.
 */
public final class SynCapture implements AutoCloseable {
  interface C extends Library {
    C INSTANCE = Native.load("c", C.class);

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int setsockopt(int fd, int level, int option, byte[] value, int len) throws LastErrorException;

    long recvfrom(int fd, byte[] buf, long len, int flags, byte[] addr, IntByReference addrlen)
        throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private static final int AF_INET = 2;
  private static final int SOCK_RAW = 3;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int IPPROTO_TCP = 6;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVTIMEO = 20;
  private static final int TCP_SYN = 0x02;
  private static final int TCP_ACK = 0x10;

  private final int port;
  private final int fd;
  private final List<InetAddress> sources = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean closed;

  /** Starts capturing SYNs (without ACK) to {@code port}. */
  public SynCapture(int port) {
    this.port = port;
    this.fd = C.INSTANCE.socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_TCP);
    byte[] timeout = new byte[16]; // struct timeval { 0 s, 50 ms } so close() is noticed quickly
    timeout[8] = (byte) 0x50;
    timeout[9] = (byte) 0xc3;
    C.INSTANCE.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, timeout.length);
    this.reader = Thread.ofPlatform().daemon().name("syn-capture-" + port).start(this::read);
  }

  private void read() {
    byte[] packet = new byte[256];
    while (!closed) {
      long n;
      try {
        n = C.INSTANCE.recvfrom(fd, packet, packet.length, 0, null, null);
      } catch (LastErrorException e) {
        continue; // EAGAIN at the receive timeout, EINTR
      }
      int ihl = (packet[0] & 0x0f) * 4;
      if (n < ihl + 14) {
        continue;
      }
      int dstPort = ((packet[ihl + 2] & 0xff) << 8) | (packet[ihl + 3] & 0xff);
      int flags = packet[ihl + 13] & 0xff;
      if (dstPort == port && (flags & (TCP_SYN | TCP_ACK)) == TCP_SYN) {
        try {
          sources.add(InetAddress.getByAddress(new byte[] {packet[12], packet[13], packet[14], packet[15]}));
        } catch (UnknownHostException impossible) {
          throw new IllegalStateException(impossible);
        }
      }
    }
  }

  /** How many SYNs arrived so far. */
  public int count() {
    return sources.size();
  }

  /** The source address of every SYN so far, in order. */
  public List<InetAddress> sources() {
    return List.copyOf(sources);
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    reader.join();
    C.INSTANCE.close(fd);
  }
}
