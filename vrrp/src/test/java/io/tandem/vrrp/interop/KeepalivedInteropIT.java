package io.tandem.vrrp.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.testkit.FakeScheduler;
import io.tandem.testkit.NetnsLab;
import io.tandem.testkit.Requirements;
import io.tandem.testkit.Sh;
import io.tandem.vrrp.fsm.InstanceSpec;
import io.tandem.vrrp.fsm.RejectReason;
import io.tandem.vrrp.fsm.TransitionReason;
import io.tandem.vrrp.fsm.VrrpInstance;
import io.tandem.vrrp.fsm.VrrpState;
import io.tandem.vrrp.packet.DecodeResult;
import io.tandem.vrrp.packet.IpContext;
import io.tandem.vrrp.packet.VrrpAdvert;
import io.tandem.vrrp.packet.VrrpCodec;
import io.tandem.vrrp.packet.VrrpVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * keepalived 2.2.7 alone in a namespace becomes master for three instances (v3/IPv4 at 100 ms,
 * v2 with a password at 1 s, v3/IPv6 at 100 ms) and is then stopped (priority 0). tcpdump in a
 * second namespace records everything; the capture is then checked with the codec and replayed
 * into a Tandem instance on virtual time taken from the capture timestamps.
 */
class KeepalivedInteropIT {
  private static final String CONFIG = """
      global_defs {
        router_id tandem-interop
        enable_script_security
      }
      vrrp_instance v3_ipv4 {
        version 3
        state BACKUP
        interface eth0
        virtual_router_id 61
        priority 150
        advert_int 0.1
        virtual_ipaddress {
          192.0.2.61/24
        }
      }
      vrrp_instance v2_auth {
        version 2
        state BACKUP
        interface eth0
        virtual_router_id 62
        priority 150
        advert_int 1
        authentication {
          auth_type PASS
          auth_pass tandem
        }
        virtual_ipaddress {
          192.0.2.62/24
        }
      }
      vrrp_instance v3_ipv6 {
        version 3
        state BACKUP
        interface eth0
        virtual_router_id 63
        priority 150
        advert_int 0.1
        virtual_ipaddress {
          2001:db8::63/64
        }
      }
      """;

  private static NetnsLab lab;
  private static Path dir;
  private static List<PcapReader.IpPacket> packets;

