package io.tandem.e2e.support;

/** Reads Prometheus text exposition (what {@code /metrics} serves) without a client library. */
public final class Metrics {
  private Metrics() {}

  /**
   * Sum of every sample of {@code metric} whose labels contain each {@code label="value"} of
   * {@code labelPairs} ({@code "label", "value", ...}). Comment lines and other metrics are skipped.
   */
  public static double sum(String text, String metric, String... labelPairs) {
    if (labelPairs.length % 2 != 0) {
      throw new IllegalArgumentException("label pairs come in twos");
    }
    double total = 0;
    for (String line : text.lines().toList()) {
      if (line.startsWith("#") || !line.startsWith(metric)) {
        continue;
      }
      String rest = line.substring(metric.length());
      if (!rest.startsWith("{") && !rest.startsWith(" ")) {
        continue; // a longer name with this prefix (e.g. _bucket)
      }
      String labels = rest.startsWith("{") ? rest.substring(1, rest.indexOf('}')) : "";
      boolean match = true;
      for (int i = 0; i < labelPairs.length; i += 2) {
        if (!("," + labels + ",").contains("," + labelPairs[i] + "=\"" + labelPairs[i + 1] + "\",")) {
          match = false;
          break;
        }
      }
      if (match) {
        String[] parts = rest.substring(rest.lastIndexOf(rest.startsWith("{") ? '}' : ' ') + 1).trim().split("\\s+");
        total += Double.parseDouble(parts[0]);
      }
    }
    return total;
  }
}
