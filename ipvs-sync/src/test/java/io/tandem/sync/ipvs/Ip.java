package io.tandem.sync.ipvs;

import io.tandem.testkit.Sh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ip -batch} for the kernel checks: starting a process costs 0.1–0.3 s inside user-mode
 * Linux, so a lab's set-up is one {@code ip} run per namespace rather than one per command.
 */
final class Ip {
  private Ip() {}

  /** Runs {@code commands} (one {@code ip} command per line, without "ip") in namespace {@code ns} (null: this one). */
  static void batch(String ns, String commands) {
    run(ns, commands, false);
  }

  /** Like {@link #batch} but goes on after a failing line (tear-down of what may not exist). */
  static void batchIgnoringErrors(String ns, String commands) {
    run(ns, commands, true);
  }

  private static void run(String ns, String commands, boolean force) {
    try {
      Path file = Files.createTempFile("ipv-batch", ".ip");
      try {
        Files.writeString(file, commands.stripIndent());
        List<String> argv = new ArrayList<>(List.of("ip"));
        if (ns != null) {
          argv.addAll(List.of("-n", ns));
        }
        if (force) {
          argv.add("-force");
        }
        argv.addAll(List.of("-batch", file.toString()));
        Sh.Result r = Sh.exec(argv);
        if (!force) {
          r.orThrow(List.of(String.join(" ", argv), commands));
        }
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
