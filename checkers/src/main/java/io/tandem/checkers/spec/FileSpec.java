package io.tandem.checkers.spec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file an operator or another tool writes (keepalived track_file, as a checker). Its trimmed
 * content is either a word, {@code up} or {@code down} (any case), or an integer: 0 or more means up
 * with that weight, a negative number means down. Anything else, or a missing file, is down with the
 * reason saying why.
 */
public record FileSpec(Path path) implements ProbeSpec {
  /** Longer content is not a weight or a word: reading stops there. */
  public static final int MAX_BYTES = 64;

  public FileSpec {
    Objects.requireNonNull(path, "path");
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("file path must be absolute: " + path);
    }
  }

  @Override
  public String type() {
    return "file";
  }

  @Override
  public String describe() {
    return "file " + path;
  }
}
