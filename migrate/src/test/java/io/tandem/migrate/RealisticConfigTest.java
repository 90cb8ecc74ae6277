package io.tandem.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.config.ConfigLoader;
import io.tandem.config.ConfigResult;
import io.tandem.config.model.TandemConfig;
import io.tandem.config.model.VrrpInstanceConfig;
import io.tandem.migrate.ReportItem.Kind;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A director pair's configuration as an operator would have it (written for these tests): two
 * instances in a sync group, scripts, two services with several checkers, global settings.
 */
class RealisticConfigTest {
  @TempDir
  Path out;

  static Path fixture() {
    try {
      return Path.of(RealisticConfigTest.class.getResource("/keepalived/realistic/keepalived.conf").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void convertsWithItemsToReviewAndPassesTandemCheck() throws Exception {
    Path source = fixture();
    ImportResult r = KeepalivedImporter.importFile(source, Optional.empty());
    assertTrue(r.ok(), () -> r.errors().toString());
    assertEquals(ImportResult.EXIT_REVIEW, r.exitStatus());

    List<Path> written = ImportWriter.write(r, out, source, false);
    assertTrue(written.contains(Path.of("IMPORT-REPORT.md")));
    ConfigResult loaded = ConfigLoader.load(out.resolve("tandem.conf"));
    assertTrue(loaded.ok(), () -> loaded.errors().toString());
    TandemConfig config = loaded.orThrow();

    VrrpInstanceConfig pub = config.vrrpInstances().get("VI_PUBLIC");
    assertEquals(51, pub.vrid());
    assertEquals(2, pub.version());
    // FRONT has no sync_group_tracking_weight: keepalived ignores the members' track weights, so eth1
    // faults the instance and the weighted scripts are not tracked at all.
    assertEquals(150, pub.priority());
    assertEquals(0, pub.track().interfaces().get(0).weight());
    assertEquals(List.of(), pub.track().scripts());
    assertEquals(Kind.OBSOLETE, Fixture.item(r, "keepalived.conf:58", "chk_haproxy").kind());
    assertEquals(Optional.of("s3cret99"), pub.authPass());
    assertEquals(Optional.of("FRONT"), pub.syncGroup());
    assertEquals(3, pub.garp().count());
    VrrpInstanceConfig priv = config.vrrpInstances().get("VI_PRIVATE");
    assertEquals(false, priv.preempt());
    assertTrue(priv.unicast().isPresent());
    assertEquals(java.util.Set.of("192-0-2-10-80-tcp", "192-0-2-11-443-tcp"), config.virtualServers().keySet());
    assertEquals(2, config.virtualServers().get("192-0-2-10-80-tcp").quorum().min());

    String report = Files.readString(out.resolve("IMPORT-REPORT.md"));
    for (String expected : new String[] {"`keepalived.conf:6` | `notification_email`", "`keepalived.conf:72` | `notify_backup`",
        "`keepalived.conf:62` | `garp_master_delay`", "`keepalived.conf:100` | `url`", "`keepalived.conf:139` | `TCP_CHECK`",
        "`keepalived.conf:41` | `state`"}) {
      assertTrue(report.contains(expected), () -> expected + " missing from\n" + report);
    }
    assertEquals(Kind.INFO, Fixture.item(r, "keepalived.conf:41", "state").kind());
    String vrrp = Files.readString(out.resolve("conf.d/vrrp-VI_PUBLIC.conf"));
    assertTrue(vrrp.startsWith("# Public side: the VIP clients connect to.\n# lb-front-2 runs the same block with priority 100.\n"),
        vrrp);
  }

  @Test
  void writerRefusesToMixWithAnExistingConfiguration() throws Exception {
    Path source = fixture();
    ImportResult r = KeepalivedImporter.importFile(source, Optional.empty());
    ImportWriter.write(r, out, source, false);
    Files.writeString(out.resolve("conf.d/stale.conf"), "vrrp.stale { }\n");
    try {
      ImportWriter.write(r, out, source, false);
      throw new AssertionError("expected a refusal");
    } catch (java.io.IOException expected) {
      assertTrue(expected.getMessage().contains("already holds a Tandem configuration"));
    }
    ImportWriter.write(r, out, source, true);
    assertTrue(Files.notExists(out.resolve("conf.d/stale.conf")), "replace removes stale conf.d files");
    assertTrue(ConfigLoader.load(out.resolve("tandem.conf")).ok());
  }

  @Test
  void writerRefusesAnInvalidResult() {
    ImportResult bad = new ImportResult(java.util.Map.of(), List.of(),
        List.of(new ImportError(new Location("keepalived.conf", 1), "x", "broken")));
    try {
      ImportWriter.write(bad, out, Path.of("keepalived.conf"), false);
      throw new AssertionError("expected a refusal");
    } catch (IllegalStateException | java.io.IOException expected) {
      assertTrue(Files.notExists(out.resolve("tandem.conf")));
    }
  }
}
