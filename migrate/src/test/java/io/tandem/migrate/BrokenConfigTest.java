package io.tandem.migrate;

import static io.tandem.migrate.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs keepalived would reject: each gives exit status 2, writes nothing, and names file:line.
 * The files under broken/ are also fed to keepalived -t by {@link KeepalivedAgreementIT}.
 */
class BrokenConfigTest {
  @TempDir
  Path dir;

  static List<Path> brokenFixtures() {
    return Fixtures.confs("broken");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFixtures")
  void brokenFixtureFailsWithTheExpectedError(Path file) {
    String[] expected = Fixtures.expectation(file);
    assertError(KeepalivedImporter.importFile(file, Optional.empty()), expected[0], expected[1]);
  }

  @Test
  void errorInAnIncludedFileNamesThatFile() {
    Fixture f = new Fixture(dir);
    f.write("conf.d/web.conf", "vrrp_instance WEB {\n  interface eth0\n  advert_int fast\n}\n");
    Path main = f.write("keepalived.conf", "include conf.d/web.conf\n");
    assertError(f.run(main, Optional.empty()), "conf.d/web.conf:3", "must be a number of seconds");
  }

  @Test
  void includeLoopIsBounded() {
    assertError(new Fixture(dir).run("include keepalived.conf\n"), "keepalived.conf:1", "nest deeper");
  }

  @Test
  void includeExplosionIsBounded() {
    // Each level includes itself twice: 2^16 reads without the file-count bound.
    assertError(new Fixture(dir).run("include keepalived.conf\ninclude keepalived.conf\n"), "keepalived.conf:1",
        "files included");
  }

  @Test
  void runawaySequenceIsBounded() {
    assertError(new Fixture(dir).run("~SEQ(n, 1, 100000000000) @nobody x\n"), "keepalived.conf:1", "expands to more than");
  }

  @Test
  void missingMainFile() {
    ImportResult r = KeepalivedImporter.importFile(dir.resolve("nope.conf"), Optional.empty());
    assertEquals(ImportResult.EXIT_INVALID, r.exitStatus());
    assertEquals("nope.conf:0: cannot read: no such file", r.errors().get(0).toString());
  }
}
