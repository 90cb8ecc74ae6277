package io.tandem.e2e.wire;

import io.tandem.e2e.support.KeepalivedNode;
import io.tandem.testkit.Requirements;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tandem and keepalived 2.2.7 in one virtual router, both directions (Tandem master with a
 * keepalived backup, and the reverse), for VRRPv2 with a password, VRRPv3 over IPv4 and IPv6, and
 * VRRPv3 with unicast peers: both agree on the master, the VIP is only on it, the client reaches
 * it, and failover and preemption work each way.
 */
class KeepalivedMixedIT {
  private static final String INSTANCE = "VI_1";
  private static MixedPairLab pair;

  /** One way to run the virtual router. */
  enum Variant {
    V2_AUTH(2, Duration.ofSeconds(1), "tandem1", false, false),
    V3_IPV4(3, Duration.ofMillis(100), null, false, false),
    V3_IPV6(3, Duration.ofMillis(100), null, true, false),
    V3_UNICAST(3, Duration.ofMillis(100), null, false, true);

    final int version;
    final Duration interval;
    final String password;
    final boolean ipv6;
    final boolean unicast;

    Variant(int version, Duration interval, String password, boolean ipv6, boolean unicast) {
      this.version = version;
      this.interval = interval;
      this.password = password;
      this.ipv6 = ipv6;
      this.unicast = unicast;
    }

    String vip() {
      return ipv6 ? MixedPairLab.VIP6 + "/64" : MixedPairLab.VIP4 + "/24";
    }

    String tandem(int priority) {
      return "vrrp.vi { interface = eth0, vrid = 51, version = " + version + ", priority = " + priority
          + ", advert-interval = " + interval.toMillis() + "ms, virtual-ips = [\"" + vip() + "\"]"
          + (password == null ? "" : ", auth.pass = \"" + password + "\"")
          + (unicast ? ", unicast { source = 192.0.2.1, peers = [192.0.2.2] }" : "")
          + " }\n";
    }

    String keepalived(int priority) {
      String extra = unicast ? "  unicast_src_ip 192.0.2.2\n  unicast_peer {\n    192.0.2.1\n  }" : null;
      return KeepalivedNode.globals("ka") + KeepalivedNode.instance(INSTANCE, version, 51, priority, interval, true,
          password, List.of(vip()), extra);
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(Variant.values()).flatMap(v -> Stream.of(Arguments.of(v, true), Arguments.of(v, false)));
  }

  @BeforeAll
  static void start() {
    Requirements.requireRoot();
    Requirements.requireCommand("keepalived");
    Requirements.requireCommand("curl");
    pair = new MixedPairLab("keepalived", Variant.V3_IPV4.tandem(100));
  }

  @AfterAll
  static void stop() {
    if (pair != null) {
      pair.close();
    }
  }

  @ParameterizedTest(name = "{0}, Tandem master: {1}")
  @MethodSource("cases")
  void tandemAndKeepalivedShareTheRouterAndFailOverEachWay(Variant v, boolean tandemMaster) {
    pair.tandemConfig(v.tandem(tandemMaster ? 150 : 100));
    Path dir = pair.lab.tempDir("ka");
    try (KeepalivedPeer ka = new KeepalivedPeer(KeepalivedNode.start(pair.lab.netns(), pair.peerNs, "ka", dir,
        v.keepalived(tandemMaster ? 100 : 150)))) {
      pair.failoverBothWays(ka, tandemMaster, v.ipv6, true);
    }
  }

  private record KeepalivedPeer(KeepalivedNode node) implements MixedPairLab.Peer {
    @Override
    public String state() {
      return node.state(INSTANCE);
    }

    @Override
    public String log() {
      return node.logText();
    }

    @Override
    public void close() {
      node.stop(Duration.ofSeconds(5));
    }
  }
}
