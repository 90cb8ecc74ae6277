package io.tandem.sync.ipvs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
  private static final int SO_RCVBUF = 8;
  private static final int SO_RCVTIMEO = 20;
  private static final int SO_RCVBUFFORCE = 33;
  private static final int SOL_NETLINK = 270;
  private static final int NETLINK_CAP_ACK = 10;
  private static final int NETLINK_EXT_ACK = 11;
  private static final int EAGAIN = 11;
  private static final int ENOBUFS = 105;
  private static final int RECV_BUFFER = 64 * 1024;

  /**
   * Most requests sent in one datagram by {@link #requestBatch}. Each of them may come back as an
   * error reply, and all those replies must fit the socket's receive buffer at once (a small
   * capped error skb costs about 1 KiB of it), else the kernel drops some (ENOBUFS).
   */
  static final int MAX_BATCH_MESSAGES = 128;
  /** Largest datagram {@link #requestBatch} sends; netlink_sendmsg refuses more than the send buffer. */
  static final int MAX_BATCH_BYTES = 32 * 1024;
  /** Receive buffer asked for (SO_RCVBUFFORCE needs CAP_NET_ADMIN, which IPVS writes need anyway). */
  private static final int RECEIVE_BUFFER_BYTES = 1 << 20;

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
  private int seq = (int) (System.nanoTime() & 0x3fffffff);
  private boolean closed;

  public NetlinkSocket(long receiveTimeoutMillis) throws IOException {
    try {
      fd = LibC.INSTANCE.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
    } catch (LastErrorException e) {
      throw new IOException("cannot open a generic netlink socket: errno " + e.getErrorCode(), e);
    }
    try {
      byte[] sockaddr = new byte[12]; // sockaddr_nl: family, pad, pid 0 (kernel assigns), groups 0
      ByteBuffer.wrap(sockaddr).order(ByteOrder.nativeOrder()).putShort((short) AF_NETLINK);
      LibC.INSTANCE.bind(fd, sockaddr, sockaddr.length);
      byte[] tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
          .putLong(receiveTimeoutMillis / 1000).putLong((receiveTimeoutMillis % 1000) * 1000).array();
      LibC.INSTANCE.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, tv.length);
      byte[] rcvbuf = int32(RECEIVE_BUFFER_BYTES);
      if (!trySetsockopt(SOL_SOCKET, SO_RCVBUFFORCE, rcvbuf)) {
        trySetsockopt(SOL_SOCKET, SO_RCVBUF, rcvbuf); // capped at net.core.rmem_max; batches still fit the default
      }
      // Error replies carry the request's header only (not its whole body), and the kernel's text if any.
      trySetsockopt(SOL_NETLINK, NETLINK_CAP_ACK, int32(1));
      trySetsockopt(SOL_NETLINK, NETLINK_EXT_ACK, int32(1));
    } catch (LastErrorException e) {
      LibC.INSTANCE.close(fd);
      throw new IOException("cannot set up the netlink socket: errno " + e.getErrorCode(), e);
    }
  }

  private static byte[] int32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
  }

  /** Options that are niceties (older kernels lack them, or we lack the privilege): false if refused. */
  private boolean trySetsockopt(int level, int name, byte[] value) {
    try {
      LibC.INSTANCE.setsockopt(fd, level, name, value, value.length);
      return true;
    } catch (LastErrorException e) {
      return false;
    }
  }

  public int nextSeq() {
    return ++seq;
  }

  /** Sends one request and collects replies with its sequence number until the ack, error or dump end. */
  public List<IpvsCodec.Message> request(byte[] message) throws IOException {
    ByteBuffer req = ByteBuffer.wrap(message).order(ByteOrder.nativeOrder());
    int reqSeq = req.getInt(8);
    boolean wantsAck = (req.getShort(6) & IpvsCodec.NLM_F_ACK) != 0;
    send(message, message.length);
    List<IpvsCodec.Message> replies = new ArrayList<>();
    while (true) {
      int n = receive();
      if (n < 0) {
        continue; // overflow notice: a dump or ack of ours follows, or the timeout ends the wait
      }
      // A copy: the messages kept for the caller must outlive the next receive into recvBuf.
      for (IpvsCodec.Message m : IpvsCodec.split(ByteBuffer.wrap(Arrays.copyOf(recvBuf, n)))) {
        if (m.seq() != reqSeq) {
          continue; // a late reply to an earlier, timed-out request
        }
        if (m.type() == IpvsCodec.NLMSG_ERROR) {
          int errno = IpvsCodec.errno(m);
          if (errno != 0) {
            throw new NetlinkErrorException(errno, IpvsCodec.errorText(m).orElse(null));
          }
          return replies;
        }
        if (m.type() == IpvsCodec.NLMSG_DONE) {
          return replies;
        }
        replies.add(m);
        if ((m.flags() & IpvsCodec.NLM_F_MULTI) == 0 && !wantsAck) {
          return replies; // a single reply to a request that asked for no ack
        }
      }
    }
  }

  /** What the kernel did with one request of a {@link #requestBatch batch}. */
  public record Outcome(boolean done, String reason) {
    public static final Outcome DONE = new Outcome(true, "");
  }

  /**
   * Sends requests that expect no data back (IPVS new/set/del), many per datagram, and returns one
   * outcome per request, in order. The kernel runs the requests of a datagram in order and keeps
   * going after one fails (netlink_rcv_skb); it answers a request only if it failed or asked for an
   * ack. So only the last request of each datagram keeps NLM_F_ACK, every failure arrives as an
   * error reply carrying its request's sequence number, and a datagram of up to
   * {@link #MAX_BATCH_MESSAGES} requests costs one send and, when all succeed, one receive, where
   * one request at a time costs a send and a receive each.
   *
   * <p>Never throws for a single request: a refused request gets the kernel's reason; requests whose
   * fate is unknown (the send failed, no final ack within the timeout, error replies lost to a full
   * receive buffer) are reported as not done with that reason, so the caller re-reads the table.
   */
  public List<Outcome> requestBatch(List<byte[]> messages) {
    Outcome[] out = new Outcome[messages.size()];
    int from = 0;
    while (from < messages.size()) {
      int to = from;
      int bytes = 0;
      while (to < messages.size() && to - from < MAX_BATCH_MESSAGES
          && (to == from || bytes + messages.get(to).length <= MAX_BATCH_BYTES)) {
        bytes += IpvsCodec.align(messages.get(to).length);
        to++;
      }
      sendChunk(messages, from, to, bytes, out);
      from = to;
    }
    return Arrays.asList(out);
  }

  private void sendChunk(List<byte[]> messages, int from, int to, int bytes, Outcome[] out) {
    ByteBuffer datagram = ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
    Map<Integer, Integer> indexBySeq = new HashMap<>();
    int lastSeq = 0;
    for (int i = from; i < to; i++) {
      byte[] m = messages.get(i);
      int start = datagram.position();
      datagram.put(m);
      datagram.position(start + IpvsCodec.align(m.length));
      int flags = Short.toUnsignedInt(datagram.getShort(start + 6));
      flags = i == to - 1 ? flags | IpvsCodec.NLM_F_ACK : flags & ~IpvsCodec.NLM_F_ACK;
      datagram.putShort(start + 6, (short) flags);
      lastSeq = datagram.getInt(start + 8);
      indexBySeq.put(lastSeq, i);
    }
    try {
      send(datagram.array(), bytes);
    } catch (IOException e) {
      Arrays.fill(out, from, to, new Outcome(false, e.getMessage()));
      return;
    }
    boolean repliesLost = false;
    boolean finished = false;
    while (!finished) {
      int n;
      try {
        n = receive();
      } catch (IOException e) {
        fillUnresolved(out, from, to, new Outcome(false, "outcome unknown: " + e.getMessage()));
        return;
      }
      if (n < 0) {
        repliesLost = true; // some error replies of this datagram were dropped: which ones is unknown
        continue;
      }
      for (IpvsCodec.Message m : IpvsCodec.split(ByteBuffer.wrap(recvBuf, 0, n))) {
        Integer index = indexBySeq.get(m.seq());
        if (index == null || m.type() != IpvsCodec.NLMSG_ERROR) {
          continue; // a late reply to an earlier request, or nothing we asked for
        }
        int errno = IpvsCodec.errno(m);
        out[index] = errno == 0 ? Outcome.DONE
            : new Outcome(false, NetlinkErrorException.text(errno, IpvsCodec.errorText(m).orElse(null)));
        finished |= m.seq() == lastSeq;
      }
    }
    // No reply means done, unless the kernel had to drop replies.
    fillUnresolved(out, from, to, repliesLost
        ? new Outcome(false, "outcome unknown: error replies were lost (netlink receive buffer overflow)") : Outcome.DONE);
  }

  /** Gives {@code outcome} to every request of {@code out[from, to)} that has none yet. */
  private static void fillUnresolved(Outcome[] out, int from, int to, Outcome outcome) {
    for (int i = from; i < to; i++) {
      if (out[i] == null) {
        out[i] = outcome;
      }
    }
  }

  private void send(byte[] buf, int len) throws IOException {
    try {
      LibC.INSTANCE.send(fd, buf, len, 0);
    } catch (LastErrorException e) {
      throw new IOException("netlink send failed: errno " + e.getErrorCode(), e);
    }
  }

  /** One datagram into {@link #recvBuf}: its length, or -1 if the kernel dropped replies (ENOBUFS). */
  private int receive() throws IOException {
    try {
      return (int) LibC.INSTANCE.recv(fd, recvBuf, recvBuf.length, 0);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == ENOBUFS) {
        return -1;
      }
      throw new IOException(e.getErrorCode() == EAGAIN ? "no netlink reply within the timeout"
          : "netlink recv failed: errno " + e.getErrorCode(), e);
    }
  }

  /** The kernel answered with an error. */
  public static final class NetlinkErrorException extends IOException {
    private final int errno;

    public NetlinkErrorException(int errno) {
      this(errno, null);
    }

    public NetlinkErrorException(int errno, String kernelText) {
      super(text(errno, kernelText));
      this.errno = errno;
    }

    public int errno() {
      return errno;
    }

    /** "kernel refused: what errno means (errno N)", plus the kernel's extended-ack text if any. */
    static String text(int errno, String kernelText) {
      String base = "kernel refused: " + describe(errno) + " (errno " + errno + ")";
      return kernelText == null || kernelText.isEmpty() ? base : base + ": " + kernelText;
    }

    private static String describe(int errno) {
      return switch (errno) {
        case 1 -> "operation not permitted (needs CAP_NET_ADMIN)";
        case 2 -> "no such entry";
        case 3 -> "no such service (ESRCH)";
        case 17 -> "entry exists";
        case 19 -> "no such device (sync daemon interface?)";
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
