package io.tandem.migrate;

import java.util.List;
import java.util.stream.Collectors;

/** A small HOCON emitter: blocks, key = value lines and comments, indented two spaces, strings always quoted. */
final class Hocon {
  private final StringBuilder sb = new StringBuilder();
  private int depth;

  Hocon comment(String text) {
    for (String line : text.split("\n", -1)) {
      indent().append(line.isEmpty() ? "#" : "# " + line).append('\n');
    }
    return this;
  }

  Hocon comments(List<String> lines) {
    lines.forEach(this::comment);
    return this;
  }

  Hocon open(String key) {
    indent().append(key).append(" {\n");
    depth++;
    return this;
  }

  Hocon close() {
    depth--;
    indent().append("}\n");
    return this;
  }

  Hocon set(String key, String rawValue) {
    indent().append(key).append(" = ").append(rawValue).append('\n');
    return this;
  }

  Hocon line(String raw) {
    indent().append(raw).append('\n');
    return this;
  }

  /** Text already indented by the caller. */
  Hocon verbatim(String text) {
    sb.append(text);
    return this;
  }

  Hocon blank() {
    sb.append('\n');
    return this;
  }

  private StringBuilder indent() {
    sb.append("  ".repeat(Math.max(0, depth)));
    return sb;
  }

  @Override
  public String toString() {
    return sb.toString();
  }

  /** A JSON string literal, which HOCON reads verbatim (no substitution inside quotes). */
  static String str(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** A path element: bare when it starts with a letter, else quoted (HOCON would read "192-0-2-10" as numbers). */
  static String key(String name) {
    return !name.isEmpty() && Character.isLetter(name.charAt(0)) ? name : str(name);
  }

  static String strings(List<String> items) {
    return items.stream().map(Hocon::str).collect(Collectors.joining(", ", "[", "]"));
  }

  static String raw(List<String> items) {
    return items.stream().collect(Collectors.joining(", ", "[", "]"));
  }

  /** Milliseconds as a HOCON duration with a unit: whole seconds as "2s", otherwise "150ms". */
  static String duration(long millis) {
    return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
  }
}
