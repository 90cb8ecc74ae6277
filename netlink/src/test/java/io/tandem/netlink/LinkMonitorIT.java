package io.tandem.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.testkit.NetnsLab;
import io.tandem.testkit.Sh;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LinkMonitor against the real kernel. Latencies are measured and reported (stdout and
 * target/link-monitor-latency.txt), not asserted: the only timing bound is a generous 1 s "event
 * arrived at all".
 */
class LinkMonitorIT {
  private record Stamped(long nanos, Object event) {}

  private static final BlockingQueue<Stamped> events = new LinkedBlockingQueue<>();
  private static NetnsLab lab;
  private static String nsA;
  private static String nsB;
  private static RtNetlink rtnlA;
  private static RtNetlink rtnlB;
  private static LinkMonitor monitor;

  @BeforeAll
  static void setUp() {
    lab = new NetnsLab("vw");
    nsA = lab.ns("a");
    nsB = lab.ns("b");
    lab.veth(nsA, "eth0", nsB, "eth0");
    rtnlA = Namespaces.call(Namespaces.named(nsA), RtNetlink::open);
    rtnlB = Namespaces.call(Namespaces.named(nsB), RtNetlink::open);
    LinkListener recorder = new LinkListener() {
      @Override
      public void linkChanged(LinkInfo link) {
        events.add(new Stamped(System.nanoTime(), link));
      }

      @Override
      public void addressRemoved(InterfaceAddress address) {
        events.add(new Stamped(System.nanoTime(), address));
      }
    };
    monitor = Namespaces.call(Namespaces.named(nsA), () -> LinkMonitor.start(recorder, "vw-link-monitor"));
  }

