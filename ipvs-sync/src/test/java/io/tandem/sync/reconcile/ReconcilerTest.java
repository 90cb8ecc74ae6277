package io.tandem.sync.reconcile;

import static io.tandem.sync.reconcile.Tables.nat;
import static io.tandem.sync.reconcile.Tables.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.model.ServiceEntry;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.ServiceSpec;
import io.tandem.sync.model.SyncOp;
import io.tandem.testkit.FakeScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  private static final ServiceKey WEB = tcp("192.0.2.10", 80);
  private static final ServiceKey API = tcp("192.0.2.11", 443);
  private static final ServiceKey FOREIGN = tcp("192.0.2.99", 22);
  // Distinctive delays so a test can tell which retry fired.
  private static final RetryPolicy RETRY = RetryPolicy.exponential(Duration.ofMillis(130), Duration.ofMillis(500));

  private final FakeScheduler scheduler = new FakeScheduler();
  private Reconciler reconciler;

  private static ServiceEntry entry(ServiceKey key, DestSpec... dests) {
    return ServiceEntry.of(ServiceSpec.of(key, SchedulingMethod.WRR), List.of(dests));
  }

  private static ForwardingTable table(ServiceEntry... entries) {
    return ForwardingTable.of(List.of(entries));
  }

  @AfterEach
  void nothingLeftPending() {
    if (reconciler != null) {
      reconciler.close();
    }
    scheduler.runDue();
    scheduler.assertNothingPending();
  }

  @Test
  void restartAdoptsAMatchingTableWithoutTouchingIt() {
    ForwardingTable running = table(entry(WEB, nat("198.51.100.1", 80, 1), nat("198.51.100.2", 80, 2)));
    ScriptedEngine engine = new ScriptedEngine(running, false);
    reconciler = new Reconciler(engine, scheduler, RETRY);
    reconciler.submit(table(entry(WEB, nat("198.51.100.2", 80, 2), nat("198.51.100.1", 80, 1))));
    scheduler.runDue();
    assertEquals(List.of(), engine.applyCalls);
    assertEquals(1, engine.observeCalls);
    assertTrue(reconciler.stats().inSync());
  }

  @Test
  void laterChangesAreDiffedAgainstTheKnownTableWithoutReReading() {
    ScriptedEngine engine = new ScriptedEngine(ForwardingTable.EMPTY, false);
    reconciler = new Reconciler(engine, scheduler, RETRY);
    reconciler.submit(table(entry(WEB, nat("198.51.100.1", 80, 1), nat("198.51.100.2", 80, 1))));
    scheduler.runDue();
    reconciler.submit(table(entry(WEB, nat("198.51.100.1", 80, 1))));
    scheduler.runDue();
    assertEquals(List.of(new SyncOp.DeleteDest(WEB, Tables.rs("198.51.100.2", 80))), engine.applyCalls.get(1));
    assertEquals(1, engine.observeCalls);
    assertEquals(4, reconciler.stats().opsApplied());
  }

  @Test
  void burstOfSubmissionsCoalescesIntoOnePassAgainstTheLatest() {
    ScriptedEngine engine = new ScriptedEngine(ForwardingTable.EMPTY, false);
    reconciler = new Reconciler(engine, scheduler, RETRY);
    for (int w = 1; w <= 5; w++) {
      reconciler.submit(table(entry(WEB, nat("198.51.100.1", 80, w))));
    }
    scheduler.runDue();
    assertEquals(1, engine.applyCalls.size());
    assertEquals(table(entry(WEB, nat("198.51.100.1", 80, 5))), engine.table);
  }

  @Test
  void refusedOperationIsRetriedWithBackOffWhileTheRestApplies() {
    ScriptedEngine engine = new ScriptedEngine(ForwardingTable.EMPTY, false);
    engine.refuse = op -> op instanceof SyncOp.AddDest a && a.dest().address().equals(Tables.rs("198.51.100.2", 80));
    reconciler = new Reconciler(engine, scheduler, RETRY);
    ForwardingTable desired = table(entry(WEB, nat("198.51.100.1", 80, 1), nat("198.51.100.2", 80, 1)),
        entry(API, nat("198.51.100.3", 443, 1)));
    reconciler.submit(desired);
    scheduler.runDue();

    assertEquals(table(entry(WEB, nat("198.51.100.1", 80, 1)), entry(API, nat("198.51.100.3", 443, 1))), engine.table,
        "everything but the refused server is in place");
    SyncStats s = reconciler.stats();
    assertEquals(1, s.opsRefused());
    assertEquals(1, s.consecutiveFailures());
    assertEquals(List.of("add-dest tcp/192.0.2.10:80 -> 198.51.100.2:80 w=1 NAT: scripted refusal"), s.lastRefusals());

    scheduler.advance(Duration.ofMillis(129));
    assertEquals(1, engine.applyCalls.size(), "no retry before the first back-off");
    scheduler.advance(Duration.ofMillis(1));
    assertEquals(2, engine.applyCalls.size(), "first retry after 130 ms");
    assertEquals(List.of(new SyncOp.AddDest(WEB, nat("198.51.100.2", 80, 1))), engine.applyCalls.get(1),
        "the retry re-reads the table and sends only what is missing");
    scheduler.advance(Duration.ofMillis(259));
    assertEquals(2, engine.applyCalls.size());
    engine.refuse = op -> false;
    scheduler.advance(Duration.ofMillis(1));
    assertEquals(3, engine.applyCalls.size(), "second retry after 260 ms");
    assertEquals(desired, engine.table);
    assertTrue(reconciler.stats().inSync());
    assertEquals(2, reconciler.stats().retriesScheduled());
    scheduler.advance(Duration.ofSeconds(10));
    assertEquals(3, engine.applyCalls.size(), "no retry once in sync");
  }

  @Test
  void backOffIsCappedAtTheMaximum() {
    List<Long> delays = new ArrayList<>();
    for (int n = 1; n <= 6; n++) {
      delays.add(RETRY.delayNanos(n) / 1_000_000);
    }
    assertEquals(List.of(130L, 260L, 500L, 500L, 500L, 500L), delays);
  }

  @Test
  void unreadableTableIsRetriedWithBackOff() {
    ScriptedEngine engine = new ScriptedEngine(ForwardingTable.EMPTY, false);
    engine.observeFailuresLeft = 1;
    reconciler = new Reconciler(engine, scheduler, RETRY);
    reconciler.submit(table(entry(WEB, nat("198.51.100.1", 80, 1))));
    scheduler.runDue();
    assertEquals(1, reconciler.stats().observeFailures());
    assertEquals(0, engine.applyCalls.size());
    scheduler.advance(Duration.ofMillis(130));
    assertEquals(table(entry(WEB, nat("198.51.100.1", 80, 1))), engine.table);
    assertTrue(reconciler.stats().inSync());
  }

  @Test
  void foreignServicesSurviveAndServicesLeavingTheConfigAreDeleted() {
    ServiceEntry foreign = entry(FOREIGN, nat("198.51.100.9", 22, 1));
    ScriptedEngine engine = new ScriptedEngine(table(foreign), false);
    reconciler = new Reconciler(engine, scheduler, RETRY);
    reconciler.submit(table(entry(WEB, nat("198.51.100.1", 80, 1)), entry(API, nat("198.51.100.3", 443, 1))));
    scheduler.runDue();
    reconciler.submit(table(entry(WEB, nat("198.51.100.1", 80, 1))));
    scheduler.runDue();
    assertEquals(table(entry(WEB, nat("198.51.100.1", 80, 1)), foreign), engine.table);
    assertEquals(List.of(new SyncOp.DeleteService(API)), engine.applyCalls.get(1));
  }

  @Test
  void engineOwningItsWholeTableDropsUnconfiguredServicesAtStart() {
    ScriptedEngine engine = new ScriptedEngine(table(entry(API, nat("198.51.100.3", 443, 1))), true);
    reconciler = new Reconciler(engine, scheduler, RETRY);
    reconciler.submit(table(entry(WEB, nat("198.51.100.1", 80, 1))));
    scheduler.runDue();
    assertEquals(table(entry(WEB, nat("198.51.100.1", 80, 1))), engine.table);
  }

  @Test
  void periodicResyncRepairsDriftMadeBehindItsBack() {
    ScriptedEngine engine = new ScriptedEngine(ForwardingTable.EMPTY, false);
    reconciler = new Reconciler(engine, scheduler, RETRY);
    reconciler.resyncEvery(Duration.ofSeconds(30));
    ForwardingTable desired = table(entry(WEB, nat("198.51.100.1", 80, 1), nat("198.51.100.2", 80, 1)));
    reconciler.submit(desired);
    scheduler.runDue();
    engine.table = table(entry(WEB, nat("198.51.100.1", 80, 1))); // someone ran ipvsadm -d
    scheduler.advance(Duration.ofSeconds(29));
    assertEquals(1, engine.applyCalls.size(), "not before the interval");
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(desired, engine.table);
    assertEquals(List.of(new SyncOp.AddDest(WEB, nat("198.51.100.2", 80, 1))), engine.applyCalls.get(1));
    scheduler.advance(Duration.ofSeconds(30));
    assertEquals(2, engine.applyCalls.size(), "no drift, no operations");
    assertEquals(3, engine.observeCalls);
  }

  @Test
  void nothingHappensBeforeTheFirstDesiredTable() {
    ScriptedEngine engine = new ScriptedEngine(table(entry(API, nat("198.51.100.3", 443, 1))), true);
    reconciler = new Reconciler(engine, scheduler, RETRY);
    reconciler.resync();
    scheduler.runDue();
    assertEquals(0, engine.observeCalls);
    assertFalse(engine.table.services().isEmpty());
  }

  @Test
  void hintedSubmissionLooksOnlyAtTheServicesNamedChanged() {
    ScriptedEngine engine = new ScriptedEngine(ForwardingTable.EMPTY, false);
    reconciler = new Reconciler(engine, scheduler, RETRY);
    reconciler.submit(table(entry(WEB, nat("198.51.100.1", 80, 1)), entry(API, nat("198.51.100.3", 443, 1))));
    scheduler.runDue();
    // API changes too, but the caller names only WEB: the pass must not even look at API.
    ForwardingTable next = table(entry(WEB, nat("198.51.100.1", 80, 4)), entry(API, nat("198.51.100.3", 443, 9)));
    reconciler.submit(next, Set.of(WEB));
    scheduler.runDue();
    assertEquals(List.of(new SyncOp.EditDest(WEB, nat("198.51.100.1", 80, 4))), engine.applyCalls.get(1));
    // A full comparison (here a resync) catches what a wrong hint left out.
    reconciler.resync();
    scheduler.runDue();
    assertEquals(List.of(new SyncOp.EditDest(API, nat("198.51.100.3", 443, 9))), engine.applyCalls.get(2));
    assertEquals(next, engine.table);
  }

  @Test
  void hintsOfCoalescedSubmissionsAreUnitedAndAnUnhintedOneComparesAll() {
    ScriptedEngine engine = new ScriptedEngine(ForwardingTable.EMPTY, false);
    reconciler = new Reconciler(engine, scheduler, RETRY);
    reconciler.submit(table(entry(WEB, nat("198.51.100.1", 80, 1)), entry(API, nat("198.51.100.3", 443, 1))));
    scheduler.runDue();
    reconciler.submit(table(entry(WEB, nat("198.51.100.1", 80, 2)), entry(API, nat("198.51.100.3", 443, 1))), Set.of(WEB));
    reconciler.submit(table(entry(WEB, nat("198.51.100.1", 80, 2)), entry(API, nat("198.51.100.3", 443, 2))), Set.of(API));
    scheduler.runDue();
    assertEquals(List.of(new SyncOp.EditDest(WEB, nat("198.51.100.1", 80, 2)), new SyncOp.EditDest(API, nat("198.51.100.3", 443, 2))),
        engine.applyCalls.get(1));

    reconciler.submit(table(entry(WEB, nat("198.51.100.1", 80, 3)), entry(API, nat("198.51.100.3", 443, 2))), Set.of(WEB));
    reconciler.submit(table(entry(WEB, nat("198.51.100.1", 80, 3)), entry(API, nat("198.51.100.3", 443, 3)))); // no hint
    scheduler.runDue();
    assertEquals(List.of(new SyncOp.EditDest(WEB, nat("198.51.100.1", 80, 3)), new SyncOp.EditDest(API, nat("198.51.100.3", 443, 3))),
        engine.applyCalls.get(2));
  }

  @Test
  void hintedRemovalDeletesTheServiceAndARefusalMakesTheNextPassCompareAll() {
    ScriptedEngine engine = new ScriptedEngine(ForwardingTable.EMPTY, false);
    reconciler = new Reconciler(engine, scheduler, RETRY);
    reconciler.submit(table(entry(WEB, nat("198.51.100.1", 80, 1)), entry(API, nat("198.51.100.3", 443, 1))));
    scheduler.runDue();
    reconciler.submit(table(entry(WEB, nat("198.51.100.1", 80, 1))), Set.of(API));
    scheduler.runDue();
    assertEquals(List.of(new SyncOp.DeleteService(API)), engine.applyCalls.get(1));

    engine.refuse = op -> true;
    ForwardingTable next = table(entry(WEB, nat("198.51.100.1", 80, 5)));
    reconciler.submit(next, Set.of(WEB));
    scheduler.runDue();
    assertEquals(1, reconciler.stats().opsRefused());
    engine.refuse = op -> false;
    engine.table = table(entry(WEB, nat("198.51.100.1", 80, 1), nat("198.51.100.2", 80, 1))); // hand edit meanwhile
    scheduler.advance(Duration.ofMillis(130));
    assertEquals(next, engine.table, "the retry re-reads the table and compares everything");
    assertTrue(reconciler.stats().inSync());
  }

  @Test
  void dryRunEngineRecordsWhatItWouldDo() {
    DryRunEngine engine = new DryRunEngine();
    reconciler = new Reconciler(engine, scheduler, RETRY);
    ForwardingTable desired = table(entry(WEB, nat("198.51.100.1", 80, 1)));
    reconciler.submit(desired);
    scheduler.runDue();
    assertEquals(desired, engine.table());
    assertEquals(2, reconciler.stats().opsApplied());
  }
}
