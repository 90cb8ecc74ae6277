package io.tandem.config;

import com.typesafe.config.ConfigOrigin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects every error of one load, naming files relative to the main file's directory. */
final class Problems {
  private final Path baseDir;
  private final List<ConfigError> errors = new ArrayList<>();

  Problems(Path baseDir) {
    this.baseDir = baseDir.toAbsolutePath().normalize();
  }

  void add(ConfigOrigin origin, String path, String message) {
    add(fileOf(origin), origin == null ? 0 : Math.max(origin.lineNumber(), 0), path, message);
  }

  void add(String file, int line, String path, String message) {
    errors.add(new ConfigError(file, line, path, message));
  }

  String fileOf(ConfigOrigin origin) {
    if (origin == null || origin.filename() == null) {
      return origin == null ? "?" : origin.description();
    }
    return display(Path.of(origin.filename()));
  }

  String display(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(baseDir) ? baseDir.relativize(abs).toString() : abs.toString();
  }

  List<ConfigError> sorted() {
    List<ConfigError> out = new ArrayList<>(errors);
    out.sort(null);
    return out;
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  int size() {
    return errors.size();
  }
}