  @AfterAll
  static void tearDown() {
    if (monitor != null) {
      monitor.close();
    }
    if (rtnlA != null) {
      rtnlA.close();
    }
    if (rtnlB != null) {
      rtnlB.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @BeforeEach
  void drain() throws InterruptedException {
    // Late events of the previous test (a slow machine delivers them after it ended) must not
    // count as this test's: wait for 200 ms of quiet, then start.
    while (events.poll(200, TimeUnit.MILLISECONDS) != null) {
      // discard
    }
  }

  @Test
  void ipLinkSetDownAndUpAreReportedOnceEach() throws Exception {
    Sh.run("ip", "-n", nsA, "link", "set", "eth0", "down");
    LinkInfo down = nextLink("eth0");
    assertFalse(down.usable());
    assertFalse(down.adminUp());
    Sh.run("ip", "-n", nsA, "link", "set", "eth0", "up");
    LinkInfo up = nextLink("eth0");
    assertTrue(up.adminUp());
    assertTrue(up.usable(), "veth with its peer up is running again");
    assertEquals(null, events.poll(200, TimeUnit.MILLISECONDS), "no duplicate events for one change");
  }

  @Test
  void peerGoingDownIsCarrierLossOnOurSide() throws Exception {
    Sh.run("ip", "-n", nsB, "link", "set", "eth0", "down");
    LinkInfo lost = nextLink("eth0");
    assertTrue(lost.adminUp(), "still administratively up");
    assertFalse(lost.running());
    assertFalse(lost.usable());
    Sh.run("ip", "-n", nsB, "link", "set", "eth0", "up");
    assertTrue(nextLink("eth0").usable());
  }

  @Test
  void addressDeletedBehindOurBackIsReported() throws Exception {
    InetAddress vip = InetAddress.getByName("192.0.2.10");
    rtnlA.addAddress("eth0", vip, 24, null);
    Sh.run("ip", "-n", nsA, "addr", "del", "192.0.2.10/24", "dev", "eth0");
    InterfaceAddress removed = nextOfType(InterfaceAddress.class);
    assertEquals(vip, removed.address());
    assertEquals(24, removed.prefixLength());
    assertEquals(rtnlA.ifIndex("eth0"), removed.ifIndex());

    InetAddress vip6 = InetAddress.getByName("2001:db8::10");
    rtnlA.addAddress("eth0", vip6, 64, null);
    Sh.run("ip", "-n", nsA, "addr", "del", "2001:db8::10/64", "dev", "eth0");
    InterfaceAddress removed6 = nextOfType(InterfaceAddress.class);
    assertEquals(vip6, removed6.address());
  }

  @Test
  void overrunIsReportedAndLinkStateReread() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch lost = new java.util.concurrent.CountDownLatch(1);
    LinkListener slow = new LinkListener() {
      @Override
      public void addressAdded(InterfaceAddress address) {
        try {
          release.await(5, TimeUnit.SECONDS); // a stuck listener: the kernel queue overflows meanwhile
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void eventsLost() {
        lost.countDown();
      }
    };
    // 1 byte asks for the kernel's minimum receive buffer (a few KiB): a burst overflows it.
    try (LinkMonitor tiny = Namespaces.call(Namespaces.named(nsA), () -> LinkMonitor.start(slow, "vw-tiny", 1))) {
      for (int i = 1; i <= 200; i++) {
        rtnlA.addAddress("eth0", InetAddress.getByName("198.51.100." + i), 32, null);
      }
      release.countDown();
      assertTrue(lost.await(3, TimeUnit.SECONDS), "ENOBUFS was not reported");
      assertTrue(tiny.overruns() >= 1);
    } finally {
      for (int i = 1; i <= 200; i++) {
        rtnlA.deleteAddress("eth0", InetAddress.getByName("198.51.100." + i), 32);
      }
    }
  }

  @Test
  void aThrowingListenerDoesNotStopTheMonitor() throws Exception {
    BlockingQueue<LinkInfo> seen = new LinkedBlockingQueue<>();
    LinkListener flaky = new LinkListener() {
      @Override
      public void linkChanged(LinkInfo link) {
        seen.add(link);
        throw new IllegalStateException("listener bug");
      }
    };
    try (LinkMonitor m = Namespaces.call(Namespaces.named(nsA), () -> LinkMonitor.start(flaky, "vw-flaky"))) {
      rtnlA.setLinkUp("eth0", false);
      assertNotNull(seen.poll(1, TimeUnit.SECONDS));
      rtnlA.setLinkUp("eth0", true);
      LinkInfo up = seen.poll(1, TimeUnit.SECONDS);
      assertNotNull(up, "second event lost after the listener threw");
      assertTrue(up.adminUp());
    }
  }

  /**
   * Reports the link-down event latency: from just before the netlink request that downs the peer
   * (carrier loss, the realistic case) or our own link, to the listener call. Also times
   * "ip link set down": from the end of the ip process to the event (negative = event first).
   */
  @Test
  void measuresLinkDownEventLatency() throws Exception {
    int runs = 100;
    long[] carrierLoss = new long[runs];
    long[] adminDown = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      rtnlB.setLinkUp("eth0", false);
      carrierLoss[i] = nextLinkStamped("eth0", false).nanos - t0;
      rtnlB.setLinkUp("eth0", true);
      nextLinkStamped("eth0", true);

      t0 = System.nanoTime();
      rtnlA.setLinkUp("eth0", false);
      adminDown[i] = nextLinkStamped("eth0", false).nanos - t0;
      rtnlA.setLinkUp("eth0", true);
      nextLinkStamped("eth0", true);
    }
    int ipRuns = 20;
    long[] afterIpExit = new long[ipRuns];
    long[] sinceIpStart = new long[ipRuns];
    for (int i = 0; i < ipRuns; i++) {
      long start = System.nanoTime();
      Sh.run("ip", "-n", nsA, "link", "set", "eth0", "down");
      long exit = System.nanoTime();
      long event = nextLinkStamped("eth0", false).nanos;
      afterIpExit[i] = event - exit;
      sinceIpStart[i] = event - start;
      Sh.run("ip", "-n", nsA, "link", "set", "eth0", "up");
      nextLinkStamped("eth0", true);
    }
    String report = String.join("\n",
        "link-down event latency (LinkMonitor, veth in a namespace)",
        "  peer set down via netlink -> carrier-loss event: " + Percentiles.of(carrierLoss),
        "  own link set down via netlink -> event:          " + Percentiles.of(adminDown),
        "  'ip link set down' process start -> event:       " + Percentiles.of(sinceIpStart),
        "  'ip link set down' process exit -> event:        " + Percentiles.of(afterIpExit)
            + " (negative: event before exit)",
        "");
    System.out.print(report);
    Path out = Path.of("target", "link-monitor-latency.txt");
    try {
      Files.writeString(out, report);
    } catch (IOException e) {
      System.out.println("cannot write " + out + ": " + e.getMessage());
    }
  }

  private static LinkInfo nextLink(String name) throws InterruptedException {
    while (true) {
      Stamped s = events.poll(1, TimeUnit.SECONDS);
      assertNotNull(s, "no link event for " + name + " within 1 s");
      if (s.event instanceof LinkInfo l && l.name().equals(name)) {
        return l;
      }
    }
  }

  private static Stamped nextLinkStamped(String name, boolean usable) throws InterruptedException {
    while (true) {
      Stamped s = events.poll(1, TimeUnit.SECONDS);
      assertNotNull(s, "no " + (usable ? "up" : "down") + " event for " + name + " within 1 s");
      if (s.event instanceof LinkInfo l && l.name().equals(name) && l.usable() == usable) {
        return s;
      }
    }
  }

  private static <T> T nextOfType(Class<T> type) throws InterruptedException {
    while (true) {
      Stamped s = events.poll(1, TimeUnit.SECONDS);
      assertNotNull(s, "no " + type.getSimpleName() + " event within 1 s");
      if (type.isInstance(s.event)) {
        return type.cast(s.event);
      }
    }
  }
}
