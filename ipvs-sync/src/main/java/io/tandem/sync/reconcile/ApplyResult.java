package io.tandem.sync.reconcile;

import io.tandem.sync.model.SyncOp;
import java.util.ArrayList;
import java.util.List;

/**
 * What an engine did with a batch of operations: those now in effect, in order, and those it
 * refused, each with the reason the operator will read in the log.
 */
public record ApplyResult(List<SyncOp> applied, List<Refusal> refused) {
  public record Refusal(SyncOp op, String reason) {
    @Override
    public String toString() {
      return op + ": " + reason;
    }
  }

  public ApplyResult {
    applied = List.copyOf(applied);
    refused = List.copyOf(refused);
  }

  public static ApplyResult allApplied(List<SyncOp> ops) {
    return new ApplyResult(ops, List.of());
  }

  public static ApplyResult allRefused(List<SyncOp> ops, String reason) {
    List<Refusal> refusals = new ArrayList<>(ops.size());
    for (SyncOp op : ops) {
      refusals.add(new Refusal(op, reason));
    }
    return new ApplyResult(List.of(), refusals);
  }
}
