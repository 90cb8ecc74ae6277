package io.tandem.migrate;

/** A place in the keepalived input: the file as the operator named it (relative when possible) and a 1-based line. */
public record Location(String file, int line) {
  @Override
  public String toString() {
    return file + ":" + line;
  }
}
