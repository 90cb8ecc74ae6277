package io.tandem.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.config.ConfigLoader;
import io.tandem.config.ConfigResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Writes keepalived test configs into a temporary directory, imports them, and checks the outcome. */
final class Fixture {
  private final Path dir;

  Fixture(Path dir) {
    this.dir = dir;
  }

  Path write(String name, String text) {
    try {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ImportResult run(String text) {
    return KeepalivedImporter.importFile(write("keepalived.conf", text), Optional.empty());
  }

  ImportResult run(Path main, Optional<String> instance) {
    return KeepalivedImporter.importFile(main, instance);
  }

  /** Asserts a clean or reviewed conversion, writes it, and loads it with Tandem's own loader. */
  String converted(ImportResult r) {
    if (!r.ok()) {
      fail("expected a conversion, got errors:\n" + r.errors().stream().map(Object::toString).collect(Collectors.joining("\n")));
    }
    Path out = dir.resolve("out-" + System.nanoTime());
    try {
      ImportWriter.write(r, out, dir.resolve("keepalived.conf"), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ConfigResult loaded = ConfigLoader.load(out.resolve("tandem.conf"));
    assertTrue(loaded.ok(), () -> "tandem check fails on the output: " + loaded.errors() + "\n" + all(r));
    return all(r);
  }

  static String all(ImportResult r) {
    return r.files().entrySet().stream().map(e -> "==== " + e.getKey() + "\n" + e.getValue()).collect(Collectors.joining());
  }

  static void assertError(ImportResult r, String where, String containing) {
    assertEquals(ImportResult.EXIT_INVALID, r.exitStatus(), () -> "expected errors, got files:\n" + all(r));
    assertTrue(r.files().isEmpty());
    boolean found = r.errors().stream().anyMatch(e -> e.at().toString().equals(where) && e.toString().contains(containing));
    assertTrue(found, () -> "expected an error at " + where + " containing '" + containing + "', got:\n"
        + r.errors().stream().map(Object::toString).collect(Collectors.joining("\n")));
  }

  static ReportItem item(ImportResult r, String where, String keyword) {
    return r.report().stream().filter(i -> i.at().toString().equals(where) && i.keyword().equals(keyword)).findFirst()
        .orElseThrow(() -> new AssertionError("no report item " + keyword + " at " + where + "; report:\n"
            + r.report().stream().map(Object::toString).collect(Collectors.joining("\n"))));
  }

  static List<String> lines(ImportResult r) {
    return r.summaryLines();
  }
}
