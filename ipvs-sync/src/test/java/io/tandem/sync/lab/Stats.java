package io.tandem.sync.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

/** Statistical checks for traffic counts. */
public final class Stats {
  private Stats() {}

  /**
   * Asserts every server's share of {@code total} is within 5 binomial standard deviations of the
   * share its weight asks for (and that nothing else answered).
   */
  public static void assertWeighted(Map<String, Integer> counts, Map<String, Integer> weights, int total) {
    int weightSum = weights.values().stream().mapToInt(Integer::intValue).sum();
    int seen = counts.values().stream().mapToInt(Integer::intValue).sum();
    assertTrue(seen == total, "expected " + total + " answers, got " + counts);
    for (String k : counts.keySet()) {
      assertTrue(weights.containsKey(k), "unexpected answer '" + k + "' in " + counts);
    }
    for (Map.Entry<String, Integer> w : weights.entrySet()) {
      double p = (double) w.getValue() / weightSum;
      double expected = total * p;
      double sigma = Math.sqrt(total * p * (1 - p));
      int got = counts.getOrDefault(w.getKey(), 0);
      assertTrue(Math.abs(got - expected) <= 5 * sigma + 1e-9,
          w.getKey() + ": " + got + " of " + total + ", expected " + expected + " +- 5 sigma (" + 5 * sigma + "); all: " + counts);
    }
  }
}
