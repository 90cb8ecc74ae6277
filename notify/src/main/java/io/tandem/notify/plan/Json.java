package io.tandem.notify.plan;

/** Just enough JSON writing for flat webhook bodies; strings are escaped per RFC 8259 section 7. */
final class Json {
  private final StringBuilder sb = new StringBuilder(256).append('{');
  private boolean first = true;

  Json field(String name, String value) {
    key(name);
    string(value);
    return this;
  }

  Json field(String name, long value) {
    key(name);
    sb.append(value);
    return this;
  }

  String close() {
    return sb.append('}').toString();
  }

  private void key(String name) {
    if (!first) {
      sb.append(',');
    }
    first = false;
    string(name);
    sb.append(':');
  }

  private void string(String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
