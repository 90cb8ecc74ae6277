package io.tandem.vrrp.bench;

import io.tandem.vrrp.packet.DecodeResult;
import io.tandem.vrrp.packet.IpContext;
import io.tandem.vrrp.packet.VrrpAdvert;
import io.tandem.vrrp.packet.VrrpCodec;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * A short throughput harness for the codec (not a test): encodes and decodes a v3/IPv4 advert
 * with 3 VIPs and a v3/IPv6 one, a few seconds each, single thread. Run from the module directory:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.tandem.vrrp.bench.CodecThroughput}
 * (see docs/bench-vrrp.md).
 */
public final class CodecThroughput {
  private CodecThroughput() {}

  public static void main(String[] args) throws Exception {
    IpContext ip4 = IpContext.forSending(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("224.0.0.18"));
    IpContext ip6 = IpContext.forSending(InetAddress.getByName("fe80::1"), InetAddress.getByName("ff02::12"));
    VrrpAdvert a4 = VrrpAdvert.v3(51, 150, Duration.ofMillis(100), List.of(InetAddress.getByName("192.0.2.10"),
        InetAddress.getByName("192.0.2.11"), InetAddress.getByName("192.0.2.12")));
    VrrpAdvert a6 = VrrpAdvert.v3(51, 150, Duration.ofMillis(100), List.of(InetAddress.getByName("2001:db8::10"),
        InetAddress.getByName("2001:db8::11"), InetAddress.getByName("2001:db8::12")));
    for (int round = 0; round < 2; round++) { // round 0 warms up the JIT
      report(round, "encode v3/IPv4 3 VIPs", () -> VrrpCodec.encode(a4, ip4).length);
      byte[] b4 = VrrpCodec.encode(a4, ip4);
      report(round, "decode v3/IPv4 3 VIPs", () -> VrrpCodec.decode(b4, ip4) instanceof DecodeResult.Ok ? 1 : 0);
      report(round, "encode v3/IPv6 3 VIPs", () -> VrrpCodec.encode(a6, ip6).length);
      byte[] b6 = VrrpCodec.encode(a6, ip6);
      report(round, "decode v3/IPv6 3 VIPs", () -> VrrpCodec.decode(b6, ip6) instanceof DecodeResult.Ok ? 1 : 0);
    }
  }

  private interface Op {
    int run();
  }

  private static void report(int round, String name, Op op) {
    long sink = 0;
    long n = 0;
    long start = System.nanoTime();
    long end = start + 2_000_000_000L;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 10_000; i++) {
        sink += op.run();
      }
      n += 10_000;
    }
    double secs = (System.nanoTime() - start) / 1e9;
    if (round > 0) {
      System.out.printf("%-24s %,12.0f ops/s  %6.0f ns/op  (checksum %d)%n", name, n / secs, secs * 1e9 / n, sink % 7);
    }
  }
}
