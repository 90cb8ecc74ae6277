package io.tandem.e2e.migrate;

import io.tandem.testkit.NetnsLab;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Every VRRP packet that crosses the bridge, captured by tcpdump in the switch namespace into a
 * pcap file and decoded here, independently of Tandem's own codec (RFC 3768 §5 for version 2, RFC
 * 5798 §5 for version 3), checksum included. The bridge device is put in promiscuous mode by
 * tcpdump, so it also sees the unicast adverts forwarded between two ports.
 */
final class VrrpCapture implements AutoCloseable {
  private static final int PROTO_VRRP = 112;
  private final Process tcpdump;
  private final Path file;

  private VrrpCapture(Process tcpdump, Path file) {
    this.tcpdump = tcpdump;
    this.file = file;
  }

  /** Starts tcpdump on {@code dev} in {@code ns}, writing to {@code file}; returns once it listens. */
  static VrrpCapture start(NetnsLab lab, String ns, String dev, Path file) {
    ProcessBuilder pb = new ProcessBuilder("tcpdump", "-i", dev, "-U", "-n", "-w", file.toString(),
        "ip proto " + PROTO_VRRP + " or ip6 proto " + PROTO_VRRP).redirectErrorStream(true);
    Process p = lab.start(ns, pb);
    // tcpdump says "listening on ..." once the filter is attached; packets before that are lost.
    CompletableFuture<Boolean> listening = CompletableFuture.supplyAsync(() -> {
      try {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
          if (line.contains("listening on")) {
            Thread.ofVirtual().start(() -> drain(r));
            return true;
          }
        }
        return false;
      } catch (IOException e) {
        return false;
      }
    });
    try {
      if (!listening.get(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("tcpdump exited before listening (exit " + p.exitValue() + ")");
      }
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IllegalStateException("tcpdump did not start listening on " + dev + " in " + ns, e);
    }
    return new VrrpCapture(p, file);
  }

  private static void drain(BufferedReader r) {
    try {
      while (r.readLine() != null) {
        // tcpdump's closing statistics: not needed
      }
    } catch (IOException ignored) {
      // stopped
    }
  }

