package io.tandem.vrrp.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.netlink.MacAddress;
import io.tandem.testkit.FakeScheduler;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GratuitousSenderTest {
  private static final MacAddress VMAC = MacAddress.parse("00:00:5e:00:01:33");
  private final FakeScheduler scheduler = new FakeScheduler();
  private final List<Long> sentAtNanos = new ArrayList<>();
  private final List<byte[]> sent = new ArrayList<>();
  private final FrameSender recorder = frame -> {
    sent.add(frame);
    sentAtNanos.add(scheduler.nanoTime());
  };

  @AfterEach
  void nothingLeftBehind() {
    scheduler.assertNothingPending();
  }

  @Test
  void burstGoesOutAfterTheInitialDelayAtTheConfiguredInterval() throws Exception {
    GratuitousSender g = new GratuitousSender(scheduler, recorder,
        new GratuitousSettings(3, Duration.ofMillis(7), Duration.ofMillis(11), Duration.ZERO, 1));
    g.start(VMAC, List.of(InetAddress.getByName("192.0.2.10")));
    assertEquals(0, sent.size(), "nothing is sent inline");
    scheduler.advance(Duration.ofMillis(100));
    assertEquals(List.of(11_000_000L, 18_000_000L, 25_000_000L), sentAtNanos);
    assertArrayEquals(GratuitousFrames.garp(VMAC, VrrpFrames.inet4("192.0.2.10")), sent.get(0));
    assertEquals(3, g.framesSent());
  }

  @Test
  void withoutAnInitialDelayTheFirstRoundGoesOutInline() throws Exception {
    // The VRRP core sends it before its first advert as master: hosts must have the new MAC
    // before a releasing master hears that advert and lets go of the VIPs.
    GratuitousSender g = new GratuitousSender(scheduler, recorder,
        new GratuitousSettings(3, Duration.ofMillis(7), Duration.ZERO, Duration.ZERO, 1));
    g.start(VMAC, List.of(InetAddress.getByName("192.0.2.10")));
    assertEquals(List.of(0L), sentAtNanos, "first round inside start()");
    scheduler.advance(Duration.ofMillis(100));
    assertEquals(List.of(0L, 7_000_000L, 14_000_000L), sentAtNanos);
  }

  @Test
  void everyVipIsAnnouncedInEachRoundWithTheRightFrameKind() throws Exception {
    GratuitousSender g = new GratuitousSender(scheduler, recorder, GratuitousSettings.DEFAULT);
    g.start(VMAC, List.of(InetAddress.getByName("192.0.2.10"), InetAddress.getByName("2001:db8::10")));
    scheduler.runDue();
    assertEquals(10, sent.size(), "5 rounds of 2 frames, back to back");
    assertArrayEquals(GratuitousFrames.garp(VMAC, VrrpFrames.inet4("192.0.2.10")), sent.get(0));
    assertArrayEquals(GratuitousFrames.unsolicitedNa(VMAC, VrrpFrames.inet6("2001:db8::10"),
        VrrpFrames.inet6("2001:db8::10"), false), sent.get(1));
  }

  @Test
  void refreshKeepsAnnouncingUntilStopped() throws Exception {
    GratuitousSender g = new GratuitousSender(scheduler, recorder,
        new GratuitousSettings(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10), 2));
    List<InetAddress> vips = List.of(InetAddress.getByName("192.0.2.10"));
    g.start(VMAC, vips);
    scheduler.runDue();
    assertEquals(1, sent.size());
    long spread = GratuitousSender.refreshSpread(Duration.ofSeconds(10), vips).toNanos();
    scheduler.advanceNanos(10_000_000_000L + spread - 1);
    assertEquals(1, sent.size(), "the first refresh waits out its spread");
    scheduler.advanceNanos(1);
    assertEquals(3, sent.size(), "refresh burst of 2 at t=10s + spread");
    scheduler.advance(Duration.ofSeconds(10));
    assertEquals(5, sent.size(), "then every 10 s");
    g.stop();
    scheduler.advance(Duration.ofSeconds(60));
    assertEquals(5, sent.size());
  }

  @Test
  void refreshesOfInstancesThatStartedTogetherAreSpreadOverAQuarterOfTheInterval() throws Exception {
    Duration every = Duration.ofSeconds(60);
    Set<Long> offsets = new HashSet<>();
    for (int i = 1; i <= 255; i++) {
      List<InetAddress> vips = List.of(InetAddress.getByName("192.0.2." + i));
      Duration d = GratuitousSender.refreshSpread(every, vips);
      assertTrue(!d.isNegative() && d.compareTo(Duration.ofSeconds(15)) < 0, d.toString());
      assertEquals(d, GratuitousSender.refreshSpread(every, vips), "same instance, same offset");
      offsets.add(d.toSeconds());
    }
    assertTrue(offsets.size() >= 12, "255 instances land in most of the 15 one-second slots: " + offsets);
    assertEquals(Duration.ZERO, GratuitousSender.refreshSpread(Duration.ZERO, List.of(InetAddress.getByName("192.0.2.1"))));
  }

  @Test
  void stopBeforeTheFirstSendCancelsEverything() throws Exception {
    GratuitousSender g = new GratuitousSender(scheduler, recorder,
        new GratuitousSettings(5, Duration.ofMillis(1), Duration.ofMillis(50), Duration.ZERO, 1));
    g.start(VMAC, List.of(InetAddress.getByName("192.0.2.10")));
    g.stop();
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(0, sent.size());
  }

  @Test
  void restartReplacesTheAnnouncementInProgress() throws Exception {
    GratuitousSender g = new GratuitousSender(scheduler, recorder,
        new GratuitousSettings(3, Duration.ofMillis(10), Duration.ZERO, Duration.ZERO, 1));
    g.start(VMAC, List.of(InetAddress.getByName("192.0.2.10")));
    scheduler.runDue();
    g.start(VMAC, List.of(InetAddress.getByName("192.0.2.20")));
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(4, sent.size(), "1 frame for .10, then a fresh burst of 3 for .20");
    assertArrayEquals(GratuitousFrames.garp(VMAC, VrrpFrames.inet4("192.0.2.20")), sent.get(3));
  }

  @Test
  void sendFailuresAreCountedAndTheBurstContinues() throws Exception {
    int[] calls = {0};
    GratuitousSender g = new GratuitousSender(scheduler, frame -> {
      if (calls[0]++ == 0) {
        throw new PacketIoException("link down");
      }
    }, new GratuitousSettings(3, Duration.ofMillis(1), Duration.ZERO, Duration.ZERO, 1));
    g.start(VMAC, List.of(InetAddress.getByName("192.0.2.10")));
    scheduler.advance(Duration.ofMillis(10));
    assertEquals(3, calls[0]);
    assertEquals(1, g.sendFailures());
    assertEquals(2, g.framesSent());
  }

  @Test
  void noVipsMeansNothingScheduled() {
    new GratuitousSender(scheduler, recorder, GratuitousSettings.DEFAULT).start(VMAC, List.of());
    assertEquals(0, scheduler.pendingCount());
  }

  @Test
  void settingsRejectNonsense() {
    assertThrows(IllegalArgumentException.class,
        () -> new GratuitousSettings(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new GratuitousSettings(1, Duration.ofMillis(-1), Duration.ZERO, Duration.ZERO, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new GratuitousSettings(1, Duration.ZERO, Duration.ZERO, Duration.ofMillis(5), 1));
    assertThrows(IllegalArgumentException.class,
        () -> new GratuitousSettings(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0));
  }

  @Test
  void virtualMacFollowsRfc5798() {
    assertEquals(MacAddress.parse("00:00:5e:00:01:33"), Vmac.virtualMac(51, IpVersion.V4));
    assertEquals(MacAddress.parse("00:00:5e:00:02:ff"), Vmac.virtualMac(255, IpVersion.V6));
    assertEquals("vrrp.51", Vmac.defaultName(51, IpVersion.V4));
    assertEquals("vrrp6.51", Vmac.defaultName(51, IpVersion.V6));
    assertThrows(IllegalArgumentException.class, () -> Vmac.virtualMac(0, IpVersion.V4));
    assertThrows(IllegalArgumentException.class, () -> Vmac.virtualMac(256, IpVersion.V4));
  }
}
