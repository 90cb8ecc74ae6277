package io.tandem.e2e.wire;

import io.tandem.netlink.MacAddress;
import io.tandem.netlink.Namespaces;
import io.tandem.vrrp.net.Checksums;
import io.tandem.vrrp.net.VrrpPacketIo;
import io.tandem.vrrp.packet.IpContext;
import io.tandem.vrrp.packet.VrrpAdvert;
import io.tandem.vrrp.packet.VrrpCodec;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A hostile host on the VRRP segment: sends malformed or unauthorised adverts to 224.0.0.18 from
 * a namespace, one at a time or as a paced flood. Every frame claims priority 254 for the
 * routers under test, so any frame that got through would make a backup take over.
 *
 * <p>The frames are built here byte by byte (the production encoders refuse to build most of
 * them), from a valid advert encoded by the real codec and then damaged in one place.
 */
final class HostileSender implements AutoCloseable {
  static final InetAddress GROUP = ip("224.0.0.18");

  /** One kind of bad frame, and the drop reason Tandem must count it under in /metrics. */
  enum Kind {
    /** VRRPv2 advert for the password-protected router with the wrong password. */
    WRONG_PASSWORD("wrong_password"),
    /** A well-formed VRRPv3 advert for a VRID nobody here runs. */
    WRONG_VRID("unknown_vrid"),
    /** TTL 64: may have crossed a router (RFC 5798 §7.1). */
    TTL_NOT_255("ttl_not_255"),
    /** VRRP checksum off by one bit pattern. */
    BAD_CHECKSUM("bad_checksum"),
    /** Version field 4. */
    BAD_VERSION("unsupported_version"),
    /** Address count 200 in a message with room for one address. */
    IMPOSSIBLE_COUNT("length_mismatch"),
    /** A VRRP message of 4 bytes (the header alone is 8). */
    TRUNCATED_VRRP("truncated_header"),
    /** The IP header announces 40 more bytes than the frame carries. */
    TRUNCATED_FRAME("truncated");

    final String reason;

    Kind(String reason) {
      this.reason = reason;
    }
  }

  private final VrrpPacketIo io;
  private final VrrpPacketIo second; // a flood's second thread sends through its own handle
  private final Map<Kind, byte[]> frames = new EnumMap<>(Kind.class);

  /**
   * Opens a send-only pcap handle on eth0 of namespace {@code ns}. {@code v3Vrid}/{@code v3Vip}
   * name the VRRPv3 router under attack, {@code v2Vrid}/{@code v2Vip} the password-protected one.
   */
  HostileSender(String ns, Inet4Address source, int v3Vrid, InetAddress v3Vip, int v2Vrid, InetAddress v2Vip) {
    this.io = Namespaces.call(Namespaces.named(ns), () -> VrrpPacketIo.open("eth0", null));
    this.second = Namespaces.call(Namespaces.named(ns), () -> VrrpPacketIo.open("eth0", null));
    MacAddress mac = io.interfaceMac();
    IpContext ctx = IpContext.forSending(source, GROUP);
    byte[] v3 = VrrpCodec.encode(VrrpAdvert.v3(v3Vrid, 254, Duration.ofMillis(100), List.of(v3Vip)), ctx);
    byte[] wrongPassword = VrrpCodec.encode(VrrpAdvert.v2(v2Vrid, 254, Duration.ofSeconds(1), List.of(v2Vip), "intruder"),
        ctx);
    byte[] otherVrid = VrrpCodec.encode(VrrpAdvert.v3(199, 254, Duration.ofMillis(100), List.of(v3Vip)), ctx);
    byte[] badChecksum = v3.clone();
    badChecksum[6] ^= 0x5a;
    byte[] badVersion = v3.clone();
    badVersion[0] = (byte) ((4 << 4) | 1);
    byte[] impossibleCount = v3.clone();
    impossibleCount[3] = (byte) 200;
    frames.put(Kind.WRONG_PASSWORD, frame(mac, source, wrongPassword, 255, 0));
    frames.put(Kind.WRONG_VRID, frame(mac, source, otherVrid, 255, 0));
    frames.put(Kind.TTL_NOT_255, frame(mac, source, v3, 64, 0));
    frames.put(Kind.BAD_CHECKSUM, frame(mac, source, badChecksum, 255, 0));
    frames.put(Kind.BAD_VERSION, frame(mac, source, badVersion, 255, 0));
    frames.put(Kind.IMPOSSIBLE_COUNT, frame(mac, source, impossibleCount, 255, 0));
    frames.put(Kind.TRUNCATED_VRRP, frame(mac, source, Arrays.copyOf(v3, 4), 255, 0));
    frames.put(Kind.TRUNCATED_FRAME, frame(mac, source, v3, 255, 40));
  }

