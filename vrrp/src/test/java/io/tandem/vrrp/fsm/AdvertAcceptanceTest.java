package io.tandem.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.vrrp.packet.VrrpAdvert;
import io.tandem.vrrp.packet.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvertAcceptanceTest {
  private static final InetAddress PEER = VrrpMachineTest.ip("192.0.2.2");
  private static final List<InetAddress> VIPS = List.of(VrrpMachineTest.ip("192.0.2.100"));

  private static InstanceSpec v2(String password) {
    return InstanceSpec.builder("v2", 9).version(VrrpVersion.V2).password(password).primaryAddress("192.0.2.1")
        .vip("192.0.2.100/24").build();
  }

  @Test
  void acceptsAMatchingV2Advert() {
    AdvertAcceptance.Verdict v = AdvertAcceptance.check(v2("pw"), PEER, VrrpAdvert.v2(9, 100, Duration.ofSeconds(1), VIPS, "pw"));
    assertTrue(v.accepted());
    assertNull(v.warning());
  }

  @Test
  void rejectsEachMismatchWithItsOwnReason() {
    InstanceSpec spec = v2("pw");
    assertEquals(RejectReason.NOT_OUR_VRID,
        AdvertAcceptance.check(spec, PEER, VrrpAdvert.v2(8, 100, Duration.ofSeconds(1), VIPS, "pw")).reason());
    assertEquals(RejectReason.WRONG_PASSWORD,
        AdvertAcceptance.check(spec, PEER, VrrpAdvert.v2(9, 100, Duration.ofSeconds(1), VIPS, "other")).reason());
    assertEquals(RejectReason.AUTH_TYPE_MISMATCH,
        AdvertAcceptance.check(spec, PEER, VrrpAdvert.v2(9, 100, Duration.ofSeconds(1), VIPS, null)).reason());
    assertEquals(RejectReason.INTERVAL_MISMATCH,
        AdvertAcceptance.check(spec, PEER, VrrpAdvert.v2(9, 100, Duration.ofSeconds(2), VIPS, "pw")).reason());
    assertEquals(RejectReason.VERSION_MISMATCH,
        AdvertAcceptance.check(spec, PEER, VrrpAdvert.v3(9, 100, Duration.ofSeconds(1), VIPS)).reason());
    assertEquals(RejectReason.OWN_ADVERT, AdvertAcceptance.check(spec, VrrpMachineTest.ip("192.0.2.1"),
        VrrpAdvert.v2(9, 100, Duration.ofSeconds(1), VIPS, "pw")).reason());
  }

  @Test
  void v3IntervalDifferenceIsNotADrop() {
    InstanceSpec spec = InstanceSpec.builder("v3", 9).primaryAddress("192.0.2.1").vip("192.0.2.100/24").build();
    assertTrue(AdvertAcceptance.check(spec, PEER, VrrpAdvert.v3(9, 100, Duration.ofMillis(300), VIPS)).accepted());
    assertEquals(RejectReason.ZERO_INTERVAL,
        AdvertAcceptance.check(spec, PEER, VrrpAdvert.v3(9, 100, Duration.ZERO, VIPS)).reason());
  }

  @Test
  void addressListMismatchIsLoggedNotDropped() {
    InstanceSpec spec = InstanceSpec.builder("v3", 9).primaryAddress("192.0.2.1").vip("192.0.2.100/24").build();
    AdvertAcceptance.Verdict v = AdvertAcceptance.check(spec, PEER,
        VrrpAdvert.v3(9, 100, Duration.ofSeconds(1), List.of(VrrpMachineTest.ip("192.0.2.101"))));
    assertTrue(v.accepted());
    assertEquals(RejectReason.ADDRESS_LIST_MISMATCH, v.warning());
  }

  @Test
  void unicastAcceptsOnlyListedPeers() {
    InstanceSpec spec = InstanceSpec.builder("u", 9).primaryAddress("192.0.2.1").unicastPeer("192.0.2.3")
        .vip("192.0.2.100/24").build();
    assertEquals(RejectReason.UNICAST_PEER_NOT_LISTED,
        AdvertAcceptance.check(spec, PEER, VrrpAdvert.v3(9, 100, Duration.ofSeconds(1), VIPS)).reason());
    assertTrue(AdvertAcceptance.check(spec, VrrpMachineTest.ip("192.0.2.3"),
        VrrpAdvert.v3(9, 100, Duration.ofSeconds(1), VIPS)).accepted());
  }
}
