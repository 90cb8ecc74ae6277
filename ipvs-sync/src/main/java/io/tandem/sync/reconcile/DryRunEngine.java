package io.tandem.sync.reconcile;

import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.SyncOp;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine that changes nothing outside the JVM: it logs each operation it would carry out and
 * keeps the resulting table in memory, so a dry run shows exactly the operations a real engine
 * would get. Starts from {@code initial} (e.g. a table read from a real engine).
 */
public final class DryRunEngine implements ForwardingEngine {
  private static final Logger log = LoggerFactory.getLogger(DryRunEngine.class);

  private volatile ForwardingTable table;

  public DryRunEngine(ForwardingTable initial) {
    this.table = initial;
  }

  public DryRunEngine() {
    this(ForwardingTable.EMPTY);
  }

  @Override
  public String name() {
    return "dry-run";
  }

  @Override
  public boolean ownsWholeTable() {
    return false;
  }

  @Override
  public ForwardingTable observe() {
    return table;
  }

  @Override
  public ApplyResult apply(List<SyncOp> ops) {
    ForwardingTable t = table;
    List<SyncOp> applied = new ArrayList<>(ops.size());
    List<ApplyResult.Refusal> refused = new ArrayList<>();
    for (SyncOp op : ops) {
      try {
        t = t.apply(op);
        applied.add(op);
        log.info("dry-run: would {}", op);
      } catch (IllegalStateException e) {
        refused.add(new ApplyResult.Refusal(op, e.getMessage()));
      }
    }
    table = t;
    return new ApplyResult(applied, refused);
  }

  /** The table as it would stand after everything so far. */
  public ForwardingTable table() {
    return table;
  }
}
