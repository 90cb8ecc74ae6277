package io.tandem.checkers.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.ScriptSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptProbeIT {
  private static ProbeHarness harness;
  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    harness = new ProbeHarness();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private Path script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  private ProbeResult run(Path script, boolean dynamic, Duration timeout, String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of(script.toString()));
    argv.addAll(List.of(args));
    return harness.run(new ScriptSpec(argv, dynamic), timeout);
  }

  @Test
  void exitZeroIsUpAndExitOneIsDown() throws Exception {
    Path s = script("check.sh", "exit \"$1\"");
    assertEquals(Outcome.OK, run(s, false, Duration.ofSeconds(2), "0").outcome());
    ProbeResult down = run(s, false, Duration.ofSeconds(2), "1");
    assertEquals(Outcome.EXIT_STATUS, down.outcome());
    assertEquals("exit status 1", down.detail());
  }

  @Test
  void dynamicWeightIsTheExitStatusMinusTwo() throws Exception {
    Path s = script("weight.sh", "exit \"$1\"");
    ProbeResult r = run(s, true, Duration.ofSeconds(2), "7");
    assertEquals(Outcome.OK, r.outcome(), r.reasonText());
    assertEquals(OptionalInt.of(5), r.dynamicWeight());
    assertEquals(Outcome.EXIT_STATUS, run(s, true, Duration.ofSeconds(2), "1").outcome());
    assertEquals(Outcome.EXIT_STATUS, run(s, false, Duration.ofSeconds(2), "7").outcome(), "without misc_dynamic");
  }

  @Test
  void aHungScriptIsKilledWithItsChildrenAtTheTimeout() throws Exception {
    Path pids = dir.resolve("pids");
    Path s = script("hang.sh", "sleep 60 &\necho $$ $! > " + pids + "\nwait");
    long start = System.nanoTime();
    ProbeResult r = run(s, false, Duration.ofMillis(500));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Outcome.TIMEOUT, r.outcome(), r.reasonText());
    assertTrue(r.detail().contains("killed its process group"), r.detail());
    assertTrue(tookMillis < 2500, "took " + tookMillis + " ms");
    String[] both = Files.readString(pids).trim().split(" ");
    assertEquals(2, both.length);
    for (String pid : both) {
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertFalse(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false),
          "process " + pid + " survived the timeout");
    }
  }

  @Test
  void aMissingScriptIsDownWithAClearReason() {
    ProbeResult r = harness.run(new ScriptSpec(List.of(dir.resolve("nope.sh").toString()), false), Duration.ofSeconds(2));
    assertTrue(r.outcome() == Outcome.EXIT_STATUS || r.outcome() == Outcome.IO_ERROR, r.reasonText());
    assertFalse(r.ok());
  }
}
