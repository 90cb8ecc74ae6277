package io.tandem.migrate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.config.ConfigLoader;
import io.tandem.config.ConfigResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The valid fixtures (which keepalived -t accepts, see {@link KeepalivedAgreementIT}) convert and pass tandem check. */
class ValidFixturesTest {
  @TempDir
  Path out;

  static List<Path> validFixtures() {
    return Fixtures.confs("valid");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFixtures")
  void convertsAndPassesTandemCheck(Path file) throws Exception {
    for (Optional<String> instance : List.of(Optional.<String>empty(), Optional.of("lb1"))) {
      ImportResult r = KeepalivedImporter.importFile(file, instance);
      assertTrue(r.ok(), () -> file + ": " + r.errors());
      Path dir = out.resolve(file.getFileName() + instance.orElse("-"));
      ImportWriter.write(r, dir, file, false);
      ConfigResult loaded = ConfigLoader.load(dir.resolve("tandem.conf"));
      assertTrue(loaded.ok(), () -> file + ": " + loaded.errors());
    }
  }
}
