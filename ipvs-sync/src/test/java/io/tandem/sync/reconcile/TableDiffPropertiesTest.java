package io.tandem.sync.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.sync.model.Addresses;
import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.ForwardingMethod;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.FwmarkServiceKey;
import io.tandem.sync.model.AddressFamily;
import io.tandem.sync.model.Persistence;
import io.tandem.sync.model.Protocol;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.model.ServiceEntry;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.ServiceSpec;
import io.tandem.sync.model.SyncOp;
import io.tandem.sync.model.VipServiceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link TableDiff} over random tables drawn from small pools of addresses, so that
 * desired and observed tables overlap often.
 */
class TableDiffPropertiesTest {

  @Property(tries = 400)
  void applyingTheDiffToObservedYieldsDesiredAndLeavesForeignServicesAlone(
      @ForAll("tables") ForwardingTable desired,
      @ForAll("tables") ForwardingTable observed,
      @ForAll("seeds") long seed) {
    Set<ServiceKey> retired = someKeysOf(observed, seed);
    ForwardingTable result = observed.apply(TableDiff.diff(desired, observed, retired));

    Map<ServiceKey, ServiceEntry> expected = new TreeMap<>(desired.services());
    for (ServiceEntry e : observed.services().values()) {
      if (!desired.services().containsKey(e.key()) && !retired.contains(e.key())) {
        expected.put(e.key(), e); // foreign: survives untouched
      }
    }
    assertEquals(new ForwardingTable(expected), result);
  }

  @Property(tries = 200)
  void applyingOperationsOneByOneOrAsOneListGivesTheSameTable(
      @ForAll("tables") ForwardingTable desired, @ForAll("tables") ForwardingTable observed, @ForAll("seeds") long seed) {
    List<SyncOp> ops = TableDiff.diff(desired, observed, someKeysOf(observed, seed));
    ForwardingTable stepwise = observed;
    for (SyncOp op : ops) {
      stepwise = stepwise.apply(List.of(op));
    }
    assertEquals(stepwise, observed.apply(ops));
  }

  @Property(tries = 200)
  void diffOfEqualTablesIsEmpty(@ForAll("tables") ForwardingTable table, @ForAll("seeds") long seed) {
    assertEquals(List.of(), TableDiff.diff(table, table, someKeysOf(table, seed)));
  }

  @Property(tries = 300)
  void servicesComeBeforeTheirServersOnAddAndAfterOnDelete(
      @ForAll("tables") ForwardingTable desired, @ForAll("tables") ForwardingTable observed, @ForAll("seeds") long seed) {
    List<SyncOp> ops = TableDiff.diff(desired, observed, someKeysOf(observed, seed));
    Set<ServiceKey> added = new HashSet<>();
    Set<ServiceKey> deleted = new HashSet<>();
    for (SyncOp op : ops) {
      switch (op) {
        case SyncOp.AddService a -> added.add(a.service());
        case SyncOp.DeleteService d -> deleted.add(d.service());
        case SyncOp.AddDest a -> {
          assertTrue(observed.services().containsKey(a.service()) || added.contains(a.service()), op + " before its service");
          assertTrue(!deleted.contains(a.service()), op + " after its service was deleted");
        }
        default -> assertTrue(!deleted.contains(op.service()), op + " after its service was deleted");
      }
    }
  }

  @Property(tries = 300)
  void oneRealServerChangeTouchesOneEntry(@ForAll("tables") ForwardingTable table, @ForAll("seeds") long seed) {
    List<ServiceEntry> withDests = table.services().values().stream().filter(e -> !e.dests().isEmpty()).toList();
    if (withDests.isEmpty()) {
      return;
    }
    ServiceEntry victim = withDests.get((int) Math.floorMod(seed, (long) withDests.size()));
    List<DestSpec> dests = new ArrayList<>(victim.dests().values());
    DestSpec d = dests.get((int) Math.floorMod(seed >> 8, (long) dests.size()));
    ServiceEntry changed = victim.withDest(d.withWeight(d.weight() == 7 ? 8 : 7));
    Map<ServiceKey, ServiceEntry> map = new HashMap<>(table.services());
    map.put(victim.key(), changed);

    List<SyncOp> ops = TableDiff.diff(new ForwardingTable(map), table, Set.of());
    assertEquals(List.of(new SyncOp.EditDest(victim.key(), changed.dests().get(d.address()))), ops);
  }

