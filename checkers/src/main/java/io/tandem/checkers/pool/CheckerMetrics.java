package io.tandem.checkers.pool;

import io.tandem.checkers.core.Outcome;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters the daemon exports: probe runs by type and outcome, a latency histogram by type
 * (cumulative buckets in the Prometheus style), verdict changes and watchdog firings. Updated on the
 * pool's scheduler thread, readable from any thread.
 */
public final class CheckerMetrics {
  /** Upper bounds of the latency buckets, in milliseconds; a last, unbounded bucket follows. */
  public static final long[] LATENCY_BUCKET_MILLIS = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};

  /** Per probe type: run counts by outcome and latency bucket counts (not cumulative internally). */
  private static final class PerType {
    final AtomicLongArray byOutcome = new AtomicLongArray(Outcome.values().length);
    final AtomicLongArray buckets = new AtomicLongArray(LATENCY_BUCKET_MILLIS.length + 1);
    final LongAdder latencySumNanos = new LongAdder();
  }

  /** A copy of the counters of one probe type. */
  public record TypeSnapshot(Map<Outcome, Long> runsByOutcome, long[] cumulativeBuckets, long latencySumNanos) {
    public long runs() {
      return runsByOutcome.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final Map<String, PerType> types = new ConcurrentHashMap<>();
  private final LongAdder transitions = new LongAdder();
  private final LongAdder watchdogFirings = new LongAdder();

  void recordRun(String type, Outcome outcome, long latencyNanos) {
    PerType t = types.computeIfAbsent(type, k -> new PerType());
    t.byOutcome.incrementAndGet(outcome.ordinal());
    long millis = latencyNanos / 1_000_000;
    int bucket = LATENCY_BUCKET_MILLIS.length;
    for (int i = 0; i < LATENCY_BUCKET_MILLIS.length; i++) {
      if (millis < LATENCY_BUCKET_MILLIS[i]) {
        bucket = i;
        break;
      }
    }
    t.buckets.incrementAndGet(bucket);
    t.latencySumNanos.add(latencyNanos);
  }

  void recordTransition() {
    transitions.increment();
  }

  void recordWatchdog() {
    watchdogFirings.increment();
  }

  /** Probe runs of {@code type} that ended with {@code outcome}. */
  public long runs(String type, Outcome outcome) {
    PerType t = types.get(type);
    return t == null ? 0 : t.byOutcome.get(outcome.ordinal());
  }

  public long transitions() {
    return transitions.sum();
  }

  /** Attempts a probe failed to finish by its timeout, ended by the pool (a prober bug if non-zero). */
  public long watchdogFirings() {
    return watchdogFirings.sum();
  }

  public Map<String, TypeSnapshot> snapshot() {
    Map<String, TypeSnapshot> out = new TreeMap<>();
    types.forEach((type, t) -> {
      Map<Outcome, Long> byOutcome = new TreeMap<>();
      for (Outcome o : Outcome.values()) {
        long n = t.byOutcome.get(o.ordinal());
        if (n > 0) {
          byOutcome.put(o, n);
        }
      }
      long[] cumulative = new long[t.buckets.length()];
      long running = 0;
      for (int i = 0; i < cumulative.length; i++) {
        running += t.buckets.get(i);
        cumulative[i] = running;
      }
      out.put(type, new TypeSnapshot(Map.copyOf(byOutcome), cumulative, t.latencySumNanos.sum()));
    });
    return out;
  }
}
