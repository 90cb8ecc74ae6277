package io.tandem.sync.reconcile;

import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.ServiceEntry;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.SyncOp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The minimal list of operations that turns an observed table into the desired one, touching only
 * what Tandem owns:
 *
 * <ul>
 *   <li>every service in {@code desired} (adopting a matching observed one as it is);
 *   <li>services in {@code retired} (Tandem owned them and they left the config): deleted if present.
 * </ul>
 *
 * Any other observed service is foreign and left alone. Within a service, additions and edits come
 * before deletions so that a pool being swapped (e.g. for the sorry server) is never momentarily
 * empty; a service is added before its real servers, and deleting a service removes its real
 * servers with it. Equal tables give no operations.
 */
public final class TableDiff {
  private TableDiff() {}

  public static List<SyncOp> diff(ForwardingTable desired, ForwardingTable observed, Set<ServiceKey> retired) {
    List<SyncOp> ops = new ArrayList<>();
    // Both tables are sorted by key: walk them side by side (about one comparison per service, where
    // a lookup per desired service would cost log n of them).
    Iterator<ServiceEntry> seen = observed.services().values().iterator();
    ServiceEntry have = seen.hasNext() ? seen.next() : null;
    for (ServiceEntry want : desired.services().values()) {
      while (have != null && have.key().compareTo(want.key()) < 0) {
        have = seen.hasNext() ? seen.next() : null;
      }
      diffService(want, have != null && have.key().equals(want.key()) ? have : null, ops);
    }
    deleteRetired(desired, observed, retired, ops);
    return ops;
  }

  /**
   * The same operations as {@link #diff(ForwardingTable, ForwardingTable, Set)}, in the same order,
   * provided {@code desired} and {@code observed} agree on every service outside {@code scope}
   * (e.g. {@code observed} is the previous desired table, fully applied, and {@code scope} holds the
   * services changed since). Only the services in {@code scope} and {@code retired} are looked at,
   * so one changed real server costs O(log table) time instead of a walk over the whole table.
   */
  public static List<SyncOp> diff(ForwardingTable desired, ForwardingTable observed, Set<ServiceKey> retired,
      Set<ServiceKey> scope) {
    List<SyncOp> ops = new ArrayList<>();
    for (ServiceKey key : new TreeSet<>(scope)) { // key order, as the full diff walks desired
      ServiceEntry want = desired.get(key);
      if (want != null) {
        diffService(want, observed.get(key), ops);
      }
    }
    deleteRetired(desired, observed, retired, ops);
    return ops;
  }

  private static void deleteRetired(ForwardingTable desired, ForwardingTable observed, Set<ServiceKey> retired,
      List<SyncOp> ops) {
    for (ServiceKey key : new TreeSet<>(retired)) {
      if (!desired.services().containsKey(key) && observed.services().containsKey(key)) {
        ops.add(new SyncOp.DeleteService(key));
      }
    }
  }

  /** Appends the operations that turn {@code have} (null: absent) into {@code want}. */
  public static void diffService(ServiceEntry want, ServiceEntry have, List<SyncOp> out) {
    ServiceKey key = want.key();
    if (have == null) {
      out.add(new SyncOp.AddService(want.spec()));
      for (DestSpec d : want.dests().values()) {
        out.add(new SyncOp.AddDest(key, d));
      }
      return;
    }
    boolean sameSpec = have.spec().equals(want.spec());
    if (sameSpec && sameInOrder(have.dests(), want.dests())) {
      return; // the common case in a full diff: checked without a single key lookup
    }
    if (!sameSpec) {
      out.add(new SyncOp.EditService(want.spec()));
    }
    Map<RealServerAddress, DestSpec> current = have.dests();
    for (DestSpec d : want.dests().values()) {
      DestSpec existing = current.get(d.address());
      if (existing == null) {
        out.add(new SyncOp.AddDest(key, d));
      } else if (!existing.equals(d)) {
        out.add(new SyncOp.EditDest(key, d));
      }
    }
    for (RealServerAddress address : current.keySet()) {
      if (!want.dests().containsKey(address)) {
        out.add(new SyncOp.DeleteDest(key, address));
      }
    }
  }

  /**
   * Whether two real-server maps of {@link io.tandem.sync.model.ServiceEntry} (both sorted by
   * address) hold equal entries, walking them side by side: O(n) equals calls, no comparisons.
   */
  private static boolean sameInOrder(Map<RealServerAddress, DestSpec> a, Map<RealServerAddress, DestSpec> b) {
    if (a.size() != b.size()) {
      return false;
    }
    Iterator<DestSpec> i = a.values().iterator();
    for (DestSpec d : b.values()) {
      if (!d.equals(i.next())) {
        return false;
      }
    }
    return true;
  }
}
