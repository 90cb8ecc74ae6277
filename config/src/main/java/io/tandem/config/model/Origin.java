package io.tandem.config.model;

/** Where a block was defined, for messages: a file (as the operator named it) and a line. */
public record Origin(String file, int line) {
  @Override
  public String toString() {
    return file + ":" + line;
  }
}
