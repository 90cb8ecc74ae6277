package io.tandem.checkers.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.FileSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileProbeIT {
  @TempDir
  Path dir;

  @Test
  void readsTheVerdictFromTheFile() throws Exception {
    Path f = dir.resolve("state");
    try (ProbeHarness h = new ProbeHarness()) {
      FileSpec spec = new FileSpec(f);
      assertEquals(Outcome.BAD_CONTENT, h.run(spec, Duration.ofSeconds(1)).outcome(), "missing file");
      Files.writeString(f, "UP\n");
      assertEquals(Outcome.OK, h.run(spec, Duration.ofSeconds(1)).outcome());
      Files.writeString(f, "down");
      assertEquals(Outcome.MARKED_DOWN, h.run(spec, Duration.ofSeconds(1)).outcome());
      Files.writeString(f, " 42 \n");
      ProbeResult w = h.run(spec, Duration.ofSeconds(1));
      assertEquals(OptionalInt.of(42), w.dynamicWeight());
      Files.writeString(f, "9".repeat(100));
      assertEquals(Outcome.BAD_CONTENT, h.run(spec, Duration.ofSeconds(1)).outcome(), "too long");
    }
  }
}
