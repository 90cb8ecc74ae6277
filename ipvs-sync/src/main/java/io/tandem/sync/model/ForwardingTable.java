package io.tandem.sync.model;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A whole forwarding table (the desired one computed from config and health, or the one observed in
 * an engine): virtual services keyed and sorted by {@link ServiceKey}. Immutable; {@link #apply}
 * returns a new table.
 */
public record ForwardingTable(Map<ServiceKey, ServiceEntry> services) {
  public static final ForwardingTable EMPTY = new ForwardingTable(Map.of());

  public ForwardingTable {
    TreeMap<ServiceKey, ServiceEntry> copy = new TreeMap<>();
    for (Map.Entry<ServiceKey, ServiceEntry> e : services.entrySet()) {
      if (!e.getKey().equals(e.getValue().key())) {
        throw new IllegalArgumentException("service keyed under " + e.getKey() + " but is " + e.getValue().key());
      }
      copy.put(e.getKey(), e.getValue());
    }
    services = Collections.unmodifiableMap(copy);
  }

  public static ForwardingTable of(Collection<ServiceEntry> entries) {
    TreeMap<ServiceKey, ServiceEntry> map = new TreeMap<>();
    for (ServiceEntry e : entries) {
      if (map.put(e.key(), e) != null) {
        throw new IllegalArgumentException("virtual service " + e.key() + " listed twice");
      }
    }
    return new ForwardingTable(map);
  }

  public ServiceEntry get(ServiceKey key) {
    return services.get(key);
  }

  public int destCount() {
    return services.values().stream().mapToInt(s -> s.dests().size()).sum();
  }

  /** The table after {@code op}; throws {@link IllegalStateException} if {@code op} does not fit this table. */
  public ForwardingTable apply(SyncOp op) {
    TreeMap<ServiceKey, ServiceEntry> map = new TreeMap<>(services);
    applyInPlace(map, op);
    return new ForwardingTable(map);
  }

  /** The table after all of {@code ops}, in order. */
  public ForwardingTable apply(List<? extends SyncOp> ops) {
    TreeMap<ServiceKey, ServiceEntry> map = new TreeMap<>(services);
    for (SyncOp op : ops) {
      applyInPlace(map, op);
    }
    return new ForwardingTable(map);
  }

  private static void applyInPlace(TreeMap<ServiceKey, ServiceEntry> map, SyncOp op) {
    ServiceEntry current = map.get(op.service());
    switch (op) {
      case SyncOp.AddService a -> {
        requireState(current == null, op, "service already exists");
        map.put(a.spec().key(), new ServiceEntry(a.spec(), Map.of()));
      }
      case SyncOp.EditService e -> {
        requireState(current != null, op, "no such service");
        map.put(e.spec().key(), current.withSpec(e.spec()));
      }
      case SyncOp.DeleteService d -> {
        requireState(current != null, op, "no such service");
        map.remove(d.service());
      }
      case SyncOp.AddDest a -> {
        requireState(current != null, op, "no such service");
        requireState(!current.dests().containsKey(a.dest().address()), op, "real server already exists");
        map.put(a.service(), current.withDest(a.dest()));
      }
      case SyncOp.EditDest e -> {
        requireState(current != null, op, "no such service");
        requireState(current.dests().containsKey(e.dest().address()), op, "no such real server");
        map.put(e.service(), current.withDest(e.dest()));
      }
      case SyncOp.DeleteDest d -> {
        requireState(current != null, op, "no such service");
        requireState(current.dests().containsKey(d.address()), op, "no such real server");
        map.put(d.service(), current.withoutDest(d.address()));
      }
    }
  }

  private static void requireState(boolean ok, SyncOp op, String problem) {
    if (!ok) {
      throw new IllegalStateException(op + ": " + problem);
    }
  }
}
