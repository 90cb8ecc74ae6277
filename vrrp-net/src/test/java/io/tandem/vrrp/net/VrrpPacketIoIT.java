package io.tandem.vrrp.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.netlink.InterfaceAddress;
import io.tandem.netlink.Namespaces;
import io.tandem.netlink.RtNetlink;
import io.tandem.testkit.Requirements;
import io.tandem.testkit.Sh;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VrrpPacketIo, GARP/NA and unicast between two namespaces on a bridge. */
class VrrpPacketIoIT {
  private static final Inet4Address A4 = VrrpFrames.inet4("192.0.2.1");
  private static final Inet4Address B4 = VrrpFrames.inet4("192.0.2.2");
  private static final Inet4Address VIP4 = VrrpFrames.inet4("192.0.2.10");
  private static final Inet6Address VIP6 = VrrpFrames.inet6("2001:db8::10");

  private static BridgeLab lab;
  private static VrrpPacketIo ioA;
  private static VrrpPacketIo ioB;
  private static Inet6Address linkLocalA;
  private static final BlockingQueue<VrrpFrame> atA = new LinkedBlockingQueue<>();
  private static final BlockingQueue<VrrpFrame> atB = new LinkedBlockingQueue<>();

  @BeforeAll
  static void setUp() {
    lab = new BridgeLab("i");
    ioA = Namespaces.call(lab.pathA(), () -> VrrpPacketIo.open("eth0", atA::add));
    ioB = Namespaces.call(lab.pathB(), () -> VrrpPacketIo.open("eth0", atB::add));
    linkLocalA = Namespaces.call(lab.pathA(), () -> {
      try (RtNetlink rtnl = RtNetlink.open()) {
        return (Inet6Address) rtnl.addresses("eth0").stream().map(InterfaceAddress::address)
            .filter(a -> a instanceof Inet6Address && a.isLinkLocalAddress()).findFirst().orElseThrow();
      }
    });
  }