  /** Stops tcpdump (SIGTERM: it flushes the file) and decodes what it captured. */
  List<Advert> stop() {
    close();
    try {
      return decode(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (tcpdump.isAlive()) {
      tcpdump.destroy();
      try {
        if (!tcpdump.waitFor(10, TimeUnit.SECONDS)) {
          tcpdump.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * One captured VRRP packet: where it came from and went, and every field of the advert. The
   * {@code interval} is the raw field: seconds in version 2, centiseconds in version 3.
   */
  record Advert(long micros, String srcMac, String dstMac, String src, String dst, int hopLimit, int version,
      int type, int vrid, int priority, int authType, int interval, List<String> addresses, String authData,
      boolean checksumOk) {

    /** Everything on the wire that the configuration decides (not who sent it or when). */
    String fields() {
      return "v" + version + " type " + type + " vrid " + vrid + " prio " + priority + " intvl "
          + interval + (version == 3 ? "cs" : "s") + (version == 2 ? " auth " + authType + " '" + authData + "'" : "")
          + " addrs " + addresses + " to " + dst + " ttl " + hopLimit + (checksumOk ? "" : " BAD-CHECKSUM");
    }
  }

  /** Decodes a classic pcap file (either byte order, µs or ns timestamps) of Ethernet frames. */
  static List<Advert> decode(byte[] pcap) {
    List<Advert> out = new ArrayList<>();
    if (pcap.length < 24) {
      return out; // tcpdump stopped before writing its header: nothing captured
    }
    ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
    int magic = b.getInt(0);
    if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
      b.order(ByteOrder.BIG_ENDIAN);
      magic = b.getInt(0);
    }
    boolean nanos = magic == 0xa1b23c4d;
    if (magic != 0xa1b2c3d4 && !nanos) {
      throw new IllegalArgumentException("not a pcap file: magic " + Integer.toHexString(magic));
    }
    int linkType = b.getInt(20);
    if (linkType != 1) {
      throw new IllegalArgumentException("expected Ethernet captures (link type 1), got " + linkType);
    }
    int at = 24;
    while (at + 16 <= pcap.length) {
      long sec = Integer.toUnsignedLong(b.getInt(at));
      long frac = Integer.toUnsignedLong(b.getInt(at + 4));
      int caplen = b.getInt(at + 8);
      at += 16;
      if (caplen < 0 || at + caplen > pcap.length) {
        break; // a record cut short when tcpdump was stopped
      }
      byte[] frame = new byte[caplen];
      System.arraycopy(pcap, at, frame, 0, caplen);
      at += caplen;
      Advert a = frame(sec * 1_000_000 + (nanos ? frac / 1000 : frac), frame);
      if (a != null) {
        out.add(a);
      }
    }
    return out;
  }

  private static Advert frame(long micros, byte[] f) {
    if (f.length < 14) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(f); // network order
    String dstMac = mac(f, 0);
    String srcMac = mac(f, 6);
    int etherType = b.getShort(12) & 0xffff;
    int l3 = 14;
    if (etherType == 0x0800 && f.length >= l3 + 20) {
      int ihl = (f[l3] & 0x0f) * 4;
      int total = b.getShort(l3 + 2) & 0xffff;
      if ((f[l3 + 9] & 0xff) != PROTO_VRRP) {
        return null;
      }
      byte[] src = slice(f, l3 + 12, 4);
      byte[] dst = slice(f, l3 + 16, 4);
      int ttl = f[l3 + 8] & 0xff;
      byte[] vrrp = slice(f, l3 + ihl, Math.min(total, f.length - l3) - ihl);
      return vrrp(micros, srcMac, dstMac, src, dst, ttl, vrrp, 4);
    }
    if (etherType == 0x86dd && f.length >= l3 + 40) {
      if ((f[l3 + 6] & 0xff) != PROTO_VRRP) {
        return null;
      }
      int payload = b.getShort(l3 + 4) & 0xffff;
      byte[] src = slice(f, l3 + 8, 16);
      byte[] dst = slice(f, l3 + 24, 16);
      int hop = f[l3 + 7] & 0xff;
      byte[] vrrp = slice(f, l3 + 40, Math.min(payload, f.length - l3 - 40));
      return vrrp(micros, srcMac, dstMac, src, dst, hop, vrrp, 16);
    }
    return null;
  }

  private static Advert vrrp(long micros, String srcMac, String dstMac, byte[] src, byte[] dst, int hop, byte[] v,
      int addrLen) {
    if (v.length < 8) {
      return null;
    }
    int version = (v[0] >> 4) & 0x0f;
    int type = v[0] & 0x0f;
    int vrid = v[1] & 0xff;
    int priority = v[2] & 0xff;
    int count = v[3] & 0xff;
    int authType = 0;
    int interval;
    if (version == 2) {
      authType = v[4] & 0xff; // RFC 3768 §5.3.6
      interval = v[5] & 0xff; // §5.3.7, seconds
    } else {
      interval = ((v[4] & 0x0f) << 8) | (v[5] & 0xff); // RFC 5798 §5.2.7, centiseconds
    }
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < count && 8 + (i + 1) * addrLen <= v.length; i++) {
      addresses.add(address(slice(v, 8 + i * addrLen, addrLen)));
    }
    String authData = "";
    int authAt = 8 + count * addrLen;
    if (version == 2 && v.length >= authAt + 8) {
      authData = new String(slice(v, authAt, 8), StandardCharsets.US_ASCII).replace("\0", "");
    }
    boolean checksumOk = checksum(version, src, dst, v) == 0;
    return new Advert(micros, srcMac, dstMac, address(src), address(dst), hop, version, type, vrid, priority,
        authType, interval, List.copyOf(addresses), authData, checksumOk);
  }

  /**
   * The Internet checksum over the message (RFC 3768 §5.3.8: the VRRP message only) or over the
   * pseudo-header plus message (RFC 5798 §5.2.8); 0 when the packet's checksum is right.
   */
  static int checksum(int version, byte[] src, byte[] dst, byte[] msg) {
    long sum = 0;
    if (version == 3) {
      byte[] pseudo;
      if (src.length == 4) {
        pseudo = ByteBuffer.allocate(12).put(src).put(dst).put((byte) 0).put((byte) PROTO_VRRP)
            .putShort((short) msg.length).array();
      } else {
        pseudo = ByteBuffer.allocate(40).put(src).put(dst).putInt(msg.length).put(new byte[3])
            .put((byte) PROTO_VRRP).array();
      }
      sum += words(pseudo);
    }
    sum += words(msg);
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) (~sum & 0xffff);
  }

  private static long words(byte[] d) {
    long sum = 0;
    for (int i = 0; i < d.length; i += 2) {
      int hi = d[i] & 0xff;
      int lo = i + 1 < d.length ? d[i + 1] & 0xff : 0;
      sum += (hi << 8) | lo;
    }
    return sum;
  }

  private static byte[] slice(byte[] d, int from, int len) {
    byte[] out = new byte[Math.max(0, len)];
    System.arraycopy(d, from, out, 0, out.length);
    return out;
  }

  private static String mac(byte[] f, int at) {
    return HexFormat.ofDelimiter(":").formatHex(f, at, at + 6);
  }

  private static String address(byte[] a) {
    try {
      return InetAddress.getByAddress(a).getHostAddress();
    } catch (UnknownHostException e) {
      return HexFormat.of().formatHex(a);
    }
  }
}
