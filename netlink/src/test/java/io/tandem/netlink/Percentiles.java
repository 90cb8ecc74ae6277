package io.tandem.netlink;

import java.util.Arrays;

/** Latency summary for the reporting tests: p50/p99/max of samples in nanoseconds, printed in ms. */
record Percentiles(int count, double p50Millis, double p99Millis, double maxMillis) {
  static Percentiles of(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return new Percentiles(s.length, pick(s, 0.50), pick(s, 0.99), s[s.length - 1] / 1e6);
  }

  private static double pick(long[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  @Override
  public String toString() {
    return String.format("n=%d p50=%.3f ms p99=%.3f ms max=%.3f ms", count, p50Millis, p99Millis, maxMillis);
  }
}
