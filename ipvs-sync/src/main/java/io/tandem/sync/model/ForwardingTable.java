package io.tandem.sync.model;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A whole forwarding table (the desired one computed from config and health, or the one observed in
 * an engine): virtual services keyed and sorted by {@link ServiceKey}. Immutable; {@link #apply}
 * returns a new table.
 */
public record ForwardingTable(Map<ServiceKey, ServiceEntry> services) {
  public static final ForwardingTable EMPTY = new ForwardingTable(Map.of());

  public ForwardingTable {
    SortedMap<ServiceKey, ServiceEntry> own;
    if (services instanceof Validated v) {
      own = v; // built by apply() from a table that was checked, and never seen outside
    } else {
      Validated copy = new Validated(services);
      for (Map.Entry<ServiceKey, ServiceEntry> e : copy.entrySet()) {
        if (!e.getKey().equals(e.getValue().key())) {
          throw new IllegalArgumentException("service keyed under " + e.getKey() + " but is " + e.getValue().key());
        }
      }
      own = copy;
    }
    services = Collections.unmodifiableSortedMap(own);
  }

  /** The private map type of tables built by {@link #apply}: trusted, so not copied and checked again. */
  private static final class Validated extends TreeMap<ServiceKey, ServiceEntry> {
    Validated(Map<ServiceKey, ServiceEntry> m) {
      super(m); // TreeMap copies a naturally ordered SortedMap in linear time, without comparisons
    }
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
    return apply(List.of(op));
  }

  /**
   * The table after all of {@code ops}, in order; throws {@link IllegalStateException} at the first
   * operation that does not fit. Costs a linear copy of the service map (no key comparisons), one
   * lookup per run of operations on the same service (a diff lists a service's operations
   * together) and O(log d) per real server: one change in a large table stays cheap, and a full
   * table's 110,000 operations do not rebuild a service once per real server.
   */
  public ForwardingTable apply(List<? extends SyncOp> ops) {
    Validated map = new Validated(services);
    Changing current = null;
    for (SyncOp op : ops) {
      if (current == null || !current.key.equals(op.service())) {
        if (current != null) {
          current.storeIn(map);
        }
        current = new Changing(op.service(), map.get(op.service()));
      }
      current.apply(op);
    }
    if (current != null) {
      current.storeIn(map);
    }
    return new ForwardingTable(map);
  }

  /** One service while operations change it: its spec (null: absent) and a private copy of its real servers. */
  private static final class Changing {
    final ServiceKey key;
    ServiceSpec spec;
    TreeMap<RealServerAddress, DestSpec> dests;

    Changing(ServiceKey key, ServiceEntry entry) {
      this.key = key;
      this.spec = entry == null ? null : entry.spec();
      this.dests = entry == null ? null : new TreeMap<>(entry.dests()); // linear: the source is sorted
    }

    void apply(SyncOp op) {
      switch (op) {
        case SyncOp.AddService a -> {
          requireState(spec == null, op, "service already exists");
          spec = a.spec();
          dests = new TreeMap<>();
        }
        case SyncOp.EditService e -> {
          requireState(spec != null, op, "no such service");
          spec = e.spec();
        }
        case SyncOp.DeleteService d -> {
          requireState(spec != null, op, "no such service");
          spec = null;
          dests = null;
        }
        case SyncOp.AddDest a -> {
          requireState(spec != null, op, "no such service");
          requireState(dests.putIfAbsent(a.dest().address(), a.dest()) == null, op, "real server already exists");
        }
        case SyncOp.EditDest e -> {
          requireState(spec != null, op, "no such service");
          requireState(dests.replace(e.dest().address(), e.dest()) != null, op, "no such real server");
        }
        case SyncOp.DeleteDest d -> {
          requireState(spec != null, op, "no such service");
          requireState(dests.remove(d.address()) != null, op, "no such real server");
        }
      }
    }

    void storeIn(TreeMap<ServiceKey, ServiceEntry> map) {
      if (spec == null) {
        map.remove(key);
      } else {
        map.put(key, new ServiceEntry(spec, dests)); // checks the real servers' address family
      }
    }
  }

  private static void requireState(boolean ok, SyncOp op, String problem) {
    if (!ok) {
      throw new IllegalStateException(op + ": " + problem);
    }
  }
}
