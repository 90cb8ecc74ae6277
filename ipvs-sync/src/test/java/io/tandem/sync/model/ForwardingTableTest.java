package io.tandem.sync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingTableTest {
  private static final ServiceKey WEB = new VipServiceKey(Addresses.parse("192.0.2.10"), 80, Protocol.TCP);
  private static final ServiceKey API = new VipServiceKey(Addresses.parse("192.0.2.11"), 443, Protocol.TCP);
  private static final DestSpec A = new DestSpec(RealServerAddress.of("198.51.100.1", 80), 1, ForwardingMethod.NAT);
  private static final DestSpec B = new DestSpec(RealServerAddress.of("198.51.100.2", 80), 2, ForwardingMethod.NAT);

  private static final ForwardingTable TABLE = ForwardingTable.of(List.of(
      ServiceEntry.of(ServiceSpec.of(WEB, SchedulingMethod.WRR), List.of(A))));

  @Test
  void operationsOnSeveralServicesInAnyOrderApply() {
    ForwardingTable t = TABLE.apply(List.of(
        new SyncOp.AddDest(WEB, B),
        new SyncOp.AddService(ServiceSpec.of(API, SchedulingMethod.RR)),
        new SyncOp.EditDest(WEB, A.withWeight(7)), // back to a service left before
        new SyncOp.AddDest(API, A),
        new SyncOp.DeleteDest(WEB, B.address())));
    assertEquals(ForwardingTable.of(List.of(
        ServiceEntry.of(ServiceSpec.of(WEB, SchedulingMethod.WRR), List.of(A.withWeight(7))),
        ServiceEntry.of(ServiceSpec.of(API, SchedulingMethod.RR), List.of(A)))), t);
  }

  @Test
  void deletedServiceCanComeBackEmptyInTheSameBatch() {
    ForwardingTable t = TABLE.apply(List.of(new SyncOp.DeleteService(WEB),
        new SyncOp.AddService(ServiceSpec.of(WEB, SchedulingMethod.SH))));
    assertEquals(ForwardingTable.of(List.of(ServiceEntry.of(ServiceSpec.of(WEB, SchedulingMethod.SH), List.of()))), t);
  }

  @Test
  void operationThatDoesNotFitIsRejectedAndTheTableIsUnchanged() {
    List<SyncOp> misfits = List.of(
        new SyncOp.AddService(ServiceSpec.of(WEB, SchedulingMethod.RR)),
        new SyncOp.EditService(ServiceSpec.of(API, SchedulingMethod.RR)),
        new SyncOp.DeleteService(API),
        new SyncOp.AddDest(API, A),
        new SyncOp.AddDest(WEB, A),
        new SyncOp.EditDest(WEB, B),
        new SyncOp.DeleteDest(WEB, B.address()));
    for (SyncOp op : misfits) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> TABLE.apply(List.of(new SyncOp.EditDest(WEB, A.withWeight(5)), op)));
      assertEquals(op.toString(), e.getMessage().substring(0, op.toString().length()));
    }
    assertEquals(1, TABLE.destCount());
  }

  @Test
  void realServerOfTheOtherFamilyIsRejected() {
    DestSpec v6 = new DestSpec(RealServerAddress.of("2001:db8::1", 80), 1, ForwardingMethod.NAT);
    assertThrows(IllegalArgumentException.class, () -> TABLE.apply(List.of(new SyncOp.AddDest(WEB, v6))));
  }
}
