package io.tandem.vrrp.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tandem.common.time.SystemScheduler;
import io.tandem.netlink.InterfaceAddress;
import io.tandem.netlink.LinkListener;
import io.tandem.netlink.LinkMonitor;
import io.tandem.netlink.Namespaces;
import io.tandem.netlink.RtNetlink;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures (reports, does not assert timings) how long "become master" takes on the wire: from the
 * call that adds the VIP through netlink and starts the gratuitous ARP, to (a) the kernel's ack,
 * (b) the RTM_NEWADDR notification seen by a LinkMonitor, (c) the first GARP captured by pcap in
 * the other namespace across the bridge. Also the one-way advert latency a -> b through
 * VrrpPacketIo. Results go to stdout and target/bench-vrrp-net.txt; docs/bench-vrrp-net.md has
 * the figures and the command. Correctness is asserted: every GARP must arrive and be right.
 */
class BecomeMasterLatencyIT {
  private static final int WARMUP = 30;
  private static final int RUNS = 200;
  private static final Inet4Address VIP = VrrpFrames.inet4("192.0.2.10");

  private static BridgeLab lab;
  private static RtNetlink rtnlA;
  private static VrrpPacketIo ioA;
  private static VrrpPacketIo ioB;
  private static CaptureProbe probeB;
  private static LinkMonitor monitorA;
  private static SystemScheduler scheduler;
  private static final BlockingQueue<Long> addressAddedAt = new LinkedBlockingQueue<>();
  private static final BlockingQueue<Long> addressRemovedAt = new LinkedBlockingQueue<>();
  private static final BlockingQueue<VrrpFrame> advertsAtB = new LinkedBlockingQueue<>();

  @BeforeAll
  static void setUp() {
    lab = new BridgeLab("l");
    rtnlA = Namespaces.call(lab.pathA(), RtNetlink::open);
    ioA = Namespaces.call(lab.pathA(), () -> VrrpPacketIo.open("eth0", f -> { }));
    ioB = Namespaces.call(lab.pathB(), () -> VrrpPacketIo.open("eth0", advertsAtB::add));
    probeB = Namespaces.call(lab.pathB(), () -> new CaptureProbe("eth0", "arp"));
    monitorA = Namespaces.call(lab.pathA(), () -> LinkMonitor.start(new LinkListener() {
      @Override
      public void addressAdded(InterfaceAddress a) {
        if (a.address().equals(VIP)) {
          addressAddedAt.add(System.nanoTime());
        }
      }

      @Override
      public void addressRemoved(InterfaceAddress a) {
        if (a.address().equals(VIP)) {
          addressRemovedAt.add(System.nanoTime());
        }
      }
    }, "vw-bench-monitor"));
    scheduler = new SystemScheduler("vw-bench-vrrp", Thread.MAX_PRIORITY);
  }

  @AfterAll
  static void tearDown() {
    for (AutoCloseable c : new AutoCloseable[] {scheduler, monitorA, probeB, ioB, ioA, rtnlA, lab}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        System.out.println("teardown: " + e);
      }
    }
  }

  @Test
  void reportsBecomeMasterAndAdvertLatency() throws Exception {
    GratuitousSender garp = new GratuitousSender(scheduler, ioA,
        new GratuitousSettings(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1));
    byte[] expectedGarp = GratuitousFrames.garp(BridgeLab.MAC_A, VIP);

    long[][] viaScheduler = runBecomeMaster(() -> scheduler.execute(() -> garp.start(BridgeLab.MAC_A, List.of(VIP))),
        expectedGarp, () -> scheduler.execute(garp::stop));
    long[][] direct = runBecomeMaster(() -> ioA.sendFrame(expectedGarp), expectedGarp, () -> { });

    byte[] advert = TestAdverts.v2(51, 150, List.of(VIP));
    long[] advertOneWay = new long[RUNS];
    for (int i = -WARMUP; i < RUNS; i++) {
      long t0 = System.nanoTime();
      ioA.sendIpv4(BridgeLab.MAC_A, VrrpFrames.inet4("192.0.2.1"), advert);
      VrrpFrame f = advertsAtB.poll(1, TimeUnit.SECONDS);
      assertNotNull(f, "advert " + i + " lost");
      assertArrayEquals(advert, f.payload());
      if (i >= 0) {
        advertOneWay[i] = f.receivedNanos() - t0;
      }
      Thread.sleep(1);
    }

    String report = String.join("\n",
        "become master on a (add VIP 192.0.2.10/24 via netlink + first GARP), seen from b across a bridge; "
            + RUNS + " runs after " + WARMUP + " warm-up",
        "  GARP through GratuitousSender on a SystemScheduler (the daemon's path):",
        "    netlink ack (VIP on the interface):    " + Percentiles.of(viaScheduler[0]),
        "    RTM_NEWADDR seen by LinkMonitor:       " + Percentiles.of(viaScheduler[1]),
        "    first GARP captured in b:              " + Percentiles.of(viaScheduler[2]),
        "  GARP sent inline right after the ack:",
        "    netlink ack (VIP on the interface):    " + Percentiles.of(direct[0]),
        "    first GARP captured in b:              " + Percentiles.of(direct[2]),
        "advert a -> b via VrrpPacketIo (send call to listener in b): " + Percentiles.of(advertOneWay),
        "");
    System.out.print(report);
    Path out = Path.of("target", "bench-vrrp-net.txt");
    try {
      Files.writeString(out, report);
    } catch (IOException e) {
      System.out.println("cannot write " + out + ": " + e.getMessage());
    }
  }

  /** Returns {ack, notification, garp-on-wire} latencies in ns for each measured run. */
  private static long[][] runBecomeMaster(Runnable announce, byte[] expectedGarp, Runnable unannounce) throws Exception {
    long[] ack = new long[RUNS];
    long[] notified = new long[RUNS];
    long[] onWire = new long[RUNS];
    for (int i = -WARMUP; i < RUNS; i++) {
      probeB.clear();
      addressAddedAt.clear();
      long t0 = System.nanoTime();
      boolean added = rtnlA.addAddress("eth0", VIP, 24, null);
      long t1 = System.nanoTime();
      announce.run();
      CaptureProbe.Captured c = probeB.next(1000);
      assertNotNull(c, "GARP of run " + i + " never reached b");
      assertArrayEquals(expectedGarp, Arrays.copyOf(c.frame(), expectedGarp.length));
      Long event = addressAddedAt.poll(1, TimeUnit.SECONDS);
      assertNotNull(event, "no RTM_NEWADDR for run " + i);
      assertEquals(true, added, "the VIP was absent before run " + i);
      if (i >= 0) {
        ack[i] = t1 - t0;
        notified[i] = event - t0;
        onWire[i] = c.nanos() - t0;
      }
      unannounce.run();
      rtnlA.deleteAddress("eth0", VIP, 24);
      addressRemovedAt.poll(1, TimeUnit.SECONDS);
      Thread.sleep(2);
    }
    return new long[][] {ack, notified, onWire};
  }
}
