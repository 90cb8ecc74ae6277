package io.tandem.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.testkit.NetnsLab;
import io.tandem.testkit.Sh;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RtNetlink against the real kernel, inside a namespace pair; every change is checked with iproute2. */
class RtNetlinkIT {
  private static NetnsLab lab;
  private static String nsA;
  private static RtNetlink rtnl;

  @BeforeAll
  static void setUp() {
    lab = new NetnsLab("vw");
    nsA = lab.ns("a");
    String nsB = lab.ns("b");
    lab.veth(nsA, "eth0", nsB, "eth0");
    rtnl = Namespaces.call(Namespaces.named(nsA), RtNetlink::open);
  }

  @AfterAll
  static void tearDown() {
    if (rtnl != null) {
      rtnl.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void linkInfoMatchesIproute2() {
    LinkInfo eth0 = rtnl.link("eth0");
    String ip = Sh.run("ip", "-n", nsA, "-o", "link", "show", "dev", "eth0");
    assertTrue(ip.startsWith(eth0.index() + ": eth0@"), ip);
    assertTrue(ip.contains("link/ether " + eth0.mac()), ip);
    assertTrue(eth0.adminUp());
    assertTrue(eth0.running());
    assertTrue(eth0.usable());
    assertEquals("veth", eth0.kind());
    assertEquals(eth0, rtnl.link(eth0.index()));
    assertEquals(eth0.index(), rtnl.ifIndex("eth0"));
    assertTrue(rtnl.links().stream().anyMatch(l -> l.name().equals("lo")));
  }

  @Test
  void unknownInterfaceGivesNoSuchDevice() throws Exception {
    NetlinkException e = assertThrows(NetlinkException.class, () -> rtnl.link("nosuch0"));
    assertTrue(e.isNoSuchDevice(), e.getMessage());
    assertTrue(e.getMessage().contains("nosuch0"), e.getMessage());
    assertThrows(NetlinkException.class,
        () -> rtnl.addAddress("nosuch0", InetAddress.getByName("192.0.2.99"), 24, null));
  }

  @Test
  void ipv4AddressWithLabelIsAddedListedAndRemovedIdempotently() throws Exception {
    InetAddress vip = InetAddress.getByName("192.0.2.10");
    assertTrue(rtnl.addAddress("eth0", vip, 24, "eth0:vip"));
    String shown = Sh.run("ip", "-n", nsA, "-4", "addr", "show", "dev", "eth0");
    assertTrue(shown.contains("inet 192.0.2.10/24 scope global eth0:vip"), shown);
    assertFalse(rtnl.addAddress("eth0", vip, 24, "eth0:vip"), "second add is an idempotent no-op");

    List<InterfaceAddress> listed = rtnl.addresses("eth0");
    assertTrue(listed.contains(new InterfaceAddress(rtnl.ifIndex("eth0"), vip, 24, "eth0:vip",
        listed.stream().filter(a -> a.address().equals(vip)).findFirst().orElseThrow().flags())), listed.toString());

    assertTrue(rtnl.deleteAddress("eth0", vip, 24));
    assertFalse(Sh.run("ip", "-n", nsA, "addr", "show", "dev", "eth0").contains("192.0.2.10"));
    assertFalse(rtnl.deleteAddress("eth0", vip, 24), "deleting an absent address is an idempotent no-op");
  }

  @Test
  void labelMustStartWithTheInterfaceName() throws Exception {
    assertThrows(IllegalArgumentException.class,
        () -> rtnl.addAddress("eth0", InetAddress.getByName("192.0.2.11"), 24, "eth1:vip"));
  }

  @Test
  void ipv6AddressIsUsableImmediately() throws Exception {
    InetAddress vip = InetAddress.getByName("2001:db8::10");
    assertTrue(rtnl.addAddress("eth0", vip, 64, null));
    String shown = Sh.run("ip", "-n", nsA, "-6", "addr", "show", "dev", "eth0");
    String vipLine = shown.lines().filter(l -> l.contains("2001:db8::10/64")).findFirst().orElseThrow();
    assertTrue(vipLine.contains("scope global nodad"), shown);
    assertFalse(vipLine.contains("tentative"), "a VIP must not wait for DAD: " + shown);
    assertTrue(rtnl.addresses("eth0").stream().anyMatch(a -> a.address().equals(vip) && a.prefixLength() == 64));
    assertTrue(rtnl.deleteAddress("eth0", vip, 64));
    assertFalse(Sh.run("ip", "-n", nsA, "-6", "addr", "show", "dev", "eth0").contains("2001:db8::10"));
  }

  @Test
  void macvlanIsCreatedWithItsMacBroughtUpAndDeleted() {
    MacAddress vmac = MacAddress.parse("00:00:5e:00:01:33");
    rtnl.createMacvlan("vwmv51", "eth0", vmac, MacvlanMode.BRIDGE);
    try {
      NetlinkException again = assertThrows(NetlinkException.class,
          () -> rtnl.createMacvlan("vwmv51", "eth0", vmac, MacvlanMode.BRIDGE));
      assertEquals(Errno.EEXIST, again.errno());
      rtnl.setInet6AddrGenMode("vwmv51", Inet6AddrGenMode.RANDOM);
      rtnl.setLinkUp("vwmv51", true);
      String shown = Sh.run("ip", "-n", nsA, "-d", "link", "show", "dev", "vwmv51");
      assertTrue(shown.contains("link/ether 00:00:5e:00:01:33"), shown);
      assertTrue(shown.contains("macvlan mode bridge"), shown);
      assertTrue(shown.contains("addrgenmode random"), shown);
      assertTrue(shown.contains("state UP") || shown.contains(",UP"), shown);
      LinkInfo mv = rtnl.link("vwmv51");
      assertEquals("macvlan", mv.kind());
      assertEquals(rtnl.ifIndex("eth0"), mv.parentIndex());
      assertEquals(vmac, mv.mac());
      assertTrue(mv.adminUp());
      rtnl.setLinkUp("vwmv51", false);
      assertFalse(rtnl.link("vwmv51").adminUp());
    } finally {
      assertTrue(rtnl.deleteLink("vwmv51"));
    }
    assertFalse(Sh.run("ip", "-n", nsA, "link", "show").contains("vwmv51"));
    assertFalse(rtnl.deleteLink("vwmv51"));
  }

  @Test
  void privateModeIsHonoured() {
    rtnl.createMacvlan("vwmvp", "eth0", MacAddress.parse("02:00:00:00:00:77"), MacvlanMode.PRIVATE);
    try {
      assertTrue(Sh.run("ip", "-n", nsA, "-d", "link", "show", "dev", "vwmvp").contains("macvlan mode private"));
    } finally {
      rtnl.deleteLink("vwmvp");
    }
  }

  @Test
  void socketStaysInItsNamespace() {
    // The root namespace has no interface called like the lab's veth peer inside nsA; the socket
    // opened in nsA resolves names there even when called from this (root-namespace) thread.
    assertEquals(rtnl.link("eth0").index(), Namespaces.call(Namespaces.named(nsA), () -> {
      try (RtNetlink inside = RtNetlink.open()) {
        return inside.ifIndex("eth0");
      }
    }));
  }
}
