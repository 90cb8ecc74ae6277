package io.tandem.migrate;

/** One keepalived keyword that was not carried over as-is, with where it was and why. */
public record ReportItem(Location at, String keyword, Kind kind, String message) {

  /** Why a keyword is in the report. Only {@link #INFO} leaves the import "clean" (exit status 0). */
  public enum Kind {
    /** Converted, with a note on how keepalived's meaning maps (e.g. {@code state MASTER} is only a hint). */
    INFO("converted, note"),
    /** Converted, but the operator must check or finish something (e.g. a script path, a rounded value). */
    REVIEW("needs a manual step"),
    /** Tandem has no equivalent yet; the setting is not in the output. */
    NOT_SUPPORTED("not supported yet"),
    /** keepalived itself deprecates or ignores it (so the output leaves it out, or writes what keepalived really does). */
    OBSOLETE("obsolete or ignored by keepalived");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  @Override
  public String toString() {
    return at + ": " + keyword + ": " + kind.label() + ": " + message;
  }
}