  @BeforeAll
  static void captureKeepalived() throws Exception {
    Requirements.requireRoot();
    Requirements.requireCommand("keepalived");
    Requirements.requireCommand("tcpdump");
    lab = new NetnsLab("vc");
    String ka = lab.ns("ka");
    String tap = lab.ns("tap");
    lab.veth(ka, "eth0", tap, "eth0");
    lab.exec(ka, "ip", "addr", "add", "192.0.2.1/24", "dev", "eth0");
    lab.exec(tap, "ip", "addr", "add", "192.0.2.2/24", "dev", "eth0");
    waitForLinkLocal(ka);
    dir = Files.createTempDirectory("vc-keepalived");
    Files.writeString(dir.resolve("keepalived.conf"), CONFIG);
    Path pcap = dir.resolve("capture.pcap");
    Process tcpdump = lab.start(tap, new ProcessBuilder("tcpdump", "-i", "eth0", "-U", "-n", "-w", pcap.toString(),
        "ip proto 112 or ip6 proto 112").redirectErrorStream(true).redirectOutput(dir.resolve("tcpdump.log").toFile()));
    waitFor(() -> Files.exists(pcap) && Files.size(pcap) >= 24, "tcpdump to open its capture");
    Thread.sleep(300); // tcpdump attaches its filter after writing the file header
    Process keepalived = lab.start(ka, new ProcessBuilder("keepalived", "-n", "-l", "-D", "-P",
        "-f", dir.resolve("keepalived.conf").toString(), "-p", dir.resolve("k.pid").toString(),
        "-r", dir.resolve("v.pid").toString(), "-c", dir.resolve("c.pid").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("keepalived.log").toFile()));
    // v2 at 1 s becomes master after 3 × 1 s + skew ≈ 3.4 s; leave time for a few adverts.
    Thread.sleep(6000);
    keepalived.destroy(); // SIGTERM: keepalived sends priority 0 for each master instance
    assertTrue(keepalived.waitFor(10, TimeUnit.SECONDS), "keepalived did not stop");
    Thread.sleep(500);
    tcpdump.destroy();
    tcpdump.waitFor(5, TimeUnit.SECONDS);
    packets = PcapReader.read(pcap).stream().filter(p -> p.protocol() == VrrpCodec.IP_PROTOCOL_VRRP).toList();
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (lab != null) {
      lab.close();
    }
    if (dir != null) {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static IpContext ip(PcapReader.IpPacket p) {
    return new IpContext(p.source(), p.destination(), p.ttl());
  }

  private static List<VrrpAdvert> decoded(int vrid) {
    List<VrrpAdvert> out = new ArrayList<>();
    for (PcapReader.IpPacket p : packets) {
      VrrpAdvert a = ((DecodeResult.Ok) VrrpCodec.decode(p.payload(), ip(p))).advert();
      if (a.vrid() == vrid) {
        out.add(a);
      }
    }
    return out;
  }

  @Test
  void everyCapturedPacketDecodesAndReEncodesByteExact() {
    assertTrue(packets.size() > 60, "only " + packets.size() + " VRRP packets captured");
    for (PcapReader.IpPacket p : packets) {
      DecodeResult r = VrrpCodec.decode(p.payload(), ip(p));
      VrrpAdvert a = assertInstanceOf(DecodeResult.Ok.class, r, () -> "dropped: " + r).advert();
      assertArrayEquals(p.payload(), VrrpCodec.encode(a, ip(p)));
    }
    for (int vrid : new int[] {61, 62, 63}) {
      List<VrrpAdvert> adverts = decoded(vrid);
      assertTrue(adverts.size() >= 2, "vrid " + vrid + ": " + adverts.size() + " adverts");
      assertEquals(150, adverts.get(0).priority());
      assertEquals(0, adverts.get(adverts.size() - 1).priority(), "vrid " + vrid + " ends with a priority-0 advert");
    }
    assertEquals(VrrpVersion.V2, decoded(62).get(0).version());
    assertEquals(Duration.ofMillis(100), decoded(63).get(0).advertInterval());
  }

  @Test
  void tandemBackupFollowsKeepalivedAndTakesOverAfterSkewTime() {
    InstanceSpec spec = InstanceSpec.builder("follow", 61).priority(100).advertInterval(Duration.ofMillis(100))
        .primaryAddress("192.0.2.2").vip("192.0.2.61/24").build();
    Replay replay = replay(spec, 61);
    VrrpInstance instance = replay.instance;
    assertEquals(VrrpState.MASTER, instance.state());
    assertEquals(1, instance.stats().transitions(VrrpState.BACKUP, VrrpState.MASTER), "no takeover while keepalived advertised");
    assertEquals(0, instance.stats().rejectsByReason().size(), () -> "rejects: " + instance.stats().rejectsByReason());
    // RFC 5798 §6.4.2: priority 0 → Master_Down_Timer = Skew_Time = (256 − 100) × 100 ms / 256.
    assertEquals(replay.priorityZeroAt + 60_937_500L, replay.becameMasterAt);
  }

  @Test
  void v2PasswordIsCheckedAgainstKeepalivedsAuthData() {
    InstanceSpec right = InstanceSpec.builder("v2", 62).version(VrrpVersion.V2).password("tandem").priority(100)
        .primaryAddress("192.0.2.2").vip("192.0.2.62/24").build();
    Replay ok = replay(right, 62);
    assertEquals(0, ok.instance.stats().rejectsByReason().size(), () -> "rejects: " + ok.instance.stats().rejectsByReason());
    assertTrue(ok.instance.stats().steps(TransitionReason.ADVERT_ACCEPTED) >= 2);

    InstanceSpec wrong = InstanceSpec.builder("v2", 62).version(VrrpVersion.V2).password("nottand").priority(100)
        .primaryAddress("192.0.2.2").vip("192.0.2.62/24").build();
    Replay bad = replay(wrong, 62);
    assertEquals(decoded(62).size(), bad.instance.stats().rejects(RejectReason.WRONG_PASSWORD));
  }

  @Test
  void ipv6FollowerTakesOverAfterSkewTimeToo() {
    InstanceSpec spec = InstanceSpec.builder("v6", 63).priority(100).advertInterval(Duration.ofMillis(100))
        .primaryAddress("fe80::2").vip("2001:db8::63/64").build();
    Replay replay = replay(spec, 63);
    assertEquals(VrrpState.MASTER, replay.instance.state());
    assertEquals(1, replay.instance.stats().transitions(VrrpState.BACKUP, VrrpState.MASTER));
    assertEquals(0, replay.instance.stats().rejectsByReason().size(), () -> "rejects: " + replay.instance.stats().rejectsByReason());
    assertEquals(replay.priorityZeroAt + 60_937_500L, replay.becameMasterAt);
  }

  /** The replay of one VRID's captured adverts into a fresh instance, on the capture's clock. */
  private record Replay(VrrpInstance instance, long priorityZeroAt, long becameMasterAt) {}

  private Replay replay(InstanceSpec spec, int vrid) {
    List<PcapReader.IpPacket> mine = packets.stream()
        .filter(p -> ((DecodeResult.Ok) VrrpCodec.decode(p.payload(), ip(p))).advert().vrid() == vrid).toList();
    long origin = mine.get(0).timestampNanos() - 1_000_000;
    FakeScheduler clock = new FakeScheduler();
    long[] becameMaster = {-1};
    VrrpInstance instance = new VrrpInstance(spec, clock, (s, e) -> { });
    instance.addListener((i, from, to, reason) -> {
      if (to == VrrpState.MASTER) {
        becameMaster[0] = clock.nanoTime();
      }
    });
    instance.start();
    long priorityZeroAt = -1;
    for (PcapReader.IpPacket p : mine) {
      clock.runUntil(p.timestampNanos() - origin);
      VrrpAdvert a = ((DecodeResult.Ok) VrrpCodec.decode(p.payload(), ip(p))).advert();
      if (a.priority() == 0 && priorityZeroAt < 0) {
        priorityZeroAt = clock.nanoTime();
      }
      instance.receive(p.source(), a);
    }
    clock.advance(Duration.ofSeconds(5));
    return new Replay(instance, priorityZeroAt, becameMaster[0]);
  }

  private static void waitForLinkLocal(String ns) throws InterruptedException {
    // keepalived needs a usable (non-tentative) IPv6 link-local source for the v3/IPv6 instance.
    waitFor(() -> {
      String out = Sh.exec(List.of("ip", "-n", ns, "-6", "addr", "show", "dev", "eth0", "scope", "link")).out();
      return out.contains("fe80") && !out.contains("tentative");
    }, "IPv6 link-local address in " + ns);
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Check check, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        if (check.ok()) {
          return;
        }
      } catch (Exception e) {
        // not yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
