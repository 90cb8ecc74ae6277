package io.tandem.sync.reconcile;

import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.SyncOp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A test engine holding its table in memory, refusing operations a test chooses, recording calls. */
final class ScriptedEngine implements ForwardingEngine {
  ForwardingTable table;
  final boolean ownsWholeTable;
  Predicate<SyncOp> refuse = op -> false;
  int observeFailuresLeft;
  int observeCalls;
  final List<List<SyncOp>> applyCalls = new ArrayList<>();

  ScriptedEngine(ForwardingTable initial, boolean ownsWholeTable) {
    this.table = initial;
    this.ownsWholeTable = ownsWholeTable;
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public boolean ownsWholeTable() {
    return ownsWholeTable;
  }

  @Override
  public ForwardingTable observe() throws EngineException {
    observeCalls++;
    if (observeFailuresLeft > 0) {
      observeFailuresLeft--;
      throw new EngineException("table unreadable (scripted)");
    }
    return table;
  }

  @Override
  public ApplyResult apply(List<SyncOp> ops) {
    applyCalls.add(List.copyOf(ops));
    List<SyncOp> applied = new ArrayList<>();
    List<ApplyResult.Refusal> refused = new ArrayList<>();
    for (SyncOp op : ops) {
      if (refuse.test(op)) {
        refused.add(new ApplyResult.Refusal(op, "scripted refusal"));
        continue;
      }
      try {
        table = table.apply(op);
        applied.add(op);
      } catch (IllegalStateException e) {
        refused.add(new ApplyResult.Refusal(op, e.getMessage()));
      }
    }
    return new ApplyResult(applied, refused);
  }
}
