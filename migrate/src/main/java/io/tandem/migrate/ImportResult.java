package io.tandem.migrate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of an import: the Tandem files to write (paths relative to the output directory,
 * {@code tandem.conf} and {@code conf.d/*.conf}; empty when there are errors), the report, and the
 * errors that make the input invalid.
 */
public record ImportResult(Map<Path, String> files, List<ReportItem> report, List<ImportError> errors) {
  public static final Path MAIN_FILE = Path.of("tandem.conf");
  public static final Path REPORT_FILE = Path.of("IMPORT-REPORT.md");

  /** Converted cleanly: nothing to review. */
  public static final int EXIT_CLEAN = 0;
  /** Converted, with report items the operator must look at. */
  public static final int EXIT_REVIEW = 1;
  /** The input is invalid (as keepalived would reject it); nothing is written. */
  public static final int EXIT_INVALID = 2;

  public ImportResult {
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    report = List.copyOf(report);
    errors = List.copyOf(errors);
  }

  public boolean ok() {
    return errors.isEmpty();
  }

  /** 0 clean, 1 converted with items to review, 2 invalid input (nothing written). */
  public int exitStatus() {
    if (!errors.isEmpty()) {
      return EXIT_INVALID;
    }
    return report.stream().anyMatch(r -> r.kind() != ReportItem.Kind.INFO) ? EXIT_REVIEW : EXIT_CLEAN;
  }

  /** The lines to print on the terminal: errors, or the report items. */
  public List<String> summaryLines() {
    List<String> out = new ArrayList<>();
    if (!errors.isEmpty()) {
      errors.forEach(e -> out.add("error: " + e));
      out.add(errors.size() + " error(s): keepalived would reject this configuration; nothing was written.");
      return out;
    }
    report.forEach(r -> out.add(r.toString()));
    long review = report.stream().filter(r -> r.kind() != ReportItem.Kind.INFO).count();
    out.add("converted " + (files.size() - (files.containsKey(MAIN_FILE) ? 1 : 0)) + " file(s) under conf.d/ plus tandem.conf; "
        + review + " item(s) to review, " + (report.size() - review) + " note(s).");
    return out;
  }
}
