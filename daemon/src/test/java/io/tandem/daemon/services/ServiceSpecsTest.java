package io.tandem.daemon.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.checkers.spec.CheckSpec;
import io.tandem.checkers.spec.HttpSpec;
import io.tandem.checkers.spec.TcpSpec;
import io.tandem.config.ConfigLoader;
import io.tandem.config.ConfigResult;
import io.tandem.config.model.VirtualServerConfig;
import io.tandem.sync.model.ForwardingMethod;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.model.VipServiceKey;
import io.tandem.sync.model.VirtualServiceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSpecsTest {
  @TempDir Path dir;

  private VirtualServerConfig load(String body) throws IOException {
    Files.writeString(dir.resolve("tandem.conf"), "tandem.node-id = t\n" + body);
    ConfigResult r = ConfigLoader.load(dir.resolve("tandem.conf"));
    assertTrue(r.ok(), r.errors().toString());
    return r.config().orElseThrow().virtualServers().values().iterator().next();
  }

  @Test
  void mapsServiceKeySchedulerPersistenceAndForwarding() throws IOException {
    VirtualServerConfig vs = load("""
        virtual-servers.web {
          vip = "192.0.2.10:80", protocol = tcp, scheduler = wlc, forwarding = dr, persistence = 300s
          persistence-netmask = "255.255.255.0", engine = dry-run, sorry-server = "192.0.2.99:80"
          quorum { min = 2, hysteresis = 1 }
          real-servers = [
            { address = "192.0.2.101:80", weight = 3, check { type = http, path = /health, expect-status = [200, 204] } }
            { address = "192.0.2.102:80", weight = 0, check { type = tcp, port = 8080 } }
          ]
        }
        """);
    VirtualServiceConfig s = ServiceSpecs.service(vs);
    assertEquals(new VipServiceKey(vs.vip().get().address(), 80, io.tandem.sync.model.Protocol.TCP), s.key());
    assertEquals(SchedulingMethod.WLC, s.scheduler());
    assertEquals(300, s.persistence().timeoutSeconds());
    assertEquals(24, s.persistence().prefixLength());
    assertEquals(2, s.quorum());
    assertEquals(ForwardingMethod.DIRECT_ROUTE, s.realServers().get(0).method());
    assertEquals(3, s.realServers().get(0).weight());
    assertEquals(80, s.sorryServer().orElseThrow().address().port());

    CheckSpec http = ServiceSpecs.check(vs.realServers().get(0), false).orElseThrow();
    HttpSpec h = (HttpSpec) http.probe();
    assertEquals("/health", h.path());
    assertEquals(java.util.Set.of(200, 204), h.expectedStatus());
    assertEquals(3, http.weight());
    TcpSpec tcp = (TcpSpec) ServiceSpecs.check(vs.realServers().get(1), false).orElseThrow().probe();
    assertEquals(8080, tcp.target().port(), "check.port overrides the real server's port");
  }

  @Test
  void aServerWithoutACheckHasNoProbe() throws IOException {
    VirtualServerConfig vs = load("""
        virtual-servers.dns {
          vip = "192.0.2.10:53", protocol = udp, scheduler = rr, forwarding = nat, engine = dry-run
          real-servers = [ { address = "192.0.2.101:53", check.type = none } ]
        }
        """);
    assertEquals(Optional.empty(), ServiceSpecs.check(vs.realServers().get(0), false));
  }

  @Test
  void netmaskForms() {
    assertEquals(24, ServiceSpecs.prefixLength("255.255.255.0"));
    assertEquals(16, ServiceSpecs.prefixLength("/16"));
    assertEquals(64, ServiceSpecs.prefixLength("64"));
  }
}