  /** Ethernet + IPv4 (protocol 112, to 224.0.0.18) around {@code payload}, TTL {@code ttl}, total length overstated by {@code lie}. */
  static byte[] frame(MacAddress mac, Inet4Address source, byte[] payload, int ttl, int lie) {
    byte[] f = new byte[14 + 20 + payload.length];
    MacAddress.parse("01:00:5e:00:00:12").writeTo(f, 0);
    mac.writeTo(f, 6);
    f[12] = 0x08;
    int ip = 14;
    f[ip] = 0x45;
    f[ip + 1] = (byte) 0xc0;
    int total = 20 + payload.length + lie;
    f[ip + 2] = (byte) (total >> 8);
    f[ip + 3] = (byte) total;
    f[ip + 8] = (byte) ttl;
    f[ip + 9] = 112;
    System.arraycopy(source.getAddress(), 0, f, ip + 12, 4);
    System.arraycopy(GROUP.getAddress(), 0, f, ip + 16, 4);
    int sum = Checksums.internet(f, ip, 20);
    f[ip + 10] = (byte) (sum >> 8);
    f[ip + 11] = (byte) sum;
    System.arraycopy(payload, 0, f, ip + 20, payload.length);
    return f;
  }

  void send(Kind kind, int count) {
    byte[] f = frames.get(kind);
    for (int i = 0; i < count; i++) {
      io.sendFrame(f);
    }
  }

  /** What a flood achieved. */
  record Flood(long sent, long nanos, Map<Kind, Long> perKind) {
    double ratePerSecond() {
      return sent * 1e9 / nanos;
    }
  }

  /**
   * Sends {@code kinds} round-robin at {@code perSecond} for {@code duration}, paced in 1 ms
   * slots (so a slow slot does not turn into a burst later: missed frames are skipped).
   */
  Flood flood(List<Kind> kinds, int perSecond, Duration duration) {
    // Two sending threads at normal priority. Not real-time: each frame's trip through the bridge
    // runs as a softirq, which the kernel hands to ksoftirqd (a normal thread) under load; a
    // real-time sender would starve it and delay every frame on the segment, the routers'
    // adverts included (measured: 1 s without an advert on the wire), which is the lab's doing,
    // not the routers'.
    int threads = 2;
    List<java.util.concurrent.CompletableFuture<Flood>> parts = new java.util.ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int share = perSecond / threads;
      VrrpPacketIo through = i == 0 ? io : second;
      parts.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> floodHere(through, kinds, share, duration),
          r -> new Thread(r, "hostile-flood").start()));
    }
    Map<Kind, Long> perKind = new EnumMap<>(Kind.class);
    long sent = 0;
    long nanos = 0;
    for (var part : parts) {
      Flood f = part.join();
      sent += f.sent();
      nanos = Math.max(nanos, f.nanos());
      f.perKind().forEach((k, v) -> perKind.merge(k, v, Long::sum));
    }
    return new Flood(sent, nanos, perKind);
  }

  private Flood floodHere(VrrpPacketIo through, List<Kind> kinds, int perSecond, Duration duration) {
    Map<Kind, Long> perKind = new EnumMap<>(Kind.class);
    byte[][] cycle = kinds.stream().map(frames::get).toArray(byte[][]::new);
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long sent = 0;
    int next = 0;
    long slot = 1_000_000L;
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        break;
      }
      long due = (now - start) * perSecond / 1_000_000_000L; // frames due by now
      long maxBurst = Math.max(50, perSecond / 10); // fell behind by more than 100 ms: skip, do not burst
      if (due - sent > maxBurst) {
        sent = due - maxBurst;
      }
      while (sent < due) {
        through.sendFrame(cycle[next]);
        perKind.merge(kinds.get(next), 1L, Long::sum);
        next = (next + 1) % cycle.length;
        sent++;
      }
      LockSupport.parkNanos(slot);
    }
    long total = perKind.values().stream().mapToLong(Long::longValue).sum();
    return new Flood(total, System.nanoTime() - start, perKind);
  }

  @Override
  public void close() {
    io.close();
    second.close();
  }

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
