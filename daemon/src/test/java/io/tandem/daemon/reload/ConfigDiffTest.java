package io.tandem.daemon.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.config.ConfigLoader;
import io.tandem.config.model.TandemConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDiffTest {
  @TempDir Path dir;

  private static final String BASE = """
      tandem.node-id = lb1
      vrrp.web { interface = eth0, vrid = 51, priority = 150, advert-interval = 100ms, virtual-ips = ["192.0.2.10/24"] }
      vrrp.db { interface = eth0, vrid = 52, priority = 150, virtual-ips = ["192.0.2.20/24"] }
      virtual-servers.web-http {
        vip = "192.0.2.10:80"
        real-servers = [
          { address = "192.0.2.101:80", weight = 1, check { type = tcp } }
          { address = "192.0.2.102:80", weight = 1, check { type = tcp } }
        ]
      }
      """;

  private TandemConfig load(String text) throws IOException {
    Path f = Files.createTempFile(dir, "t", ".conf");
    Files.writeString(f, text);
    return ConfigLoader.load(f).orThrow();
  }

  private List<String> diff(String before, String after) throws IOException {
    return ConfigDiff.between(load(before), load(after)).changes().stream().map(Object::toString).toList();
  }

  @Test
  void identicalConfigsHaveNoDifference() throws IOException {
    assertTrue(ConfigDiff.between(load(BASE), load(BASE)).isEmpty());
  }

  @Test
  void aWeightChangeTouchesOnlyThatRealServerAndKeepsItsHealth() throws IOException {
    List<String> d = diff(BASE, BASE.replace("\"192.0.2.102:80\", weight = 1", "\"192.0.2.102:80\", weight = 3"));
    assertEquals(List.of("~ virtual-servers.web-http real server 192.0.2.102:80: weight 1 → 3 (health kept)"), d);
  }

  @Test
  void aPriorityChangeIsAppliedInPlaceAndAVridChangeRecreates() throws IOException {
    List<String> d = diff(BASE, BASE.replace("vrid = 51, priority = 150", "vrid = 51, priority = 120")
        .replace("vrid = 52", "vrid = 53"));
    assertEquals(List.of(
        "~ vrrp.db: vrid 52 → 53 (re-created: releases VIPs, restarts in Backup)",
        "~ vrrp.web: priority 150 → 120 (in place: state and VIPs kept)"), d);
  }

  @Test
  void addedAndRemovedEntitiesAreListed() throws IOException {
    String after = BASE.replace("vrrp.db { interface = eth0, vrid = 52, priority = 150, virtual-ips = [\"192.0.2.20/24\"] }",
            "vrrp.api { interface = eth0, vrid = 60, virtual-ips = [\"192.0.2.30/24\"] }")
        .replace("{ address = \"192.0.2.102:80\", weight = 1, check { type = tcp } }",
            "{ address = \"192.0.2.103:80\", weight = 1, check { type = http } }");
    List<String> d = diff(BASE, after);
    assertEquals(List.of(
        "+ vrrp.api (new: starts in Backup)",
        "- vrrp.db (removed: releases its virtual IPs)",
        "- virtual-servers.web-http real server 192.0.2.102:80",
        "+ virtual-servers.web-http real server 192.0.2.103:80 (new: starts per its check's start-down)"), d);
  }

  @Test
  void aCheckChangeRestartsTheCheck() throws IOException {
    List<String> d = diff(BASE, BASE.replace("\"192.0.2.101:80\", weight = 1, check { type = tcp }",
        "\"192.0.2.101:80\", weight = 1, check { type = tcp, interval = 2s }"));
    assertEquals(1, d.size());
    assertTrue(d.get(0).startsWith("~ virtual-servers.web-http real server 192.0.2.101:80: check "), d.get(0));
    assertTrue(d.get(0).endsWith("(check restarted)"), d.get(0));
  }

  @Test
  void movingAnEntityToAnotherLineIsNoChange() throws IOException {
    assertTrue(ConfigDiff.between(load(BASE), load("\n\n# moved\n" + BASE)).isEmpty());
  }
}