  @Property(tries = 400)
  void scopedDiffEqualsTheFullDiffWhenTablesAgreeOutsideTheScope(
      @ForAll("tables") ForwardingTable desired, @ForAll("tables") ForwardingTable other, @ForAll("seeds") long seed) {
    Set<ServiceKey> scope = someKeysOf(new ForwardingTable(union(desired, other)), seed);
    // observed: other's entries, except that every desired service outside the scope is as desired.
    Map<ServiceKey, ServiceEntry> observedMap = new TreeMap<>(other.services());
    for (ServiceEntry e : desired.services().values()) {
      if (!scope.contains(e.key())) {
        observedMap.put(e.key(), e);
      }
    }
    ForwardingTable observed = new ForwardingTable(observedMap);
    Set<ServiceKey> retired = someKeysOf(observed, seed >>> 7);
    retired.removeAll(desired.services().keySet());
    assertEquals(TableDiff.diff(desired, observed, retired), TableDiff.diff(desired, observed, retired, scope));
  }

  private static Map<ServiceKey, ServiceEntry> union(ForwardingTable a, ForwardingTable b) {
    Map<ServiceKey, ServiceEntry> map = new TreeMap<>(b.services());
    map.putAll(a.services());
    return map;
  }

  private static Set<ServiceKey> someKeysOf(ForwardingTable table, long seed) {
    Set<ServiceKey> keys = new HashSet<>();
    int i = 0;
    for (ServiceKey k : table.services().keySet()) {
      if (((seed >> (i++ % 63)) & 1) == 1) {
        keys.add(k);
      }
    }
    return keys;
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Provide
  Arbitrary<ForwardingTable> tables() {
    return entries().list().ofMaxSize(6).map(list -> {
      Map<ServiceKey, ServiceEntry> map = new TreeMap<>();
      list.forEach(e -> map.put(e.key(), e));
      return new ForwardingTable(map);
    });
  }

  private Arbitrary<ServiceEntry> entries() {
    Arbitrary<ServiceKey> keys = Arbitraries.oneOf(
        Combinators.combine(
            Arbitraries.of("192.0.2.10", "192.0.2.11", "192.0.2.12"),
            Arbitraries.of(80, 443),
            Arbitraries.of(Protocol.class))
            .as((vip, port, proto) -> (ServiceKey) new VipServiceKey(Addresses.parse(vip), port, proto)),
        Arbitraries.integers().between(1, 3).map(m -> (ServiceKey) new FwmarkServiceKey(m, AddressFamily.INET)));
    Arbitrary<SchedulingMethod> schedulers = Arbitraries.of(SchedulingMethod.RR, SchedulingMethod.WRR, SchedulingMethod.SH);
    Arbitrary<Persistence> persistence = Arbitraries.of(Persistence.NONE, Persistence.of(300, 32), Persistence.of(60, 24));
    Arbitrary<DestSpec> dests = Combinators.combine(
        Arbitraries.of("198.51.100.1", "198.51.100.2", "198.51.100.3", "203.0.113.5"),
        Arbitraries.of(80, 8080),
        Arbitraries.integers().between(0, 3),
        Arbitraries.of(ForwardingMethod.class))
        .as((a, p, w, m) -> new DestSpec(RealServerAddress.of(a, p), w, m));
    return Combinators.combine(keys, schedulers, persistence, dests.list().ofMaxSize(5))
        .as((key, sched, pers, ds) -> {
          Map<RealServerAddress, DestSpec> map = new TreeMap<>();
          ds.forEach(d -> map.put(d.address(), d));
          return new ServiceEntry(new ServiceSpec(key, sched, pers), map);
        });
  }
}
