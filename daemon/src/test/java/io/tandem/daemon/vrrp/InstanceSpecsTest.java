package io.tandem.daemon.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.config.ConfigLoader;
import io.tandem.config.ConfigResult;
import io.tandem.config.model.VrrpInstanceConfig;
import io.tandem.vrrp.fsm.InstanceSpec;
import io.tandem.vrrp.fsm.TrackSpec;
import io.tandem.vrrp.packet.IpFamily;
import io.tandem.vrrp.packet.VrrpVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceSpecsTest {
  @TempDir Path dir;

  @Test
  void mapsEveryFieldAndNamesTracksByKind() throws IOException {
    Files.writeString(dir.resolve("tandem.conf"), """
        tandem.node-id = t
        vrrp.web {
          interface = eth0, vrid = 51, version = 2, priority = 150, advert-interval = 1s
          preempt = false, auth.pass = secret
          virtual-ips = ["192.0.2.10/24"]
          unicast { source = 192.0.2.11, peers = [192.0.2.12] }
          track {
            interfaces = [{ name = eth1, weight = -50 }]
            files = [{ path = /run/w, weight-scale = 2 }]
            services = [{ name = web, weight = -60 }]
          }
        }
        virtual-servers.web {
          vip = "192.0.2.10:80", protocol = tcp, scheduler = rr, forwarding = nat, engine = dry-run
          real-servers = [ { address = "192.0.2.101:80", check.type = none } ]
        }
        """);
    ConfigResult r = ConfigLoader.load(dir.resolve("tandem.conf"));
    assertTrue(r.ok(), r.errors().toString());
    VrrpInstanceConfig c = r.config().orElseThrow().vrrpInstances().get("web");
    InstanceSpec spec = InstanceSpecs.of(c, InetAddress.getByName("192.0.2.11"));
    assertEquals(51, spec.vrid());
    assertEquals(VrrpVersion.V2, spec.version());
    assertEquals(IpFamily.IPV4, spec.family());
    assertEquals(150, spec.basePriority());
    assertEquals(Duration.ofSeconds(1), spec.advertInterval());
    assertEquals(false, spec.preempt());
    assertEquals("secret", spec.authPassword());
    assertEquals(1, spec.unicastPeers().size());
    assertNull(spec.syncGroup());
    assertEquals(3, spec.tracks().size());
    assertEquals(new TrackSpec("interface:eth1", TrackSpec.Kind.INTERFACE, -50, 1, 1, false), spec.tracks().get(0));
    assertEquals(TrackSpec.Kind.FILE, spec.tracks().get(1).kind());
    assertEquals(2, spec.tracks().get(1).weight());
    assertEquals("service:web", spec.tracks().get(2).name());
  }
}
