package io.tandem.vrrp.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class VrrpCodecPropertyTest {
  private static final IpContext IP4 = ip("192.0.2.1", "224.0.0.18");
  private static final IpContext IP6 = ip("fe80::1", "ff02::12");

  @Property(tries = 2000)
  void decodeNeverThrowsOnArbitraryBytes(@ForAll byte[] payload, @ForAll boolean ipv6, @ForAll("ttls") int ttl) {
    IpContext base = ipv6 ? IP6 : IP4;
    VrrpCodec.decode(payload, new IpContext(base.source(), base.destination(), ttl));
  }

  @Property(tries = 2000)
  void decodeNeverThrowsOnMutatedValidPackets(@ForAll("adverts") Sample sample, @ForAll("mutations") List<Integer> flips) {
    byte[] bytes = VrrpCodec.encode(sample.advert(), sample.ip());
    for (int flip : flips) {
      bytes[Math.floorMod(flip, bytes.length)] ^= (byte) (flip >>> 8 | 1);
    }
    VrrpCodec.decode(bytes, sample.ip());
  }

  @Property(tries = 2000)
  void encodeThenDecodeIsIdentity(@ForAll("adverts") Sample sample) {
    byte[] bytes = VrrpCodec.encode(sample.advert(), sample.ip());
    VrrpAdvert decoded = assertInstanceOf(DecodeResult.Ok.class, VrrpCodec.decode(bytes, sample.ip())).advert();
    assertEquals(sample.advert(), decoded.withChecksum(0));
    assertArrayEquals(bytes, VrrpCodec.encode(decoded, sample.ip()));
    assertEquals(VrrpCodec.encodedLength(sample.advert()), bytes.length);
  }

  record Sample(VrrpAdvert advert, IpContext ip) {}

  @Provide
  Arbitrary<Integer> ttls() {
    return Arbitraries.oneOf(Arbitraries.just(255), Arbitraries.integers().between(0, 255));
  }

  @Provide
  Arbitrary<List<Integer>> mutations() {
    return Arbitraries.integers().between(0, 0xffff).list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<Sample> adverts() {
    Arbitrary<Integer> vrid = Arbitraries.integers().between(1, 255);
    Arbitrary<Integer> prio = Arbitraries.integers().between(0, 255);
    Arbitrary<Integer> count = Arbitraries.integers().between(0, 20);
    Arbitrary<Long> seed = Arbitraries.longs();
    Arbitrary<Integer> kind = Arbitraries.integers().between(0, 2); // v2, v3/IPv4, v3/IPv6
    Arbitrary<Integer> interval = Arbitraries.integers().between(0, 4095);
    Arbitrary<String> password = Arbitraries.strings().ascii().ofMaxLength(10).injectNull(0.3);
    return Combinators.combine(vrid, prio, count, seed, kind, interval, password).as((v, p, n, s, k, iv, pw) -> {
      java.util.Random r = new java.util.Random(s);
      List<InetAddress> addrs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] raw = new byte[k == 2 ? 16 : 4];
        r.nextBytes(raw);
        addrs.add(k == 2 ? inet6(raw) : inet(raw));
      }
      return switch (k) {
        case 0 -> new Sample(VrrpAdvert.v2(v, p, Duration.ofSeconds(iv % 256), addrs, pw), IP4);
        case 1 -> new Sample(VrrpAdvert.v3(v, p, Duration.ofMillis(iv * 10L), addrs), IP4);
        default -> new Sample(VrrpAdvert.v3(v, p, Duration.ofMillis(iv * 10L), addrs), IP6);
      };
    });
  }

  private static InetAddress inet(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InetAddress inet6(byte[] raw) {
    try {
      return java.net.Inet6Address.getByAddress(null, raw, -1);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static IpContext ip(String src, String dst) {
    try {
      return IpContext.forSending(InetAddress.getByName(src), InetAddress.getByName(dst));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
