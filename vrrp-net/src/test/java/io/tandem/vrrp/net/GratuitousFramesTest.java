package io.tandem.vrrp.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.netlink.MacAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class GratuitousFramesTest {
  private static final MacAddress MAC = MacAddress.parse("02:00:00:00:0a:01");

  @Test
  void garpIsByteExactWithKeepalived() {
    byte[] built = GratuitousFrames.garp(MAC, VrrpFrames.inet4("192.0.2.10"));
    assertEquals(HexFormat.of().formatHex(Vectors.load("keepalived-garp.hex")), HexFormat.of().formatHex(built));
    assertEquals(GratuitousFrames.GARP_LENGTH, built.length);
  }

  @Test
  void unsolicitedNaIsByteExactWithKeepalived() {
    byte[] built = GratuitousFrames.unsolicitedNa(MAC, VrrpFrames.inet6("2001:db8::10"), VrrpFrames.inet6("2001:db8::10"),
        false);
    assertEquals(HexFormat.of().formatHex(Vectors.load("keepalived-na.hex")), HexFormat.of().formatHex(built));
    assertEquals(GratuitousFrames.NA_LENGTH, built.length);
  }

  @Test
  void naChecksumVerifiesAndRouterFlagIsOptional() {
    byte[] na = GratuitousFrames.unsolicitedNa(MAC, VrrpFrames.inet6("fe80::1"), VrrpFrames.inet6("2001:db8::99"), true);
    assertEquals(0xa0, na[58] & 0xff); // R | O, never S (RFC 4861 section 7.2.6)
    assertEquals(0, Checksums.ipv6(VrrpFrames.inet6("fe80::1").getAddress(), GratuitousFrames.ALL_NODES.getAddress(), 58,
        na, 54, 32), "a correct checksum sums to zero");
    assertEquals(255, na[21] & 0xff, "hop limit 255 (RFC 4861 section 7.1.2)");
  }

  @Test
  void handOffAnnouncementsLeaveFromOurMacButNameTheNewMasters() {
    MacAddress winner = MacAddress.parse("00:00:5e:00:01:33");
    byte[] garp = GratuitousFrames.garp(MAC, winner, VrrpFrames.inet4("192.0.2.10"));
    assertEquals(MAC, MacAddress.of(garp, 6), "Ethernet source: ours, so switches do not move the winner's MAC");
    assertEquals(winner, MacAddress.of(garp, 22), "ARP sender hardware address: the winner's");
    byte[] na = GratuitousFrames.unsolicitedNa(MAC, winner, VrrpFrames.inet6("2001:db8::10"),
        VrrpFrames.inet6("2001:db8::10"), false);
    assertEquals(MAC, MacAddress.of(na, 6));
    assertEquals(winner, MacAddress.of(na, 80), "target link-layer address option: the winner's");
    assertEquals(0, Checksums.ipv6(VrrpFrames.inet6("2001:db8::10").getAddress(), GratuitousFrames.ALL_NODES.getAddress(),
        58, na, 54, 32));
  }

  @Test
  void internetChecksumMatchesRfc1071Example() {
    // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2, checksum 220d.
    byte[] data = HexFormat.of().parseHex("0001f203f4f5f6f7");
    assertEquals(0x220d, Checksums.internet(data, 0, data.length));
  }
}
