package io.tandem.sync.reconcile;

import static io.tandem.sync.reconcile.Tables.nat;
import static io.tandem.sync.reconcile.Tables.rs;
import static io.tandem.sync.reconcile.Tables.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.Persistence;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.model.ServiceEntry;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.ServiceSpec;
import io.tandem.sync.model.SyncOp;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableDiffTest {
  private static final ServiceKey WEB = tcp("192.0.2.10", 80);
  private static final ServiceKey FOREIGN = tcp("192.0.2.99", 22);

  private static ServiceEntry web(io.tandem.sync.model.DestSpec... dests) {
    return ServiceEntry.of(ServiceSpec.of(WEB, SchedulingMethod.WRR), List.of(dests));
  }

  @Test
  void newServiceIsAddedBeforeItsRealServers() {
    ForwardingTable desired = ForwardingTable.of(List.of(web(nat("198.51.100.1", 80, 1), nat("198.51.100.2", 80, 2))));
    List<SyncOp> ops = TableDiff.diff(desired, ForwardingTable.EMPTY, Set.of());
    assertEquals(List.of(
        new SyncOp.AddService(ServiceSpec.of(WEB, SchedulingMethod.WRR)),
        new SyncOp.AddDest(WEB, nat("198.51.100.1", 80, 1)),
        new SyncOp.AddDest(WEB, nat("198.51.100.2", 80, 2))), ops);
  }

  @Test
  void weightChangeOfOneRealServerIsOneEdit() {
    ForwardingTable observed = ForwardingTable.of(List.of(web(nat("198.51.100.1", 80, 1), nat("198.51.100.2", 80, 2))));
    ForwardingTable desired = ForwardingTable.of(List.of(web(nat("198.51.100.1", 80, 1), nat("198.51.100.2", 80, 5))));
    assertEquals(List.of(new SyncOp.EditDest(WEB, nat("198.51.100.2", 80, 5))), TableDiff.diff(desired, observed, Set.of()));
  }

  @Test
  void replacementAddsBeforeItDeletesSoThePoolIsNeverEmpty() {
    ForwardingTable observed = ForwardingTable.of(List.of(web(nat("198.51.100.1", 80, 1))));
    ForwardingTable desired = ForwardingTable.of(List.of(web(nat("203.0.113.50", 80, 1))));
    assertEquals(List.of(
        new SyncOp.AddDest(WEB, nat("203.0.113.50", 80, 1)),
        new SyncOp.DeleteDest(WEB, rs("198.51.100.1", 80))), TableDiff.diff(desired, observed, Set.of()));
  }

  @Test
  void schedulerOrPersistenceChangeEditsTheServiceOnly() {
    ForwardingTable observed = ForwardingTable.of(List.of(web(nat("198.51.100.1", 80, 1))));
    ServiceSpec sticky = new ServiceSpec(WEB, SchedulingMethod.SH, Persistence.of(300, 24));
    ForwardingTable desired = ForwardingTable.of(List.of(ServiceEntry.of(sticky, List.of(nat("198.51.100.1", 80, 1)))));
    assertEquals(List.of(new SyncOp.EditService(sticky)), TableDiff.diff(desired, observed, Set.of()));
  }

  @Test
  void foreignServicesAreLeftAloneAndRetiredOnesDeleted() {
    ServiceKey old = tcp("192.0.2.11", 443);
    ServiceEntry foreign = ServiceEntry.of(ServiceSpec.of(FOREIGN, SchedulingMethod.RR), List.of(nat("198.51.100.7", 22, 1)));
    ServiceEntry retired = ServiceEntry.of(ServiceSpec.of(old, SchedulingMethod.RR), List.of(nat("198.51.100.7", 443, 1)));
    ForwardingTable observed = ForwardingTable.of(List.of(web(nat("198.51.100.1", 80, 1)), foreign, retired));
    ForwardingTable desired = ForwardingTable.of(List.of(web(nat("198.51.100.1", 80, 1))));
    assertEquals(List.of(new SyncOp.DeleteService(old)), TableDiff.diff(desired, observed, Set.of(old)));
  }

  @Test
  void matchingObservedTableIsAdoptedWithoutOperations() {
    ForwardingTable table = ForwardingTable.of(List.of(web(nat("198.51.100.1", 80, 1), nat("198.51.100.2", 80, 0))));
    ForwardingTable sameButRebuilt = ForwardingTable.of(List.of(web(nat("198.51.100.2", 80, 0), nat("198.51.100.1", 80, 1))));
    assertEquals(List.of(), TableDiff.diff(table, sameButRebuilt, Set.of(WEB)));
  }
}