  @AfterAll
  static void tearDown() {
    if (ioA != null) {
      ioA.close();
    }
    if (ioB != null) {
      ioB.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @BeforeEach
  void drain() {
    atA.clear();
    atB.clear();
    ioB.setOwnAddresses(Set.of());
  }

  @Test
  void ipv4AdvertsArriveIntactAndOwnFramesAreNotSeen() throws Exception {
    assertEquals(BridgeLab.MAC_A, ioA.interfaceMac());
    byte[] advert = TestAdverts.v2(51, 150, List.of(VIP4));
    for (int i = 0; i < 5; i++) {
      ioA.send(A4, advert);
    }
    for (int i = 0; i < 5; i++) {
      VrrpFrame f = atB.poll(1, TimeUnit.SECONDS);
      assertNotNull(f, "advert " + i + " did not arrive");
      assertArrayEquals(advert, f.payload());
      assertEquals(255, f.ttl());
      assertEquals(A4, f.source());
      assertEquals(VrrpFrames.IPV4_GROUP, f.destination());
      assertEquals(BridgeLab.MAC_A, f.sourceMac());
      assertEquals(IpVersion.V4, f.ipVersion());
    }
    assertNull(atA.poll(200, TimeUnit.MILLISECONDS), "a must not hear its own adverts");
    assertEquals(0, ioA.receivedCount());
    assertTrue(ioA.sentCount() >= 5);

    byte[] reply = TestAdverts.v2(51, 100, List.of(VIP4));
    ioB.send(B4, reply);
    VrrpFrame back = atA.poll(1, TimeUnit.SECONDS);
    assertNotNull(back);
    assertArrayEquals(reply, back.payload());
    assertEquals(BridgeLab.MAC_B, back.sourceMac());
  }

  @Test
  void ipv6AdvertsArriveIntactWithHopLimit() throws Exception {
    byte[] advert = TestAdverts.v3(52, 150, linkLocalA, List.of(VIP6));
    ioA.send(linkLocalA, advert);
    VrrpFrame f = atB.poll(1, TimeUnit.SECONDS);
    assertNotNull(f);
    assertEquals(IpVersion.V6, f.ipVersion());
    assertEquals(linkLocalA, f.source());
    assertEquals(VrrpFrames.IPV6_GROUP, f.destination());
    assertEquals(255, f.ttl());
    assertArrayEquals(advert, f.payload());
    assertNull(atA.poll(100, TimeUnit.MILLISECONDS));
  }

  @Test
  void advertsCanCarryTheVirtualMac() throws Exception {
    ioA.sendIpv4(Vmac.virtualMac(51, IpVersion.V4), A4, TestAdverts.v2(51, 150, List.of(VIP4)));
    VrrpFrame f = atB.poll(1, TimeUnit.SECONDS);
    assertNotNull(f);
    assertEquals(Vmac.virtualMac(51, IpVersion.V4), f.sourceMac());
  }

  @Test
  void framesFromOurOwnAddressesAreDroppedAndCounted() throws Exception {
    ioB.setOwnAddresses(Set.of(A4));
    long before = ioB.dropCounts().getOrDefault(DropReason.OWN_FRAME, 0L);
    ioA.send(A4, TestAdverts.v2(51, 150, List.of(VIP4)));
    assertNull(atB.poll(300, TimeUnit.MILLISECONDS));
    assertEquals(before + 1, ioB.dropCounts().getOrDefault(DropReason.OWN_FRAME, 0L));
  }

  @Test
  void gratuitousArpMovesTheVipInTheNeighboursArpCache() throws Exception {
    // The client knew the VIP at the old master's MAC; a GARP from the new master must override it.
    Sh.run("ip", "-n", lab.nsB, "neigh", "replace", "192.0.2.10", "lladdr", "02:00:00:00:00:99", "dev", "eth0",
        "nud", "stale");
    ioA.sendFrame(GratuitousFrames.garp(BridgeLab.MAC_A, VIP4));
    String neigh = awaitNeighbour(lab.nsB, "192.0.2.10", BridgeLab.MAC_A.toString());
    assertTrue(neigh.contains("lladdr " + BridgeLab.MAC_A), neigh);
  }

  @Test
  void unsolicitedNeighbourAdvertisementMovesTheIpv6Vip() throws Exception {
    Sh.run("ip", "-n", lab.nsB, "-6", "neigh", "replace", "2001:db8::10", "lladdr", "02:00:00:00:00:99", "dev", "eth0",
        "nud", "stale");
    ioA.sendFrame(GratuitousFrames.unsolicitedNa(BridgeLab.MAC_A, VIP6, VIP6, false));
    String neigh = awaitNeighbour(lab.nsB, "2001:db8::10", BridgeLab.MAC_A.toString());
    assertTrue(neigh.contains("lladdr " + BridgeLab.MAC_A), neigh);
  }

  @Test
  void unicastAdvertsGoThroughTheKernelWithTtl255() throws Exception {
    byte[] advert = TestAdverts.v2(53, 150, List.of(VIP4));
    try (UnicastVrrpSender u = Namespaces.call(lab.pathA(), () -> UnicastVrrpSender.open("eth0", A4))) {
      u.send(B4, advert);
      VrrpFrame f = atB.poll(1, TimeUnit.SECONDS);
      assertNotNull(f, "unicast advert did not arrive");
      assertEquals(B4, f.destination());
      assertEquals(BridgeLab.MAC_B, f.destinationMac());
      assertEquals(255, f.ttl());
      assertArrayEquals(advert, f.payload());
    }
    Inet6Address a6 = VrrpFrames.inet6("2001:db8::1");
    Inet6Address b6 = VrrpFrames.inet6("2001:db8::2");
    byte[] advert6 = TestAdverts.v3(53, 150, a6, List.of(VIP6));
    try (UnicastVrrpSender u = Namespaces.call(lab.pathA(), () -> UnicastVrrpSender.open("eth0", a6))) {
      u.send(b6, advert6);
      VrrpFrame f = atB.poll(1, TimeUnit.SECONDS);
      assertNotNull(f, "unicast IPv6 advert did not arrive");
      assertEquals(b6, f.destination());
      assertEquals(a6, f.source());
      assertEquals(255, f.ttl());
      assertArrayEquals(advert6, f.payload());
    }
  }

  @Test
  void tcpdumpParsesEveryFrameWeSend() throws Exception {
    Requirements.requireCommand("tcpdump");
    Path pcap = Files.createTempFile("vw-frames", ".pcap");
    try {
      ProcessBuilder pb = new ProcessBuilder("tcpdump", "-i", "eth0", "-U", "-c", "4", "-w", pcap.toString(),
          "arp or ip proto 112 or ip6 proto 112 or icmp6[0] == 136");
      pb.redirectErrorStream(true);
      Process tcpdump = lab.lab.start(lab.nsB, pb);
      BufferedReader out = new BufferedReader(new InputStreamReader(tcpdump.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.contains("listening on")) {
        // wait until tcpdump is capturing
      }
      assertNotNull(line, "tcpdump did not start");
      ioA.send(A4, TestAdverts.v2(51, 150, List.of(VIP4)));
      ioA.send(linkLocalA, TestAdverts.v3(52, 150, linkLocalA, List.of(VIP6)));
      ioA.sendFrame(GratuitousFrames.garp(BridgeLab.MAC_A, VIP4));
      ioA.sendFrame(GratuitousFrames.unsolicitedNa(BridgeLab.MAC_A, VIP6, VIP6, false));
      assertTrue(tcpdump.waitFor(5, TimeUnit.SECONDS), "tcpdump did not see 4 frames");
      String printed = Sh.run("tcpdump", "-r", pcap.toString(), "-nn", "-vv", "-e");
      assertTrue(printed.contains("VRRPv2, Advertisement, vrid 51, prio 150, authtype none, intvl 1s"), printed);
      assertTrue(printed.contains("VRRPv3, Advertisement, vrid 52, prio 150, intvl 100cs"), printed);
      assertTrue(printed.contains("Request who-has 192.0.2.10 (ff:ff:ff:ff:ff:ff) tell 192.0.2.10"), printed);
      assertTrue(printed.contains("neighbor advertisement, length 32, tgt is 2001:db8::10, Flags [override]"), printed);
      assertTrue(printed.contains("[icmp6 sum ok]"), printed);
      assertTrue(printed.contains("tos 0xc0, ttl 255") && printed.contains("proto VRRP (112)"), printed);
      assertTrue(printed.contains("hlim 255, next-header VRRP (112)"), printed);
      String lower = printed.toLowerCase();
      assertFalse(lower.contains("truncated") || lower.contains("bad") || lower.contains("[|"), printed);
    } finally {
      Files.deleteIfExists(pcap);
    }
  }

  @Test
  void captureSurvivesTheLinkGoingDownAndUp() throws Exception {
    try {
      Sh.run("ip", "-n", lab.nsB, "link", "set", "eth0", "down");
      Thread.sleep(100);
    } finally {
      Sh.run("ip", "-n", lab.nsB, "link", "set", "eth0", "up");
      // link down flushes IPv6 addresses (keep_addr_on_down=0): restore b's for the other tests
      Sh.run("ip", "-n", lab.nsB, "addr", "replace", "2001:db8::2/64", "dev", "eth0", "nodad");
    }
    byte[] advert = TestAdverts.v2(51, 150, List.of(VIP4));
    VrrpFrame f = null;
    for (int i = 0; i < 20 && f == null; i++) { // the bridge port needs a moment to forward again
      ioA.send(A4, advert);
      f = atB.poll(100, TimeUnit.MILLISECONDS);
    }
    assertNotNull(f, "no advert received after the link flapped; drops " + ioB.dropCounts());
    assertTrue(ioB.isCapturing());
    assertArrayEquals(advert, f.payload());
  }

  @Test
  void captureStopsVisiblyWhenTheInterfaceIsDeleted() throws Exception {
    Sh.run("ip", "-n", lab.nsB, "link", "add", "vwgone", "link", "eth0", "type", "macvlan", "mode", "bridge");
    Sh.run("ip", "-n", lab.nsB, "link", "set", "vwgone", "up");
    try (VrrpPacketIo io = Namespaces.call(lab.pathB(), () -> VrrpPacketIo.open("vwgone", f -> { }))) {
      assertTrue(io.isCapturing());
      Sh.run("ip", "-n", lab.nsB, "link", "del", "vwgone");
      for (int i = 0; i < 100 && io.isCapturing(); i++) {
        Thread.sleep(20);
      }
      assertFalse(io.isCapturing(), "capture thread still running on a deleted interface");
    }
  }

  @Test
  void groupMacsStayInTheMulticastFilterWhileOpen() {
    Sh.run("ip", "-n", lab.nsB, "link", "add", "vwmc", "link", "eth0", "type", "macvlan", "mode", "bridge");
    try {
      Sh.run("ip", "-n", lab.nsB, "link", "set", "vwmc", "up");
      String before = Sh.run("ip", "-n", lab.nsB, "maddr", "show", "dev", "vwmc");
      assertFalse(before.contains("01:00:5e:00:00:12"), before);
      VrrpPacketIo io = Namespaces.call(lab.pathB(), () -> VrrpPacketIo.open("vwmc", f -> { }));
      String open;
      try {
        assertTrue(io.isCapturing());
        open = Sh.run("ip", "-n", lab.nsB, "maddr", "show", "dev", "vwmc");
      } finally {
        io.close();
      }
      assertFalse(io.isCapturing());
      assertTrue(open.contains("01:00:5e:00:00:12") && open.contains("33:33:00:00:00:12"), open);
      String after = Sh.run("ip", "-n", lab.nsB, "maddr", "show", "dev", "vwmc");
      assertFalse(after.contains("01:00:5e:00:00:12") || after.contains("33:33:00:00:00:12"), after);
    } finally {
      Sh.run("ip", "-n", lab.nsB, "link", "del", "vwmc");
    }
  }

  @Test
  void closeStopsTheCaptureThreadPromptly() {
    long before = captureThreads();
    VrrpPacketIo extra = Namespaces.call(lab.pathB(), () -> VrrpPacketIo.open("eth0", f -> { }));
    long t0 = System.nanoTime();
    extra.close();
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(millis < 1000, "close took " + millis + " ms");
    assertEquals(before, captureThreads(), "the extra capture thread is gone");
  }

  private static long captureThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().equals("vrrp-rx-eth0"))
        .count();
  }

  private static String awaitNeighbour(String ns, String ip, String mac) throws InterruptedException {
    String neigh = "";
    for (int i = 0; i < 50; i++) {
      neigh = Sh.run("ip", "-n", ns, "neigh", "show", ip, "dev", "eth0");
      if (neigh.contains("lladdr " + mac)) {
        return neigh;
      }
      Thread.sleep(20);
    }
    return neigh;
  }
}
