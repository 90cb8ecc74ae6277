package io.tandem.vrrp.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.netlink.LinkInfo;
import io.tandem.netlink.MacAddress;
import io.tandem.netlink.Namespaces;
import io.tandem.netlink.RtNetlink;
import io.tandem.testkit.Sh;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** VMAC creation as keepalived's use_vmac does it, checked with iproute2 and /proc, then used on the wire. */
class VmacIT {
  private static BridgeLab lab;

  @BeforeAll
  static void setUp() {
    lab = new BridgeLab("m");
  }

  @AfterAll
  static void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  private static <T> T inA(Function<Vmac, T> body) {
    return Namespaces.call(lab.pathA(), () -> {
      try (RtNetlink rtnl = RtNetlink.open()) {
        return body.apply(new Vmac(rtnl));
      }
    });
  }

  @Test
  void vmacIsCreatedUpWithTheVirtualMacAndParentSysctls() throws Exception {
    LinkInfo vmac = inA(v -> v.ensure("vrrp.51", "eth0", 51, IpVersion.V4));
    try {
      assertEquals(MacAddress.parse("00:00:5e:00:01:33"), vmac.mac());
      assertTrue(vmac.adminUp());
      String shown = Sh.run("ip", "-n", lab.nsA, "-d", "link", "show", "dev", "vrrp.51");
      assertTrue(shown.contains("vrrp.51@eth0"), shown);
      assertTrue(shown.contains("link/ether 00:00:5e:00:01:33"), shown);
      assertTrue(shown.contains("macvlan mode bridge"), shown);
      assertTrue(shown.contains("addrgenmode random"), shown);
      assertTrue(shown.contains("UP"), shown);
      assertEquals("1", lab.lab.exec(lab.nsA, "cat", "/proc/sys/net/ipv4/conf/eth0/arp_ignore").trim());
      assertEquals("1", lab.lab.exec(lab.nsA, "cat", "/proc/sys/net/ipv4/conf/eth0/arp_filter").trim());
      assertEquals("0", lab.lab.exec(lab.nsB, "cat", "/proc/sys/net/ipv4/conf/eth0/arp_ignore").trim(),
          "the sysctl was written in a's namespace only");

      LinkInfo again = inA(v -> v.ensure("vrrp.51", "eth0", 51, IpVersion.V4));
      assertEquals(vmac.index(), again.index(), "ensure is idempotent");
    } finally {
      boolean removed = inA(v -> v.remove("vrrp.51"));
      assertTrue(removed);
    }
    assertFalse(Sh.run("ip", "-n", lab.nsA, "link", "show").contains("vrrp.51"));
    boolean removedAgain = inA(v -> v.remove("vrrp.51"));
    assertFalse(removedAgain);
  }

  @Test
  void aForeignInterfaceWithTheVmacNameIsNotTakenOver() {
    Sh.run("ip", "-n", lab.nsA, "link", "add", "vrrp.52", "link", "eth0", "address", "02:00:00:00:00:52", "type",
        "macvlan", "mode", "bridge");
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> inA(v -> v.ensure("vrrp.52", "eth0", 52, IpVersion.V4)));
      assertTrue(e.getMessage().contains("not the VMAC for VRID 52"), e.getMessage());
    } finally {
      Sh.run("ip", "-n", lab.nsA, "link", "del", "vrrp.52");
    }
  }

  @Test
  void vipOnTheVmacIsReachedThroughTheVirtualMac() throws Exception {
    inA(v -> v.ensure("vrrp.53", "eth0", 53, IpVersion.V4));
    BlockingQueue<VrrpFrame> atB = new LinkedBlockingQueue<>();
    try (VrrpPacketIo ioA = Namespaces.call(lab.pathA(), () -> VrrpPacketIo.open("vrrp.53", null));
        VrrpPacketIo ioB = Namespaces.call(lab.pathB(), () -> VrrpPacketIo.open("eth0", atB::add))) {
      Sh.run("ip", "-n", lab.nsA, "addr", "add", "192.0.2.53/24", "dev", "vrrp.53");
      MacAddress vmac = Vmac.virtualMac(53, IpVersion.V4);
      assertEquals(vmac, ioA.interfaceMac());
      // The advert leaves through the VMAC interface with the VMAC as source (RFC 5798 section 7.3).
      ioA.send(VrrpFrames.inet4("192.0.2.1"), TestAdverts.v2(53, 150, List.of(VrrpFrames.inet4("192.0.2.53"))));
      VrrpFrame f = atB.poll(1, TimeUnit.SECONDS);
      assertNotNull(f);
      assertEquals(vmac, f.sourceMac());
      assertEquals(1, ioB.receivedCount());
      // b resolving the VIP gets the VMAC: the macvlan answers, the parent (arp_ignore=1) stays silent.
      Sh.run("ip", "-n", lab.nsB, "neigh", "replace", "192.0.2.53", "lladdr", "02:00:00:00:00:99", "dev", "eth0",
          "nud", "stale");
      ioA.sendFrame(GratuitousFrames.garp(vmac, VrrpFrames.inet4("192.0.2.53")));
      String neigh = "";
      for (int i = 0; i < 50 && !neigh.contains("lladdr " + vmac); i++) {
        Thread.sleep(20);
        neigh = Sh.run("ip", "-n", lab.nsB, "neigh", "show", "192.0.2.53", "dev", "eth0");
      }
      assertTrue(neigh.contains("lladdr " + vmac), neigh);
    } finally {
      inA(v -> v.remove("vrrp.53"));
    }
  }
}
