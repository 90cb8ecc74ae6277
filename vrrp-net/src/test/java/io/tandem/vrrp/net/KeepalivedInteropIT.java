package io.tandem.vrrp.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.netlink.InterfaceAddress;
import io.tandem.netlink.Namespaces;
import io.tandem.netlink.RtNetlink;
import io.tandem.testkit.Requirements;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Our frames against a real VRRP implementation: keepalived 2.2.x (VRRPv3, 100 ms adverts) runs as
 * master of VRID 51 in namespace b. We receive its adverts (TTL 255, checksum verifying with the
 * IPv4 pseudo-header), then send higher-priority adverts from a: keepalived must step down to
 * backup and remove its VIP (RFC 5798 section 6.4.3), and take over again when we fall silent,
 * announcing with a GARP we capture.
 */
class KeepalivedInteropIT {
  private static final Inet4Address VIP = VrrpFrames.inet4("192.0.2.10");
  private static final Inet4Address A4 = VrrpFrames.inet4("192.0.2.1");

  @Test
  void keepalivedHearsOurAdvertsAndWeHearItsOwn() throws Exception {
    Requirements.requireCommand("keepalived");
    Path dir = Files.createTempDirectory("vw-keepalived");
    BlockingQueue<VrrpFrame> atA = new LinkedBlockingQueue<>();
    try (BridgeLab lab = new BridgeLab("k");
        VrrpPacketIo ioA = Namespaces.call(lab.pathA(), () -> VrrpPacketIo.open("eth0", atA::add));
        CaptureProbe garps = Namespaces.call(lab.pathA(), () -> new CaptureProbe("eth0", "arp"));
        RtNetlink rtnlB = Namespaces.call(lab.pathB(), RtNetlink::open)) {
      Path conf = dir.resolve("keepalived.conf");
      Files.writeString(conf, """
          global_defs {
            router_id vwka
            vrrp_version 3
            vrrp_garp_master_delay 0
            vrrp_garp_master_repeat 1
          }
          vrrp_instance VW {
            state MASTER
            interface eth0
            virtual_router_id 51
            priority 100
            advert_int 0.1
            virtual_ipaddress {
              192.0.2.10/24
            }
          }
          """);
      ProcessBuilder pb = new ProcessBuilder("keepalived", "-n", "-l", "-D", "-f", conf.toString(),
          "-p", dir.resolve("k.pid").toString(), "-r", dir.resolve("v.pid").toString(),
          "-c", dir.resolve("c.pid").toString());
      pb.redirectErrorStream(true).redirectOutput(dir.resolve("keepalived.log").toFile());
      lab.lab.start(lab.nsB, pb);

      // keepalived as master: its adverts reach us intact.
      VrrpFrame advert = atA.poll(5, TimeUnit.SECONDS);
      assertNotNull(advert, "no advert from keepalived; log:\n" + log(dir));
      byte[] m = advert.payload();
      assertEquals(0x31, m[0] & 0xff, "VRRPv3 advertisement");
      assertEquals(51, m[1] & 0xff);
      assertEquals(100, m[2] & 0xff);
      assertEquals(255, advert.ttl());
      assertEquals(BridgeLab.MAC_B, advert.sourceMac());
      assertEquals(0, Checksums.ipv4(advert.source().getAddress(), advert.destination().getAddress(),
          VrrpFrames.IP_PROTOCOL_VRRP, m, 0, m.length), "keepalived's checksum verifies with our pseudo-header sum");
      assertTrue(await(() -> hasVip(rtnlB), 3000), "keepalived never installed its VIP");

      // We advertise priority 200 every 100 ms: keepalived must become backup and drop the VIP.
      byte[] ours = TestAdverts.v3(51, 200, 10, A4, List.of(VIP));
      boolean steppedDown = false;
      for (int i = 0; i < 30 && !steppedDown; i++) {
        ioA.sendIpv4(BridgeLab.MAC_A, A4, ours);
        Thread.sleep(100);
        steppedDown = !hasVip(rtnlB);
      }
      assertTrue(steppedDown, "keepalived kept the VIP despite our higher priority; log:\n" + log(dir));
      for (int i = 0; i < 5; i++) { // stay master a little longer, then fall silent
        ioA.sendIpv4(BridgeLab.MAC_A, A4, ours);
        Thread.sleep(100);
      }
      assertTrue(!hasVip(rtnlB), "keepalived must stay backup while we advertise");

      // Silent: after its master-down interval keepalived takes over and announces the VIP.
      garps.clear();
      assertTrue(await(() -> hasVip(rtnlB), 3000), "keepalived did not take over again; log:\n" + log(dir));
      CaptureProbe.Captured garp = garps.next(2000);
      assertNotNull(garp, "no GARP from keepalived after takeover");
      assertEquals(GratuitousFrames.garp(BridgeLab.MAC_B, VIP).length, Math.min(garp.frame().length, 42));
      assertEquals(java.util.HexFormat.of().formatHex(GratuitousFrames.garp(BridgeLab.MAC_B, VIP)),
          java.util.HexFormat.of().formatHex(java.util.Arrays.copyOf(garp.frame(), 42)),
          "keepalived's GARP is the frame our builder makes");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static boolean hasVip(RtNetlink rtnl) {
    return rtnl.addresses("eth0").stream().map(InterfaceAddress::address).anyMatch(VIP::equals);
  }

  private static boolean await(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("keepalived.log"));
    } catch (java.io.IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
