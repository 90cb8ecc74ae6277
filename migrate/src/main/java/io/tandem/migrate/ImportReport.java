package io.tandem.migrate;

import java.nio.file.Path;

/** IMPORT-REPORT.md: what was written, and every keyword that was not carried over as-is, with why. */
public final class ImportReport {
  private ImportReport() {}

  public static String markdown(Path source, ImportResult result) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Import report: ").append(source.getFileName()).append(" → Tandem\n\n");
    if (!result.ok()) {
      sb.append("The input is invalid (keepalived would reject it); nothing was written.\n\n");
      result.errors().forEach(e -> sb.append("- `").append(e.at()).append("` ").append(md(e.keyword().isEmpty() ? ""
          : "**" + e.keyword() + "**: ")).append(md(e.message())).append('\n'));
      return sb.toString();
    }
    long review = result.report().stream().filter(r -> r.kind() != ReportItem.Kind.INFO).count();
    sb.append("Exit status ").append(result.exitStatus()).append(": ")
        .append(review == 0 ? "converted cleanly." : review + " item(s) need review before this configuration replaces keepalived.")
        .append("\n\nFiles written:\n\n");
    result.files().keySet().forEach(p -> sb.append("- `").append(p).append("`\n"));
    for (ReportItem.Kind kind : ReportItem.Kind.values()) {
      var items = result.report().stream().filter(r -> r.kind() == kind).toList();
      if (items.isEmpty()) {
        continue;
      }
      sb.append("\n## ").append(Character.toUpperCase(kind.label().charAt(0))).append(kind.label().substring(1))
          .append(" (").append(items.size()).append(")\n\n| where | keyword | why |\n|---|---|---|\n");
      for (ReportItem r : items) {
        sb.append("| `").append(r.at()).append("` | `").append(r.keyword()).append("` | ").append(md(r.message())).append(" |\n");
      }
    }
    return sb.toString();
  }

  private static String md(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
