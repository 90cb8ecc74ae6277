package io.tandem.checkers.probe;

import com.sun.jna.LastErrorException;
import com.sun.jna.ptr.IntByReference;
import io.tandem.checkers.core.Outcome;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One raw ICMP (or ICMPv6) socket shared by every echo probe of one address family, source address
 * and network namespace, plus one receiver thread that matches replies to outstanding requests by
 * identifier, sequence number and source address.
 *
 * <p>Why raw sockets: unprivileged ICMP datagram sockets need {@code net.ipv4.ping_group_range} to
 * include the daemon's group, which is off by default ("1 0") on Debian; the daemon runs as root
 * anyway (it programs IPVS and moves VIPs), and a raw socket needs only CAP_NET_RAW. Every raw ICMP
 * socket receives a copy of every ICMP packet, so foreign packets are expected and dropped (counted).
 */
final class IcmpEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IcmpEngine.class);

  /** RFC 792: echo request 8, echo reply 0, destination unreachable 3. */
  private static final int ICMP_ECHO_REQUEST = 8;
  private static final int ICMP_ECHO_REPLY = 0;
  private static final int ICMP_DEST_UNREACH = 3;
  /** RFC 4443 section 4.1/4.2: echo request 128, reply 129; section 3.1: destination unreachable 1. */
  private static final int ICMP6_ECHO_REQUEST = 128;
  private static final int ICMP6_ECHO_REPLY = 129;
  private static final int ICMP6_DEST_UNREACH = 1;
  private static final int ECHO_HEADER_BYTES = 8;
  private static final byte[] PAYLOAD = "tandem-health-ck".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int RECEIVE_POLL_MILLIS = 200;

  /** A request waiting for its reply. */
  private record Pending(InetAddress target, Attempt attempt) {}

  private final boolean v6;
  private final int fd;
  private final int identifier = ThreadLocalRandom.current().nextInt(1 << 16);
  private final AtomicInteger sequence = new AtomicInteger();
  private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
  private final Thread receiver;
  private volatile boolean closed;
  final AtomicLong foreignPackets = new AtomicLong();

  IcmpEngine(boolean v6, Optional<InetAddress> source, Optional<String> netns) {
    this.v6 = v6;
    this.fd = openSocket(v6, netns);
    try {
      byte[] timeval = new byte[16];
      putLongLe(timeval, 0, 0);
      putLongLe(timeval, 8, RECEIVE_POLL_MILLIS * 1000L);
      LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeval, timeval.length);
      if (source.isPresent()) {
        byte[] sa = sockaddr(source.get());
        LibC.INSTANCE.bind(fd, sa, sa.length);
      }
    } catch (LastErrorException e) {
      LibC.INSTANCE.close(fd);
      throw new IllegalStateException("cannot set up the ICMP socket: errno " + e.getErrorCode(), e);
    }
    this.receiver = new Thread(this::receiveLoop, "tandem-icmp" + (v6 ? "6" : "4") + netns.map(n -> "-" + n).orElse(""));
    receiver.setDaemon(true);
    receiver.start();
  }

  /** Opens the socket, inside {@code netns} when given: a socket stays in the namespace it was made in. */
  private static int openSocket(boolean v6, Optional<String> netns) {
    int[] result = {-1};
    RuntimeException[] failure = {null};
    Runnable open = () -> {
      try {
        if (netns.isPresent()) {
          int nsFd = LibC.INSTANCE.open("/run/netns/" + netns.get(), LibC.O_RDONLY | LibC.O_CLOEXEC);
          try {
            LibC.INSTANCE.setns(nsFd, LibC.CLONE_NEWNET);
          } finally {
            LibC.INSTANCE.close(nsFd);
          }
        }
        result[0] = LibC.INSTANCE.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC,
            v6 ? LibC.IPPROTO_ICMPV6 : LibC.IPPROTO_ICMP);
      } catch (LastErrorException e) {
        failure[0] = new IllegalStateException("cannot open a raw ICMP" + (v6 ? "v6" : "") + " socket"
            + netns.map(n -> " in netns " + n).orElse("") + ": errno " + e.getErrorCode()
            + (e.getErrorCode() == 1 ? " (EPERM: needs root or CAP_NET_RAW)" : ""), e);
      }
    };
    if (netns.isEmpty()) {
      open.run();
    } else {
      // setns changes the calling thread's namespace for good: do it on a thread that then ends.
      Thread t = new Thread(open, "tandem-icmp-setns");
      t.start();
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted opening the ICMP socket", e);
      }
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    return result[0];
  }

  /** Sends one echo request to {@code target}; {@code attempt} completes on the reply or an error. */
  void send(InetAddress target, Attempt attempt) {
    if (closed) {
      attempt.fail(Outcome.INTERNAL_ERROR, "ICMP engine closed");
      return;
    }
    int seq = sequence.getAndIncrement() & 0xffff;
    pending.put(seq, new Pending(target, attempt));
    attempt.future.whenComplete((r, e) -> pending.remove(seq));
    byte[] packet = echoRequest(v6, identifier, seq);
    byte[] sa = sockaddr(target);
    try {
      LibC.INSTANCE.sendto(fd, packet, packet.length, 0, sa, sa.length);
    } catch (LastErrorException e) {
      attempt.fail(e.getErrorCode() == 101 || e.getErrorCode() == 113 ? Outcome.UNREACHABLE : Outcome.IO_ERROR,
          "sendto: errno " + e.getErrorCode());
    }
  }

  static byte[] echoRequest(boolean v6, int identifier, int seq) {
    byte[] p = new byte[ECHO_HEADER_BYTES + PAYLOAD.length];
    p[0] = (byte) (v6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO_REQUEST);
    p[4] = (byte) (identifier >> 8);
    p[5] = (byte) identifier;
    p[6] = (byte) (seq >> 8);
    p[7] = (byte) seq;
    System.arraycopy(PAYLOAD, 0, p, ECHO_HEADER_BYTES, PAYLOAD.length);
    if (!v6) {
      // RFC 792: ones' complement of the ones' complement sum; for ICMPv6 the kernel fills it in
      // (raw ICMPv6 sockets always checksum, RFC 3542 section 3.1).
      int sum = checksum(p);
      p[2] = (byte) (sum >> 8);
      p[3] = (byte) sum;
    }
    return p;
  }

  static int checksum(byte[] data) {
    long sum = 0;
    for (int i = 0; i + 1 < data.length; i += 2) {
      sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
    }
    if ((data.length & 1) == 1) {
      sum += (data[data.length - 1] & 0xff) << 8;
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) (~sum & 0xffff);
  }

  private void receiveLoop() {
    byte[] buf = new byte[2048];
    byte[] from = new byte[28];
    IntByReference fromLen = new IntByReference();
    while (!closed) {
      int n;
      try {
        fromLen.setValue(from.length);
        n = (int) LibC.INSTANCE.recvfrom(fd, buf, buf.length, 0, from, fromLen);
      } catch (LastErrorException e) {
        if (e.getErrorCode() == LibC.EAGAIN || e.getErrorCode() == LibC.EINTR) {
          continue;
        }
        if (!closed) {
          log.warn("ICMP receive failed (errno {}); retrying", e.getErrorCode());
          sleepQuietly();
        }
        continue;
      }
      try {
        dispatch(Arrays.copyOf(buf, n), from);
      } catch (RuntimeException e) {
        foreignPackets.incrementAndGet();
        log.debug("dropped a malformed ICMP packet", e);
      }
    }
  }

  private void dispatch(byte[] packet, byte[] from) {
    int offset = 0;
    if (!v6) {
      offset = (packet[0] & 0x0f) * 4; // a raw IPv4 socket hands us the IP header too
    }
    if (packet.length < offset + ECHO_HEADER_BYTES) {
      foreignPackets.incrementAndGet();
      return;
    }
    int type = packet[offset] & 0xff;
    InetAddress source = sourceOf(from);
    if (type == (v6 ? ICMP6_ECHO_REPLY : ICMP_ECHO_REPLY)) {
      matchReply(packet, offset, source);
    } else if (type == (v6 ? ICMP6_DEST_UNREACH : ICMP_DEST_UNREACH)) {
      matchError(packet, offset, source);
    } else {
      foreignPackets.incrementAndGet();
    }
  }

  private void matchReply(byte[] packet, int offset, InetAddress source) {
    int id = u16(packet, offset + 4);
    int seq = u16(packet, offset + 6);
    Pending p = id == identifier ? pending.get(seq) : null;
    if (p == null || !p.target.equals(source)) {
      foreignPackets.incrementAndGet();
      return;
    }
    p.attempt.ok();
  }

  /** An unreachable error quoting our echo request: RFC 792 / RFC 4443 section 3.1 (invoking packet follows). */
  private void matchError(byte[] packet, int offset, InetAddress reporter) {
    int inner = offset + ECHO_HEADER_BYTES;
    int innerIcmp;
    if (v6) {
      innerIcmp = inner + 40;
    } else {
      if (packet.length <= inner) {
        foreignPackets.incrementAndGet();
        return;
      }
      innerIcmp = inner + (packet[inner] & 0x0f) * 4;
    }
    if (packet.length < innerIcmp + ECHO_HEADER_BYTES
        || (packet[innerIcmp] & 0xff) != (v6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO_REQUEST)
        || u16(packet, innerIcmp + 4) != identifier) {
      foreignPackets.incrementAndGet();
      return;
    }
    Pending p = pending.get(u16(packet, innerIcmp + 6));
    if (p == null) {
      foreignPackets.incrementAndGet();
      return;
    }
    int code = packet[offset + 1] & 0xff;
    p.attempt.fail(Outcome.UNREACHABLE, "destination unreachable (code " + code + ") from "
        + reporter.getHostAddress());
  }

  private InetAddress sourceOf(byte[] sa) {
    try {
      return v6 ? InetAddress.getByAddress(Arrays.copyOfRange(sa, 8, 24))
          : InetAddress.getByAddress(Arrays.copyOfRange(sa, 4, 8));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("bad address length", e);
    }
  }

  /** struct sockaddr_in / sockaddr_in6 with port 0 (family in host byte order, x86-64 little-endian). */
  static byte[] sockaddr(InetAddress a) {
    if (a instanceof Inet4Address) {
      byte[] sa = new byte[16];
      sa[0] = (byte) LibC.AF_INET;
      System.arraycopy(a.getAddress(), 0, sa, 4, 4);
      return sa;
    }
    Inet6Address a6 = (Inet6Address) a;
    byte[] sa = new byte[28];
    sa[0] = (byte) LibC.AF_INET6;
    System.arraycopy(a6.getAddress(), 0, sa, 8, 16);
    int scope = a6.getScopeId();
    sa[24] = (byte) scope;
    sa[25] = (byte) (scope >> 8);
    sa[26] = (byte) (scope >> 16);
    sa[27] = (byte) (scope >> 24);
    return sa;
  }

  private static int u16(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  private static void putLongLe(byte[] b, int off, long v) {
    for (int i = 0; i < 8; i++) {
      b[off + i] = (byte) (v >> (8 * i));
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      receiver.join(RECEIVE_POLL_MILLIS * 3L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LibC.INSTANCE.close(fd);
    pending.values().forEach(p -> p.attempt.fail(Outcome.INTERNAL_ERROR, "ICMP engine closed"));
  }
}
