package io.tandem.migrate;

/**
 * Something keepalived itself would reject (or that cannot be converted at all); any error means
 * nothing is written. Printed as {@code keepalived.conf:12: priority: must be 1..255, got 300}.
 */
public record ImportError(Location at, String keyword, String message) {
  @Override
  public String toString() {
    return at + ": " + (keyword.isEmpty() ? "" : keyword + ": ") + message;
  }
}
