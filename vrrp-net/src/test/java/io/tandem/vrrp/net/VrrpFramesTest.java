package io.tandem.vrrp.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tandem.netlink.MacAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VrrpFramesTest {
  private static final MacAddress KEEPALIVED_MAC = MacAddress.parse("02:00:00:00:0a:01");

  private static VrrpFrame accept(byte[] frame) {
    VrrpFrames.Decoded d = VrrpFrames.decode(frame, frame.length, 42);
    return assertInstanceOf(VrrpFrames.Accepted.class, d, () -> "dropped: " + d).frame();
  }

  private static DropReason drop(byte[] frame) {
    VrrpFrames.Decoded d = VrrpFrames.decode(frame, frame.length, 0);
    return assertInstanceOf(VrrpFrames.Dropped.class, d, () -> "accepted: " + d).reason();
  }

  @Test
  void ipv4AdvertFrameIsByteExactWithKeepalived() throws Exception {
    byte[] captured = Vectors.load("keepalived-vrrp4.hex");
    byte[] payload = Arrays.copyOfRange(captured, 34, captured.length);
    byte[] built = VrrpFrames.ipv4Multicast(KEEPALIVED_MAC, (Inet4Address) InetAddress.getByName("192.0.2.1"), 1, payload);
    assertEquals(HexFormat.of().formatHex(captured), HexFormat.of().formatHex(built));
  }

  @Test
  void ipv6AdvertFrameMatchesKeepalivedApartFromTheKernelsFlowLabel() throws Exception {
    byte[] captured = Vectors.load("keepalived-vrrp6.hex");
    byte[] payload = Arrays.copyOfRange(captured, 54, captured.length);
    byte[] built = VrrpFrames.ipv6Multicast(KEEPALIVED_MAC, (Inet6Address) InetAddress.getByName("fe80::ff:fe00:a01"),
        payload);
    // keepalived's kernel socket filled in an automatic flow label (0x63c5a); we send flow label 0.
    byte[] expected = captured.clone();
    expected[15] &= (byte) 0xf0;
    expected[16] = 0;
    expected[17] = 0;
    assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(built));
  }

  @Test
  void keepalivedIpv4AdvertDecodes() throws Exception {
    byte[] captured = Vectors.load("keepalived-vrrp4.hex");
    VrrpFrame f = accept(captured);
    assertEquals(IpVersion.V4, f.ipVersion());
    assertEquals(KEEPALIVED_MAC, f.sourceMac());
    assertEquals(VrrpFrames.IPV4_GROUP_MAC, f.destinationMac());
    assertEquals(InetAddress.getByName("192.0.2.1"), f.source());
    assertEquals(VrrpFrames.IPV4_GROUP, f.destination());
    assertEquals(255, f.ttl());
    assertArrayEquals(Arrays.copyOfRange(captured, 34, 54), f.payload());
    assertEquals(42, f.receivedNanos());
  }

  @Test
  void keepalivedIpv6AdvertDecodes() throws Exception {
    byte[] captured = Vectors.load("keepalived-vrrp6.hex");
    VrrpFrame f = accept(captured);
    assertEquals(IpVersion.V6, f.ipVersion());
    assertEquals(InetAddress.getByName("fe80::ff:fe00:a01"), f.source());
    assertEquals(VrrpFrames.IPV6_GROUP, f.destination());
    assertEquals(255, f.ttl());
    assertEquals(24, f.payload().length);
    assertEquals(0x31, f.payload()[0]); // version 3, type 1
  }

  @Test
  void ethernetPaddingIsNotPartOfThePayload() {
    byte[] captured = Vectors.load("keepalived-vrrp4.hex");
    byte[] padded = Arrays.copyOf(captured, 60);
    assertEquals(20, accept(padded).payload().length);
  }

  @Test
  void vlanTaggedFrameIsAccepted() {
    byte[] captured = Vectors.load("keepalived-vrrp4.hex");
    byte[] tagged = new byte[captured.length + 4];
    System.arraycopy(captured, 0, tagged, 0, 12);
    tagged[12] = (byte) 0x81;
    tagged[14] = 0x00;
    tagged[15] = 0x0a;
    System.arraycopy(captured, 12, tagged, 16, captured.length - 12);
    assertEquals(20, accept(tagged).payload().length);
  }

  @Test
  void malformedFramesAreDroppedWithAReason() {
    byte[] v4 = Vectors.load("keepalived-vrrp4.hex");
    assertEquals(DropReason.TOO_SHORT, drop(Arrays.copyOf(v4, 30)));
    assertEquals(DropReason.TRUNCATED, drop(Arrays.copyOf(v4, 50)));

    byte[] badChecksum = v4.clone();
    badChecksum[24] ^= 1;
    assertEquals(DropReason.BAD_IP_CHECKSUM, drop(badChecksum));

    byte[] notIp = v4.clone();
    notIp[12] = 0x08;
    notIp[13] = 0x06;
    assertEquals(DropReason.NOT_IP, drop(notIp));

    byte[] badIhl = v4.clone();
    badIhl[14] = 0x44;
    assertEquals(DropReason.BAD_IP_HEADER, drop(badIhl));

    byte[] fragment = VrrpFrames.ipv4Multicast(KEEPALIVED_MAC, VrrpFrames.inet4("192.0.2.1"), 1, new byte[20]);
    fragment[20] = 0x20; // MF
    fixIpv4Checksum(fragment);
    assertEquals(DropReason.FRAGMENTED, drop(fragment));

    byte[] udp = v4.clone();
    udp[23] = 17;
    fixIpv4Checksum(udp);
    assertEquals(DropReason.NOT_VRRP, drop(udp));

    byte[] v6 = Vectors.load("keepalived-vrrp6.hex");
    byte[] hopByHop = v6.clone();
    hopByHop[20] = 0;
    assertEquals(DropReason.IPV6_EXTENSION_HEADER, drop(hopByHop));
    byte[] icmp6 = v6.clone();
    icmp6[20] = 58;
    assertEquals(DropReason.NOT_VRRP, drop(icmp6));
    assertEquals(DropReason.TRUNCATED, drop(Arrays.copyOf(v6, v6.length - 1)));
    byte[] wrongVersion = v6.clone();
    wrongVersion[14] = 0x4c;
    assertEquals(DropReason.BAD_IP_HEADER, drop(wrongVersion));
  }

  @Test
  void randomBytesNeverThrow() {
    Random random = new Random(5798);
    byte[] v4 = Vectors.load("keepalived-vrrp4.hex");
    for (int i = 0; i < 20_000; i++) {
      byte[] f;
      if (i % 2 == 0) {
        f = new byte[random.nextInt(120)];
        random.nextBytes(f);
        if (f.length > 14 && random.nextBoolean()) {
          f[12] = (byte) (random.nextBoolean() ? 0x08 : 0x86);
          f[13] = (byte) (f[12] == 0x08 ? 0x00 : 0xdd);
        }
      } else { // mutate a valid frame in a few places, keep or cut its length
        f = Arrays.copyOf(v4, 1 + random.nextInt(v4.length + 8));
        for (int k = 0; k < 3; k++) {
          f[random.nextInt(f.length)] = (byte) random.nextInt();
        }
      }
      VrrpFrames.decode(f, f.length, 0); // must return, never throw
    }
  }

  @Test
  void payloadSizeIsBounded() {
    Inet4Address src = VrrpFrames.inet4("192.0.2.1");
    assertThrows(IllegalArgumentException.class, () -> VrrpFrames.ipv4Multicast(KEEPALIVED_MAC, src, 1, new byte[0]));
    assertThrows(IllegalArgumentException.class,
        () -> VrrpFrames.ipv4Multicast(KEEPALIVED_MAC, src, 1, new byte[VrrpFrames.MAX_PAYLOAD + 1]));
    byte[] largest = VrrpFrames.ipv6Multicast(KEEPALIVED_MAC, VrrpFrames.inet6("fe80::1"), new byte[VrrpFrames.MAX_PAYLOAD]);
    assertEquals(VrrpFrames.MAX_PAYLOAD, accept(largest).payload().length);
  }

  @Test
  void builtFramesRoundTrip() throws Exception {
    byte[] payload = {0x21, 51, 100, 1, 0, 1, 0, 0, (byte) 192, 0, 2, 10};
    VrrpFrame f = accept(VrrpFrames.ipv4(KEEPALIVED_MAC, MacAddress.parse("02:00:00:00:0b:01"),
        VrrpFrames.inet4("192.0.2.1"), VrrpFrames.inet4("192.0.2.2"), 0xbeef, payload));
    assertEquals(InetAddress.getByName("192.0.2.2"), f.destination());
    assertEquals(MacAddress.parse("02:00:00:00:0b:01"), f.destinationMac());
    assertArrayEquals(payload, f.payload());
  }

  @Test
  void randomPayloadsAndAddressesRoundTrip() throws Exception {
    Random random = new Random(3768);
    for (int i = 0; i < 2_000; i++) {
      byte[] payload = new byte[1 + random.nextInt(VrrpFrames.MAX_PAYLOAD)];
      random.nextBytes(payload);
      byte[] macBytes = new byte[6];
      random.nextBytes(macBytes);
      MacAddress mac = MacAddress.of(macBytes);
      boolean v6 = random.nextBoolean();
      byte[] ip = new byte[v6 ? 16 : 4];
      random.nextBytes(ip);
      InetAddress src = InetAddress.getByAddress(ip);
      byte[] frame = v6 ? VrrpFrames.ipv6Multicast(mac, (Inet6Address) src, payload)
          : VrrpFrames.ipv4Multicast(mac, (Inet4Address) src, random.nextInt(65536), payload);
      VrrpFrame f = accept(frame);
      assertEquals(mac, f.sourceMac());
      assertEquals(src, f.source());
      assertEquals(255, f.ttl());
      assertArrayEquals(payload, f.payload());
    }
  }

  private static void fixIpv4Checksum(byte[] frame) {
    frame[24] = 0;
    frame[25] = 0;
    int c = Checksums.internet(frame, 14, 20);
    frame[24] = (byte) (c >> 8);
    frame[25] = (byte) c;
  }
}
