package io.tandem.sync.reconcile;

import java.util.List;

/**
 * Counters of one {@link Reconciler}, for metrics and the status page.
 *
 * @param reconciles reconcile passes run
 * @param opsApplied operations the engine carried out
 * @param opsRefused operations the engine refused (each is retried)
 * @param observeFailures times reading the engine's table failed
 * @param retriesScheduled back-off retries scheduled
 * @param consecutiveFailures failed passes since the last clean one (0: in sync)
 * @param lastRefusals the refusals of the latest failed pass, as "op: reason"
 */
public record SyncStats(
    long reconciles,
    long opsApplied,
    long opsRefused,
    long observeFailures,
    long retriesScheduled,
    int consecutiveFailures,
    List<String> lastRefusals) {
  public SyncStats {
    lastRefusals = List.copyOf(lastRefusals);
  }

  public boolean inSync() {
    return consecutiveFailures == 0;
  }
}
