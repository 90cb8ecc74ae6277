package io.tandem.sync.reconcile;

import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.ServiceEntry;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.SyncOp;
import java.util.ArrayList;
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
    for (ServiceEntry want : desired.services().values()) {
      diffService(want, observed.get(want.key()), ops);
    }
    for (ServiceKey key : new TreeSet<>(retired)) {
      if (!desired.services().containsKey(key) && observed.services().containsKey(key)) {
        ops.add(new SyncOp.DeleteService(key));
      }
    }
    return ops;
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
    if (!have.spec().equals(want.spec())) {
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
}
