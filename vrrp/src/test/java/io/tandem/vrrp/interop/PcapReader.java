package io.tandem.vrrp.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Just enough of the classic pcap format (Ethernet link type) to pull IP packets out of a capture. */
final class PcapReader {
  /** One IPv4/IPv6 packet: capture time, header fields the VRRP codec needs, and the IP payload. */
  record IpPacket(long timestampNanos, InetAddress source, InetAddress destination, int ttl, int protocol, byte[] payload) {}

  private PcapReader() {}

  static List<IpPacket> read(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    if (magic == 0xa1b2c3d4) {
      b.order(ByteOrder.LITTLE_ENDIAN);
    } else if (Integer.reverseBytes(magic) == 0xa1b2c3d4) {
      b.order(ByteOrder.BIG_ENDIAN);
    } else {
      throw new IOException("not a microsecond pcap file: magic " + Integer.toHexString(magic));
    }
    if (b.getInt(20) != 1) {
      throw new IOException("link type " + b.getInt(20) + ", expected Ethernet");
    }
    List<IpPacket> out = new ArrayList<>();
    int at = 24;
    while (at + 16 <= b.limit()) {
      long sec = b.getInt(at) & 0xffffffffL;
      long usec = b.getInt(at + 4) & 0xffffffffL;
      int caplen = b.getInt(at + 8);
      int frame = at + 16;
      at = frame + caplen;
      if (at > b.limit() || caplen < 14) {
        break; // truncated tail of a capture that was stopped mid-write
      }
      byte[] f = Arrays.copyOfRange(b.array(), frame, frame + caplen);
      int ethertype = ((f[12] & 0xff) << 8) | (f[13] & 0xff);
      long ts = sec * 1_000_000_000L + usec * 1000;
      if (ethertype == 0x0800) {
        int ihl = (f[14] & 0x0f) * 4;
        int total = ((f[16] & 0xff) << 8) | (f[17] & 0xff);
        out.add(new IpPacket(ts, InetAddress.getByAddress(Arrays.copyOfRange(f, 26, 30)),
            InetAddress.getByAddress(Arrays.copyOfRange(f, 30, 34)), f[22] & 0xff, f[23] & 0xff,
            Arrays.copyOfRange(f, 14 + ihl, 14 + total)));
      } else if (ethertype == 0x86dd) {
        int payloadLength = ((f[18] & 0xff) << 8) | (f[19] & 0xff);
        out.add(new IpPacket(ts, InetAddress.getByAddress(Arrays.copyOfRange(f, 22, 38)),
            InetAddress.getByAddress(Arrays.copyOfRange(f, 38, 54)), f[21] & 0xff, f[20] & 0xff,
            Arrays.copyOfRange(f, 54, 54 + payloadLength)));
      }
    }
    return out;
  }
}
