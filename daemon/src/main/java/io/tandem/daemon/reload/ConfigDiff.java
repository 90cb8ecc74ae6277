package io.tandem.daemon.reload;

import io.tandem.config.model.HostPort;
import io.tandem.config.model.RealServerConfig;
import io.tandem.config.model.TandemConfig;
import io.tandem.config.model.VirtualServerConfig;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The difference between two valid configurations, entity by entity. Unchanged entities do not
 * appear, so applying the diff leaves them (and their VRRP state, VIPs and health history) alone.
 */
public record ConfigDiff(List<Change> changes) {
  /**
   * Instance fields whose change cannot be applied to a running instance: it is stopped (releasing
   * its VIPs) and started again in Backup. Everything else is applied in place.
   */
  static final Set<String> INSTANCE_RESTART_FIELDS = Set.of("interfaceName", "vrid", "version", "useVmac", "unicast");

  /** Fields of a virtual service whose change re-creates it in the forwarding engine. */
  static final Set<String> SERVICE_RECREATE_FIELDS = Set.of("vip", "fwmark", "protocol", "engine", "forwarding");

  public ConfigDiff {
    changes = List.copyOf(changes);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** One difference; {@link #toString()} is the line {@code tandem reload --dry-run} prints. */
  public sealed interface Change {}

  public enum Kind { ADDED, REMOVED, UPDATED_IN_PLACE, RECREATED }

  public record GlobalChange(List<FieldChange> fields) implements Change {
    @Override
    public String toString() {
      return "~ tandem: " + FieldChange.join(fields) + " (takes effect after a restart)";
    }
  }

  public record InstanceChange(String name, Kind kind, List<FieldChange> fields) implements Change {
    @Override
    public String toString() {
      return switch (kind) {
        case ADDED -> "+ vrrp." + name + " (new: starts in Backup)";
        case REMOVED -> "- vrrp." + name + " (removed: releases its virtual IPs)";
        case UPDATED_IN_PLACE -> "~ vrrp." + name + ": " + FieldChange.join(fields) + " (in place: state and VIPs kept)";
        case RECREATED -> "~ vrrp." + name + ": " + FieldChange.join(fields) + " (re-created: releases VIPs, restarts in Backup)";
      };
    }
  }

  public record SyncGroupChange(String name, Kind kind, List<FieldChange> fields) implements Change {
    @Override
    public String toString() {
      return switch (kind) {
        case ADDED -> "+ sync-groups." + name;
        case REMOVED -> "- sync-groups." + name;
        default -> "~ sync-groups." + name + ": " + FieldChange.join(fields);
      };
    }
  }

  public record ServiceChange(String name, Kind kind, List<FieldChange> fields) implements Change {
    @Override
    public String toString() {
      return switch (kind) {
        case ADDED -> "+ virtual-servers." + name + " (new)";
        case REMOVED -> "- virtual-servers." + name + " (removed from the forwarding engine)";
        case UPDATED_IN_PLACE -> "~ virtual-servers." + name + ": " + FieldChange.join(fields);
        case RECREATED -> "~ virtual-servers." + name + ": " + FieldChange.join(fields) + " (re-created in the engine)";
      };
    }
  }

  /** A real server added, removed, or changed (weight, check, notify); health history is kept unless its check changed. */
  public record RealServerChange(String service, HostPort address, Kind kind, List<FieldChange> fields) implements Change {
    @Override
    public String toString() {
      String who = "virtual-servers." + service + " real server " + address;
      return switch (kind) {
        case ADDED -> "+ " + who + " (new: starts per its check's start-down)";
        case REMOVED -> "- " + who;
        default -> "~ " + who + ": " + FieldChange.join(fields)
            + (fields.stream().anyMatch(f -> f.field().equals("check")) ? " (check restarted)" : " (health kept)");
      };
    }
  }

  /** One field's old and new value, printed {@code field old → new}. */
  public record FieldChange(String field, Object before, Object after) {
    static String join(List<FieldChange> fields) {
      return String.join(", ", fields.stream().map(FieldChange::toString).toList());
    }

    @Override
    public String toString() {
      return field + " " + show(before) + " → " + show(after);
    }

    private static String show(Object o) {
      String s = o instanceof java.util.Optional<?> opt ? opt.map(String::valueOf).orElse("none") : String.valueOf(o);
      return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
  }

  public static ConfigDiff between(TandemConfig before, TandemConfig after) {
    List<Change> out = new ArrayList<>();
    List<FieldChange> global = fieldChanges(before.global(), after.global(), Set.of());
    if (!global.isEmpty()) {
      out.add(new GlobalChange(global));
    }
    compare(before.vrrpInstances(), after.vrrpInstances(), (a, b) -> {
      if (a == null) {
        out.add(new InstanceChange(b.name(), Kind.ADDED, List.of()));
      } else if (b == null) {
        out.add(new InstanceChange(a.name(), Kind.REMOVED, List.of()));
      } else {
        List<FieldChange> f = fieldChanges(a, b, Set.of("origin"));
        if (!f.isEmpty()) {
          boolean restart = f.stream().anyMatch(c -> INSTANCE_RESTART_FIELDS.contains(c.field()));
          out.add(new InstanceChange(a.name(), restart ? Kind.RECREATED : Kind.UPDATED_IN_PLACE, f));
        }
      }
    });
    compare(before.syncGroups(), after.syncGroups(), (a, b) -> {
      if (a == null) {
        out.add(new SyncGroupChange(b.name(), Kind.ADDED, List.of()));
      } else if (b == null) {
        out.add(new SyncGroupChange(a.name(), Kind.REMOVED, List.of()));
      } else {
        List<FieldChange> f = fieldChanges(a, b, Set.of("origin"));
        if (!f.isEmpty()) {
          out.add(new SyncGroupChange(a.name(), Kind.UPDATED_IN_PLACE, f));
        }
      }
    });
    compare(before.virtualServers(), after.virtualServers(), (a, b) -> {
      if (a == null) {
        out.add(new ServiceChange(b.name(), Kind.ADDED, List.of()));
      } else if (b == null) {
        out.add(new ServiceChange(a.name(), Kind.REMOVED, List.of()));
      } else {
        serviceChanges(a, b, out);
      }
    });
    return new ConfigDiff(out);
  }

  private static void serviceChanges(VirtualServerConfig a, VirtualServerConfig b, List<Change> out) {
    List<FieldChange> f = fieldChanges(a, b, Set.of("origin", "realServers"));
    boolean recreate = f.stream().anyMatch(c -> SERVICE_RECREATE_FIELDS.contains(c.field()));
    if (!f.isEmpty()) {
      out.add(new ServiceChange(a.name(), recreate ? Kind.RECREATED : Kind.UPDATED_IN_PLACE, f));
    }
    Map<HostPort, RealServerConfig> before = byAddress(a.realServers());
    Map<HostPort, RealServerConfig> after = byAddress(b.realServers());
    compare(before, after, (x, y) -> {
      if (x == null) {
        out.add(new RealServerChange(b.name(), y.address(), Kind.ADDED, List.of()));
      } else if (y == null) {
        out.add(new RealServerChange(a.name(), x.address(), Kind.REMOVED, List.of()));
      } else {
        List<FieldChange> rf = fieldChanges(x, y, Set.of("origin"));
        if (!rf.isEmpty()) {
          out.add(new RealServerChange(a.name(), x.address(), Kind.UPDATED_IN_PLACE, rf));
        }
      }
    });
  }

  private static Map<HostPort, RealServerConfig> byAddress(List<RealServerConfig> servers) {
    Map<HostPort, RealServerConfig> m = new LinkedHashMap<>();
    servers.forEach(s -> m.put(s.address(), s));
    return m;
  }

  /** Calls {@code visit} for every key in either map, in name order: (old or null, new or null). */
  private static <K, V> void compare(Map<K, V> before, Map<K, V> after, BiConsumer<V, V> visit) {
    Set<K> keys = new TreeSet<>(java.util.Comparator.comparing(String::valueOf));
    keys.addAll(before.keySet());
    keys.addAll(after.keySet());
    for (K k : keys) {
      visit.accept(before.get(k), after.get(k));
    }
  }

  /** The components of two records of one type that differ, except those in {@code ignore}. */
  static List<FieldChange> fieldChanges(Record a, Record b, Set<String> ignore) {
    List<FieldChange> out = new ArrayList<>();
    for (RecordComponent c : a.getClass().getRecordComponents()) {
      if (ignore.contains(c.getName())) {
        continue;
      }
      Object x = value(c, a);
      Object y = value(c, b);
      if (!equalValues(x, y)) {
        out.add(new FieldChange(c.getName(), x, y));
      }
    }
    return out;
  }

  /** Records compare by value, except byte arrays inside (UDP payloads), compared by content. */
  private static boolean equalValues(Object x, Object y) {
    if (x instanceof Record rx && y instanceof Record ry && rx.getClass() == ry.getClass()) {
      return fieldChanges(rx, ry, Set.of()).isEmpty();
    }
    if (x instanceof byte[] bx && y instanceof byte[] by) {
      return java.util.Arrays.equals(bx, by);
    }
    if (x instanceof java.util.Optional<?> ox && y instanceof java.util.Optional<?> oy && ox.isPresent() && oy.isPresent()) {
      return equalValues(ox.get(), oy.get());
    }
    return Objects.equals(x, y);
  }

  private static Object value(RecordComponent c, Record r) {
    try {
      return c.getAccessor().invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName(), e);
    }
  }
}
