package io.tandem.checkers.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessProbeIT {
  @TempDir
  Path dir;

  @Test
  void upWhileAMatchingProcessRunsAndDownAfterItExits() throws Exception {
    // A copy of sleep under a name no other process has, so the check is about our process only.
    String name = "cksleep" + ProcessHandle.current().pid() % 100000;
    Path binary = dir.resolve(name);
    Files.copy(Path.of("/bin/sleep"), binary, StandardCopyOption.COPY_ATTRIBUTES);
    try (ProbeHarness h = new ProbeHarness()) {
      Process p = new ProcessBuilder(binary.toString(), "30").start();
      try {
        ProbeResult up = h.run(ProcessSpec.of(name), Duration.ofSeconds(2));
        assertEquals(Outcome.OK, up.outcome(), up.reasonText());
        assertEquals(Outcome.OK, h.run(new ProcessSpec(name, List.of("30"), 1), Duration.ofSeconds(2)).outcome());
        ProbeResult wrongArgs = h.run(new ProcessSpec(name, List.of("31"), 1), Duration.ofSeconds(2));
        assertEquals(Outcome.NOT_RUNNING, wrongArgs.outcome());
        assertEquals(Outcome.NOT_RUNNING, h.run(new ProcessSpec(name, List.of(), 2), Duration.ofSeconds(2)).outcome());
      } finally {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      ProbeResult gone = h.run(ProcessSpec.of(name), Duration.ofSeconds(2));
      assertEquals(Outcome.NOT_RUNNING, gone.outcome());
      assertEquals("0 matching process(es), need 1", gone.detail());
    }
  }
}
