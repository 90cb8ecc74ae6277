package io.tandem.sync.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.sync.reconcile.ApplyResult;
import io.tandem.testkit.Sh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * ipvsadm inside user-mode Linux: the independent reading of the IPVS table that the kernel
 * checks compare {@link IpvsEngine} against (ipvsadm talks to the kernel through libnl, not our
 * code). Lines are whitespace-collapsed, e.g. {@code TCP 192.0.2.10:80 wrr} and
 * {@code -> 198.51.100.11:8080 Masq 3 0 0}.
 */
final class Ipvsadm {
  private Ipvsadm() {}

  static String run(String... args) {
    List<String> argv = new ArrayList<>(List.of("ipvsadm"));
    argv.addAll(List.of(args));
    return Sh.exec(argv).orThrow(argv).out();
  }

  /** Runs ipvsadm and ignores its exit status (e.g. stopping a daemon that may not run). */
  static void runQuietly(String... args) {
    List<String> argv = new ArrayList<>(List.of("ipvsadm"));
    argv.addAll(List.of(args));
    Sh.exec(argv);
  }

  /**
   * The table as ipvsadm prints it ({@code -Ln}, plus {@code extra} options): service line to its
   * real-server lines, both sorted so that the comparison does not depend on print order.
   */
  static Map<String, List<String>> table(String... extra) {
    List<String> args = new ArrayList<>(List.of("-Ln"));
    args.addAll(List.of(extra));
    return parse(run(args.toArray(String[]::new)));
  }

  /** Parses ipvsadm-style text (header lines, if any, are skipped). */
  static Map<String, List<String>> parse(String text) {
    Map<String, List<String>> out = new TreeMap<>();
    List<String> current = null;
    for (String raw : text.lines().toList()) {
      String line = raw.trim().replaceAll("\\s+", " ");
      if (line.isEmpty() || line.startsWith("IP Virtual Server") || line.startsWith("Prot ")
          || line.startsWith("-> RemoteAddress")) {
        continue;
      }
      if (line.startsWith("->")) {
        if (current == null) {
          throw new IllegalArgumentException("real server line before any service: " + raw);
        }
        current.add(line);
        current.sort(null);
      } else {
        current = new ArrayList<>();
        out.put(line, current);
      }
    }
    return out;
  }

  /** Asserts that {@code ipvsadm -Ln} shows exactly {@code expected} (same format, indentation free). */
  static void assertTable(String expected) {
    Map<String, List<String>> want = parse(expected);
    Map<String, List<String>> got = table();
    assertEquals(render(want), render(got), "ipvsadm -Ln");
  }

  private static String render(Map<String, List<String>> table) {
    StringBuilder b = new StringBuilder();
    table.forEach((svc, dests) -> {
      b.append(svc).append('\n');
      dests.forEach(d -> b.append("  ").append(d).append('\n'));
    });
    return b.toString();
  }

  /** {@code ipvsadm -L --daemon}, whitespace-collapsed lines. */
  static List<String> daemons() {
    return run("-L", "--daemon").lines().map(l -> l.trim().replaceAll("\\s+", " ")).filter(l -> !l.isEmpty()).toList();
  }

  /** Clears the table: each check starts from an empty IPVS. */
  static void reset() {
    run("-C");
  }

  /** {@code ipvsadm -R}: loads {@code rules} (ipvsadm-save lines) in one run. */
  static void restore(String rules) {
    try {
      Path file = Files.createTempFile("ipv-rules", ".txt");
      try {
        Files.writeString(file, rules.stripIndent());
        Process p = new ProcessBuilder("ipvsadm", "-R").redirectInput(file.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
          p.destroyForcibly();
          throw new IllegalStateException("ipvsadm -R failed: " + out + "\n" + rules);
        }
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void assertAllApplied(ApplyResult r) {
    assertEquals(List.of(), r.refused(), "refusals");
  }
}
