package io.tandem.sync.reconcile;

import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.SyncOp;
import java.util.List;

/**
 * Where a forwarding table lives: IPVS, an nftables table, the user-space proxy, or a dry run. Only
 * the {@link Reconciler}'s scheduler thread calls it.
 */
public interface ForwardingEngine extends AutoCloseable {
  /** A short name for logs and metrics, e.g. "nftables". */
  String name();

  /**
   * Whether every service in this engine's table is Tandem's (its own nftables table, its own
   * proxy). Then services found at start-up that are no longer configured are deleted. False for a
   * shared table such as IPVS, where services Tandem did not configure are left alone.
   */
  boolean ownsWholeTable();

  /** Reads the table as it stands now. */
  ForwardingTable observe() throws EngineException;

  /**
   * Applies {@code ops} in order. An operation the engine cannot carry out is refused with a reason
   * and the others still apply where they can; this method does not throw for a refused operation.
   */
  ApplyResult apply(List<SyncOp> ops);

  @Override
  default void close() {}
}
