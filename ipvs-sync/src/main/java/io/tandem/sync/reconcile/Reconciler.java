package io.tandem.sync.reconcile;

import io.tandem.common.time.Cancellable;
import io.tandem.common.time.Scheduler;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.SyncOp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one engine's table equal to the latest desired table. All work runs on the given
 * {@link Scheduler}'s thread, so the engine is never called concurrently and this class needs no
 * locks beyond the hand-over of the desired table.
 *
 * <p>The first pass reads the engine's table and adopts what already matches (no flush, so a
 * restart does not interrupt traffic). Later passes diff against the table as last known, which is
 * updated with every operation the engine confirms. When the engine refuses an operation the rest
 * still applies; the refusal is logged with its reason and counted, the table is read again, and the
 * pass is retried after a back-off from the {@link RetryPolicy}.
 *
 * <p>A pass compares every service of the desired table with the known one, O(table) in time even
 * when one real server changed. A caller that knows which services changed says so with
 * {@link #submit(ForwardingTable, Set)}; a pass then looks at those services only, as long as the
 * known table is the one the previous pass left (no re-read, no refusal in between): otherwise it
 * falls back to the full comparison.
 */
public final class Reconciler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  private final ForwardingEngine engine;
  private final Scheduler scheduler;
  private final RetryPolicy retryPolicy;

  private final Object handover = new Object();
  private ForwardingTable latestDesired; // guarded by handover
  /** Services changed since the last pass took the desired table; null: unknown (compare all). Guarded by handover. */
  private Set<ServiceKey> changedSinceLastPass = new HashSet<>();
  private final AtomicBoolean passQueued = new AtomicBoolean();
  private volatile boolean closed;

  // Scheduler-thread state.
  private ForwardingTable known; // null: must observe before the next diff
  private boolean firstObserve = true;
  private ForwardingTable applied = ForwardingTable.EMPTY; // last desired table handed to the diff
  private final Set<ServiceKey> retired = new HashSet<>();
  private Cancellable retryTask = Cancellable.NONE;
  private Cancellable resyncTask = Cancellable.NONE;
  private boolean retryPending;

  // Counters, read from any thread.
  private final AtomicLong reconciles = new AtomicLong();
  private final AtomicLong opsApplied = new AtomicLong();
  private final AtomicLong opsRefused = new AtomicLong();
  private final AtomicLong observeFailures = new AtomicLong();
  private final AtomicLong retriesScheduled = new AtomicLong();
  private volatile int consecutiveFailures;
  private volatile List<String> lastRefusals = List.of();
  private volatile ForwardingTable lastKnown = ForwardingTable.EMPTY;

  public Reconciler(ForwardingEngine engine, Scheduler scheduler, RetryPolicy retryPolicy) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
  }

  /**
   * Hands over a new desired table; thread-safe. Passes coalesce: a burst of submissions yields one
   * pass against the latest table.
   */
  public void submit(ForwardingTable desired) {
    Objects.requireNonNull(desired, "desired");
    synchronized (handover) {
      latestDesired = desired;
      changedSinceLastPass = null;
    }
    queuePass();
  }

  /**
   * Hands over a new desired table that differs from the previously submitted one only in the
   * services {@code changed} (added, edited or removed ones; a superset is fine, a key missing from
   * it is a change that may go unapplied until the next full comparison, e.g. a
   * {@link #resync()}). Thread-safe; coalesces like {@link #submit(ForwardingTable)}, with the
   * union of the changed sets. The pass then costs O(changed services), not O(table).
   */
  public void submit(ForwardingTable desired, Set<ServiceKey> changed) {
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(changed, "changed");
    synchronized (handover) {
      latestDesired = desired;
      if (changedSinceLastPass != null) {
        changedSinceLastPass.addAll(changed);
      }
    }
    queuePass();
  }

  /** Asks for a pass that first re-reads the engine's table (e.g. after someone edited it by hand). */
  public void resync() {
    scheduler.execute(() -> {
      known = null;
      queuePass();
    });
  }

  /**
   * Re-reads the engine's table every {@code interval} and repairs any drift, e.g. an operator
   * editing IPVS by hand. Call once, before or after the first submission.
   */
  public void resyncEvery(java.time.Duration interval) {
    long nanos = interval.toNanos();
    if (nanos <= 0) {
      throw new IllegalArgumentException("resync interval must be positive: " + interval);
    }
    scheduler.execute(() -> scheduleResync(nanos));
  }

  private void scheduleResync(long nanos) {
    if (closed) {
      return;
    }
    resyncTask = scheduler.schedule(nanos, () -> {
      known = null;
      queuePass();
      scheduleResync(nanos);
    });
  }

  public SyncStats stats() {
    return new SyncStats(reconciles.get(), opsApplied.get(), opsRefused.get(), observeFailures.get(),
        retriesScheduled.get(), consecutiveFailures, lastRefusals);
  }

  /** The engine's table as of the end of the latest pass (for status pages). */
  public ForwardingTable lastKnownTable() {
    return lastKnown;
  }

  private void queuePass() {
    if (!closed && passQueued.compareAndSet(false, true)) {
      scheduler.execute(this::pass);
    }
  }

  private void pass() {
    passQueued.set(false);
    if (closed) {
      return;
    }
    ForwardingTable desired;
    Set<ServiceKey> scope;
    synchronized (handover) {
      desired = latestDesired;
      scope = changedSinceLastPass;
      changedSinceLastPass = new HashSet<>();
    }
    if (desired == null) {
      return; // nothing submitted yet: never touch the engine without a desired table
    }
    retryTask.cancel();
    retryPending = false;
    reconciles.incrementAndGet();

    trackRetired(desired, scope);
    if (known == null) {
      scope = null; // a table just read may differ anywhere: compare it all
      try {
        known = engine.observe();
      } catch (EngineException | RuntimeException e) {
        observeFailures.incrementAndGet();
        log.warn("{}: cannot read the forwarding table: {}", engine.name(), e.getMessage());
        fail(List.of("observe: " + e.getMessage()));
        return;
      }
      if (firstObserve) {
        firstObserve = false;
        if (engine.ownsWholeTable()) {
          for (ServiceKey key : known.services().keySet()) {
            if (!desired.services().containsKey(key)) {
              retired.add(key);
            }
          }
        }
      }
    }

    List<SyncOp> ops = scope == null ? TableDiff.diff(desired, known, retired)
        : TableDiff.diff(desired, known, retired, scope);
    if (ops.isEmpty()) {
      succeed();
      return;
    }
    ApplyResult result;
    try {
      result = engine.apply(ops);
    } catch (RuntimeException e) {
      // An engine should refuse rather than throw; treat a throw as "nothing known applied".
      log.error("{}: engine threw while applying {} operation(s)", engine.name(), ops.size(), e);
      result = ApplyResult.allRefused(ops, "engine error: " + e);
    }
    opsApplied.addAndGet(result.applied().size());
    try {
      known = known.apply(result.applied());
    } catch (IllegalStateException e) {
      log.warn("{}: confirmed operations do not fit the known table ({}); re-reading it", engine.name(), e.getMessage());
      known = null;
    }
    if (!result.applied().isEmpty()) {
      log.info("{}: applied {} operation(s)", engine.name(), result.applied().size());
      if (log.isDebugEnabled()) {
        result.applied().forEach(op -> log.debug("{}: {}", engine.name(), op));
      }
    }
    if (result.refused().isEmpty()) {
      succeed();
      return;
    }
    opsRefused.addAndGet(result.refused().size());
    for (ApplyResult.Refusal r : result.refused()) {
      log.warn("{}: refused {}: {}", engine.name(), r.op(), r.reason());
    }
    known = null; // a refused operation may have half-happened: read the truth before retrying
    List<String> reasons = new ArrayList<>();
    result.refused().forEach(r -> reasons.add(r.toString()));
    fail(reasons);
  }

  /**
   * Services Tandem owned in the previous desired table and that left it are to be deleted. With a
   * {@code scope} (the services changed since that table) only those can have left.
   */
  private void trackRetired(ForwardingTable desired, Set<ServiceKey> scope) {
    if (desired != applied) {
      for (ServiceKey key : scope == null ? applied.services().keySet() : scope) {
        if (applied.services().containsKey(key) && !desired.services().containsKey(key)) {
          retired.add(key);
        }
      }
      applied = desired;
    }
    retired.removeIf(desired.services()::containsKey);
  }

  private void succeed() {
    if (known != null) {
      retired.removeIf(key -> !known.services().containsKey(key));
      lastKnown = known;
    }
    if (consecutiveFailures > 0) {
      log.info("{}: in sync again after {} failed pass(es)", engine.name(), consecutiveFailures);
    }
    consecutiveFailures = 0;
    lastRefusals = List.of();
  }

  private void fail(List<String> reasons) {
    consecutiveFailures++;
    lastRefusals = List.copyOf(reasons);
    if (known != null) {
      lastKnown = known;
    }
    long delay = retryPolicy.delayNanos(consecutiveFailures);
    retriesScheduled.incrementAndGet();
    retryPending = true;
    log.info("{}: retrying in {} ms (failed pass {} in a row)", engine.name(), delay / 1_000_000, consecutiveFailures);
    retryTask = scheduler.schedule(delay, this::queuePass);
  }

  /** Whether a back-off retry is waiting (scheduler thread only; for tests). */
  boolean retryPending() {
    return retryPending;
  }

  @Override
  public void close() {
    closed = true;
    scheduler.execute(() -> {
      retryTask.cancel();
      resyncTask.cancel();
    });
  }
}
