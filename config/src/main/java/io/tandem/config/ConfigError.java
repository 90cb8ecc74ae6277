package io.tandem.config;

/**
 * One configuration error, printed as {@code file:line: key.path: message}, e.g.
 * {@code conf.d/web.conf:4: vrrp.web.priority: must be 1..255, got 300}.
 */
public record ConfigError(String file, int line, String path, String message) implements Comparable<ConfigError> {
  @Override
  public String toString() {
    return file + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + message;
  }

  @Override
  public int compareTo(ConfigError o) {
    int c = file.compareTo(o.file);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(line, o.line);
    return c != 0 ? c : path.compareTo(o.path);
  }
}
