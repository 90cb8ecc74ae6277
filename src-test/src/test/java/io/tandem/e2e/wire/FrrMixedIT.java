package io.tandem.e2e.wire;

import io.tandem.e2e.support.FrrNode;
import io.tandem.testkit.Requirements;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tandem and FRR's vrrpd (8.4, a second independent implementation) in one virtual router: VRRPv3
 * at 100 ms and VRRPv2 at 1 s, both directions, with and without {@code use-vmac} on the Tandem
 * side (FRR always sends from the virtual MAC). FRR keeps the VIP configured on its macvlan and
 * toggles protodown, so "who holds the VIP" is read from its status and from who answers the client.
 */
class FrrMixedIT {
  private static MixedPairLab pair;

  /** VRRP version and advert interval (FRR writes whole seconds into v2 adverts: 1 s is its floor). */
  enum Variant {
    V3_100MS(3, 100),
    V2_1S(2, 1000);

    final int version;
    final int intervalMs;

    Variant(int version, int intervalMs) {
      this.version = version;
      this.intervalMs = intervalMs;
    }

    String tandem(int priority, boolean vmac) {
      return "vrrp.vi { interface = eth0, vrid = 51, version = " + version + ", priority = " + priority
          + ", advert-interval = " + intervalMs + "ms, use-vmac = " + vmac
          + ", virtual-ips = [\"" + MixedPairLab.VIP4 + "/24\"] }\n";
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(Variant.values()).flatMap(v -> Stream.of(true, false)
        .flatMap(vmac -> Stream.of(Arguments.of(v, vmac, true), Arguments.of(v, vmac, false))));
  }

  @BeforeAll
  static void start() {
    Requirements.requireRoot();
    Requirements.requireCommand("curl");
    Requirements.requireCommand("vtysh");
    pair = new MixedPairLab("frr", Variant.V3_100MS.tandem(100, false));
  }

  @AfterAll
  static void stop() {
    if (pair != null) {
      pair.close();
    }
  }

  @ParameterizedTest(name = "{0}, Tandem use-vmac: {1}, Tandem master: {2}")
  @MethodSource("cases")
  void tandemAndFrrShareTheRouterAndFailOverEachWay(Variant v, boolean vmac, boolean tandemMaster) {
    pair.tandemConfig(v.tandem(tandemMaster ? 150 : 100, vmac));
    FrrNode frr = FrrNode.start(pair.lab.netns(), pair.peerNs, pair.lab.tempDir("frr"), 51, v.version,
        tandemMaster ? 100 : 150, v.intervalMs, MixedPairLab.VIP4, true);
    try (FrrPeer peer = new FrrPeer(frr)) {
      pair.failoverBothWays(peer, tandemMaster, false, false);
    }
  }

  private record FrrPeer(FrrNode node) implements MixedPairLab.Peer {
    @Override
    public String state() {
      return node.status().toUpperCase(Locale.ROOT);
    }

    @Override
    public String log() {
      return node.show().toString() + "\n" + node.logText();
    }

    @Override
    public void close() {
      node.close();
    }
  }
}
