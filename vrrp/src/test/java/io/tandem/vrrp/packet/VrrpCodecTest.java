package io.tandem.vrrp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VrrpCodecTest {
  private static final InetAddress SRC4 = addr("192.0.2.1");
  private static final InetAddress GROUP4 = addr("224.0.0.18");
  private static final InetAddress SRC6 = addr("fe80::1");
  private static final InetAddress GROUP6 = addr("ff02::12");
  private static final IpContext IP4 = IpContext.forSending(SRC4, GROUP4);

  private static VrrpAdvert v3(int prio) {
    return VrrpAdvert.v3(7, prio, Duration.ofMillis(100), List.of(addr("192.0.2.10")));
  }

  private static DropReason dropOf(DecodeResult r) {
    return assertInstanceOf(DecodeResult.Dropped.class, r, () -> "expected a drop, got " + r).reason();
  }

  @Test
  void packetsWithTtlBelow255AreDropped() {
    byte[] bytes = VrrpCodec.encode(v3(100), IP4);
    assertEquals(DropReason.TTL_NOT_255, dropOf(VrrpCodec.decode(bytes, new IpContext(SRC4, GROUP4, 254))));
  }

  @Test
  void shortPacketsAreDropped() {
    assertEquals(DropReason.TRUNCATED_HEADER, dropOf(VrrpCodec.decode(new byte[7], IP4)));
    assertEquals(DropReason.TRUNCATED_HEADER, dropOf(VrrpCodec.decode(new byte[0], IP4)));
  }

  @Test
  void unknownVersionAndTypeAreDropped() {
    byte[] bytes = VrrpCodec.encode(v3(100), IP4);
    bytes[0] = 0x41;
    assertEquals(DropReason.UNSUPPORTED_VERSION, dropOf(VrrpCodec.decode(bytes, IP4)));
    bytes[0] = 0x32;
    assertEquals(DropReason.UNKNOWN_TYPE, dropOf(VrrpCodec.decode(bytes, IP4)));
  }

  @Test
  void vrrpV2OverIpv6IsDropped() {
    byte[] bytes = VrrpCodec.encode(VrrpAdvert.v2(7, 100, Duration.ofSeconds(1), List.of(), null), IP4);
    assertEquals(DropReason.UNSUPPORTED_VERSION, dropOf(VrrpCodec.decode(bytes, IpContext.forSending(SRC6, GROUP6))));
  }

  @Test
  void lengthMustMatchTheAddressCount() {
    byte[] bytes = VrrpCodec.encode(v3(100), IP4);
    bytes[3] = 2; // claims two addresses, carries one
    assertEquals(DropReason.LENGTH_MISMATCH, dropOf(VrrpCodec.decode(bytes, IP4)));
    byte[] longer = java.util.Arrays.copyOf(VrrpCodec.encode(v3(100), IP4), 17);
    assertEquals(DropReason.LENGTH_MISMATCH, dropOf(VrrpCodec.decode(longer, IP4)));
  }

  @Test
  void v3ChecksumCoversThePseudoHeader() {
    byte[] bytes = VrrpCodec.encode(v3(100), IP4);
    // The same bytes from another source fail: the source address is in the pseudo-header (RFC 5798 §5.2.8).
    assertEquals(DropReason.BAD_CHECKSUM, dropOf(VrrpCodec.decode(bytes, IpContext.forSending(addr("192.0.2.2"), GROUP4))));
    assertInstanceOf(DecodeResult.Ok.class, VrrpCodec.decode(bytes, IP4));
  }

  @Test
  void v2ChecksumDoesNotDependOnTheIpHeader() {
    byte[] bytes = VrrpCodec.encode(VrrpAdvert.v2(7, 100, Duration.ofSeconds(1), List.of(addr("192.0.2.10")), "pw"), IP4);
    assertInstanceOf(DecodeResult.Ok.class, VrrpCodec.decode(bytes, IpContext.forSending(addr("192.0.2.99"), GROUP4)));
  }

  @Test
  void ipAuthHeaderAndUnknownAuthTypesAreDropped() {
    VrrpAdvert advert = new VrrpAdvert(VrrpVersion.V2, VrrpType.ADVERTISEMENT, 7, 100, AuthType.IP_AUTH_HEADER,
        Duration.ofSeconds(1), 0, List.of(), new byte[8]);
    assertEquals(DropReason.UNSUPPORTED_AUTH_TYPE, dropOf(VrrpCodec.decode(VrrpCodec.encode(advert, IP4), IP4)));
  }

  @Test
  void vridZeroIsDropped() {
    byte[] bytes = VrrpCodec.encode(v3(100), IP4);
    bytes[1] = 0;
    fixChecksum(bytes, IP4);
    assertEquals(DropReason.INVALID_VRID, dropOf(VrrpCodec.decode(bytes, IP4)));
  }

  @Test
  void reservedBitsAreIgnoredOnReceipt() {
    byte[] bytes = VrrpCodec.encode(v3(100), IP4);
    bytes[4] |= (byte) 0xf0;
    fixChecksum(bytes, IP4);
    VrrpAdvert decoded = assertInstanceOf(DecodeResult.Ok.class, VrrpCodec.decode(bytes, IP4)).advert();
    assertEquals(Duration.ofMillis(100), decoded.advertInterval());
  }

  @Test
  void ipv4MappedIpv6AddressesStayIpv6() {
    VrrpAdvert advert = VrrpAdvert.v3(9, 100, Duration.ofMillis(100), List.of(addr("2001:db8::1")));
    byte[] bytes = VrrpCodec.encode(advert, IpContext.forSending(SRC6, GROUP6));
    // Overwrite the address with ::ffff:192.0.2.1; recompute the checksum.
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 1};
    System.arraycopy(mapped, 0, bytes, 8, 16);
    fixChecksum(bytes, IpContext.forSending(SRC6, GROUP6));
    VrrpAdvert decoded = assertInstanceOf(DecodeResult.Ok.class, VrrpCodec.decode(bytes, IpContext.forSending(SRC6, GROUP6))).advert();
    assertInstanceOf(java.net.Inet6Address.class, decoded.addresses().get(0));
  }

  @Test
  void encoderRefusesMismatchedFamilies() {
    assertThrows(IllegalArgumentException.class, () -> VrrpCodec.encode(v3(100), IpContext.forSending(SRC6, GROUP6)));
  }

  @Test
  void recordRejectsOutOfRangeFields() {
    assertThrows(IllegalArgumentException.class, () -> VrrpAdvert.v3(0, 100, Duration.ofMillis(100), List.of()));
    assertThrows(IllegalArgumentException.class, () -> VrrpAdvert.v3(1, 256, Duration.ofMillis(100), List.of()));
    assertThrows(IllegalArgumentException.class, () -> VrrpAdvert.v3(1, 100, Duration.ofMillis(105), List.of()));
    assertThrows(IllegalArgumentException.class, () -> VrrpAdvert.v3(1, 100, Duration.ofSeconds(41), List.of()));
    assertThrows(IllegalArgumentException.class, () -> VrrpAdvert.v2(1, 100, Duration.ofMillis(1500), List.of(), null));
    assertThrows(IllegalArgumentException.class,
        () -> VrrpAdvert.v2(1, 100, Duration.ofSeconds(1), List.of(addr("2001:db8::1")), null));
  }

  @Test
  void passwordsAreZeroPaddedAndTruncatedToEightBytes() {
    assertEquals("6162000000000000", java.util.HexFormat.of().formatHex(VrrpAdvert.passwordBytes("ab")));
    assertEquals("3132333435363738", java.util.HexFormat.of().formatHex(VrrpAdvert.passwordBytes("123456789")));
  }

  @Test
  void toStringDoesNotLeakThePassword() {
    VrrpAdvert advert = VrrpAdvert.v2(7, 100, Duration.ofSeconds(1), List.of(), "s3cret");
    assertEquals(-1, advert.toString().indexOf("s3cret"));
  }

  /** Rewrites a v3 packet's checksum after a test edited its bytes. */
  private static void fixChecksum(byte[] bytes, IpContext ip) {
    bytes[6] = 0;
    bytes[7] = 0;
    int sum = VrrpCodec.checksum(VrrpVersion.V3, bytes, 0, bytes.length, ip);
    bytes[6] = (byte) (sum >>> 8);
    bytes[7] = (byte) sum;
  }

  static InetAddress addr(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }
}
