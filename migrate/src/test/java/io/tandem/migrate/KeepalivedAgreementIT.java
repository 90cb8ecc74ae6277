package io.tandem.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tandem.testkit.NetnsLab;
import io.tandem.testkit.Requirements;
import io.tandem.testkit.Sh;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import's verdict agrees with keepalived's own: every broken fixture that the import refuses
 * is refused by {@code keepalived -t} (2.2.7) too, and every valid fixture passes it. keepalived
 * checks interfaces, so it runs in a namespace that has eth0 and eth1.
 */
class KeepalivedAgreementIT {
  private static NetnsLab lab;
  private static String ns;
  private static String keepalived;

  @BeforeAll
  static void namespaceWithEth0AndEth1() {
    Requirements.requireRoot();
    keepalived = Requirements.findCommand("keepalived");
    Requirements.require(keepalived != null, "keepalived (apt-get install keepalived)");
    lab = new NetnsLab("mig");
    ns = lab.ns("a");
    lab.veth(ns, "eth0", ns, "eth1");
  }

  @AfterAll
  static void teardown() {
    if (lab != null) {
      lab.close();
    }
  }

  private static Sh.Result configTest(Path file, Optional<String> instance) {
    List<String> cmd = new java.util.ArrayList<>(List.of("ip", "netns", "exec", ns, "timeout", "20", keepalived, "-t",
        "-l", "-f", file.toString()));
    instance.ifPresent(i -> cmd.addAll(List.of("-i", i)));
    return Sh.exec(cmd);
  }

  @Test
  void keepalivedRejectsWhatTheImportRejects() {
    for (Path file : Fixtures.confs("broken")) {
      assertEquals(ImportResult.EXIT_INVALID, KeepalivedImporter.importFile(file, Optional.empty()).exitStatus(), file::toString);
      if (Fixtures.keepalivedAccepts(file)) {
        continue; // documented in the fixture: the import is stricter on purpose
      }
      Sh.Result r = configTest(file, Optional.empty());
      assertNotEquals(0, r.exit(), () -> "keepalived -t accepts " + file + ":\n" + r.out());
    }
  }

  @Test
  void keepalivedAcceptsWhatTheImportConverts() {
    for (Path file : Fixtures.confs("valid")) {
      for (Optional<String> instance : List.of(Optional.<String>empty(), Optional.of("lb1"))) {
        ImportResult imported = KeepalivedImporter.importFile(file, instance);
        assertEquals(true, imported.ok(), () -> file + ": " + imported.errors());
        Sh.Result r = configTest(file, instance);
        assertEquals(0, r.exit(), () -> "keepalived -t rejects " + file + ":\n" + r.out());
      }
    }
  }
}
