package io.tandem.sync.ipvs;

import static io.tandem.sync.ipvs.Ipvsadm.assertAllApplied;
import static io.tandem.sync.ipvs.Ipvsadm.assertTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tandem.sync.model.AddressFamily;
import io.tandem.sync.model.Addresses;
import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.ForwardingMethod;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.FwmarkServiceKey;
import io.tandem.sync.model.Persistence;
import io.tandem.sync.model.Protocol;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.model.ServiceEntry;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.ServiceSpec;
import io.tandem.sync.model.SyncOp;
import io.tandem.sync.model.VipServiceKey;
import io.tandem.sync.reconcile.ApplyResult;
import io.tandem.sync.reconcile.EngineException;
import io.tandem.sync.reconcile.ForwardingEngine;
import io.tandem.sync.reconcile.Reconciler;
import io.tandem.sync.reconcile.RetryPolicy;
import io.tandem.sync.reconcile.SyncStats;
import io.tandem.sync.reconcile.TableDiff;
import io.tandem.sync.uml.InsideUml;
import io.tandem.testkit.FakeScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.LoggerFactory;

/**
 * {@link IpvsEngine} against a real kernel's IPVS, checked with ipvsadm. Runs only inside
 * user-mode Linux (started by {@link IpvsEngineIT}); it would rewrite the host's IPVS table
 * otherwise. Each check starts from an empty table. Real servers live behind a dummy link
 * {@code ipv-d0} (198.51.100.0/24, 2001:db8:1::/64): IPVS refuses a real server it has no route to.
 */
@EnabledIfSystemProperty(named = InsideUml.PROPERTY, matches = "true")
@Timeout(120)
class IpvsEngineKernelChecks {
  private static final String LINK = "ipv-d0";
  private static final ServiceKey TCP = vip("192.0.2.10", 80, Protocol.TCP);
  private static final ServiceKey UDP = vip("192.0.2.10", 53, Protocol.UDP);
  private static final ServiceKey SCTP = vip("192.0.2.10", 3868, Protocol.SCTP);
  private static final ServiceKey MARK = new FwmarkServiceKey(7, AddressFamily.INET);
  private static final ServiceKey TCP6 = vip("2001:db8::10", 443, Protocol.TCP);
  private static final RetryPolicy RETRY = RetryPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));

  private IpvsEngine engine;

  @BeforeAll
  static void realServerSubnets() {
    Ip.batch(null, """
        link add ipv-d0 type dummy
        addr add 198.51.100.1/24 dev ipv-d0
        addr add 2001:db8:1::1/64 dev ipv-d0 nodad
        link set ipv-d0 up
        """);
  }

  @AfterAll
  static void removeSubnets() {
    Ipvsadm.reset();
    Ip.batchIgnoringErrors(null, "link del ipv-d0\n");
  }

  @BeforeEach
  void emptyTable() throws Exception {
    Ipvsadm.reset();
    engine = new IpvsEngine(2000);
  }

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  private static ServiceKey vip(String address, int port, Protocol protocol) {
    return new VipServiceKey(Addresses.parse(address), port, protocol);
  }

  private static DestSpec dest(String address, int port, int weight, ForwardingMethod method) {
    return new DestSpec(RealServerAddress.of(address, port), weight, method);
  }

  private static DestSpec nat(String address, int port, int weight) {
    return dest(address, port, weight, ForwardingMethod.NAT);
  }

  private static ServiceEntry entry(ServiceKey key, SchedulingMethod scheduler, DestSpec... dests) {
    return ServiceEntry.of(ServiceSpec.of(key, scheduler), List.of(dests));
  }

  private static ServiceEntry entry(ServiceSpec spec, DestSpec... dests) {
    return ServiceEntry.of(spec, List.of(dests));
  }

  /** Applies the diff from what the engine reads to {@code want}; returns the new table. */
  private ForwardingTable sync(ForwardingTable want) throws EngineException {
    ForwardingTable seen = engine.observe();
    assertAllApplied(engine.apply(TableDiff.diff(want, seen, seen.services().keySet())));
    return engine.observe();
  }

  @Test
  void tcpUdpSctpFwmarkAndIpv6ServicesAreAddedEditedAndDeleted() throws Exception {
    ForwardingTable table = ForwardingTable.of(List.of(
        entry(TCP, SchedulingMethod.WRR, nat("198.51.100.11", 8080, 3), nat("198.51.100.12", 8080, 1)),
        entry(UDP, SchedulingMethod.RR, dest("198.51.100.11", 5353, 1, ForwardingMethod.DIRECT_ROUTE)),
        entry(SCTP, SchedulingMethod.RR, nat("198.51.100.13", 3868, 1)),
        entry(MARK, SchedulingMethod.RR, dest("198.51.100.14", 0, 1, ForwardingMethod.TUNNEL)),
        entry(TCP6, SchedulingMethod.WLC, nat("2001:db8:1::11", 8443, 2))));
    List<SyncOp> adds = TableDiff.diff(table, ForwardingTable.EMPTY, Set.of());
    ApplyResult added = engine.apply(adds);
    assertAllApplied(added);
    assertEquals(adds, added.applied());
    assertTable("""
        TCP 192.0.2.10:80 wrr
          -> 198.51.100.11:8080 Masq 3 0 0
          -> 198.51.100.12:8080 Masq 1 0 0
        UDP 192.0.2.10:53 rr
          -> 198.51.100.11:5353 Route 1 0 0
        SCTP 192.0.2.10:3868 rr
          -> 198.51.100.13:3868 Masq 1 0 0
        FWM 7 rr
          -> 198.51.100.14:0 Tunnel 1 0 0
        TCP [2001:db8::10]:443 wlc
          -> [2001:db8:1::11]:8443 Masq 2 0 0
        """);
    assertEquals(table, engine.observe(), "the engine reads back what it wrote");

    List<SyncOp> edits = List.of(
        new SyncOp.EditService(ServiceSpec.of(TCP, SchedulingMethod.WLC)),
        new SyncOp.EditDest(TCP, nat("198.51.100.11", 8080, 5)),
        new SyncOp.DeleteDest(TCP, RealServerAddress.of("198.51.100.12", 8080)),
        new SyncOp.AddDest(UDP, dest("198.51.100.12", 5353, 4, ForwardingMethod.DIRECT_ROUTE)),
        new SyncOp.DeleteService(SCTP),
        new SyncOp.EditService(ServiceSpec.of(TCP6, SchedulingMethod.SH)),
        new SyncOp.EditDest(TCP6, nat("2001:db8:1::11", 8443, 0)));
    assertAllApplied(engine.apply(edits));
    assertTable("""
        TCP 192.0.2.10:80 wlc
          -> 198.51.100.11:8080 Masq 5 0 0
        UDP 192.0.2.10:53 rr
          -> 198.51.100.11:5353 Route 1 0 0
          -> 198.51.100.12:5353 Route 4 0 0
        FWM 7 rr
          -> 198.51.100.14:0 Tunnel 1 0 0
        TCP [2001:db8::10]:443 sh
          -> [2001:db8:1::11]:8443 Masq 0 0 0
        """);
    assertEquals(table.apply(edits), engine.observe());

    assertAllApplied(engine.apply(TableDiff.diff(ForwardingTable.EMPTY, engine.observe(), table.services().keySet())));
    assertTable("");
  }

  @Test
  void everySchedulerIsSetEditedAndReadBack() throws Exception {
    SchedulingMethod[] all = SchedulingMethod.values();
    assertEquals(13, all.length);
    List<ServiceEntry> entries = new ArrayList<>();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < all.length; i++) {
      entries.add(entry(vip("192.0.2.20", 1000 + i, Protocol.TCP), all[i], nat("198.51.100.11", 1000 + i, 1)));
      expected.append("TCP 192.0.2.20:").append(1000 + i).append(' ').append(all[i].ipvsName())
          .append("\n -> 198.51.100.11:").append(1000 + i).append(" Masq 1 0 0\n");
    }
    ForwardingTable table = ForwardingTable.of(entries);
    assertEquals(table, sync(table));
    assertTable(expected.toString());

    // Each service moves to the next scheduler: 13 edit-service operations, nothing else.
    List<ServiceEntry> rotated = new ArrayList<>();
    for (int i = 0; i < all.length; i++) {
      ServiceEntry e = entries.get(i);
      rotated.add(e.withSpec(ServiceSpec.of(e.key(), all[(i + 1) % all.length])));
    }
    ForwardingTable next = ForwardingTable.of(rotated);
    List<SyncOp> ops = TableDiff.diff(next, table, Set.of());
    assertEquals(13, ops.size());
    assertTrue(ops.stream().allMatch(op -> op instanceof SyncOp.EditService), ops.toString());
    assertAllApplied(engine.apply(ops));
    assertEquals(next, engine.observe());
    Set<String> services = Ipvsadm.table().keySet();
    for (int i = 0; i < all.length; i++) {
      String line = "TCP 192.0.2.20:" + (1000 + i) + " " + all[(i + 1) % all.length].ipvsName();
      assertTrue(services.contains(line), "ipvsadm lacks " + line + ": " + services);
    }
  }

  @Test
  void persistenceTimeoutAndNetmaskAreSetEditedAndCleared() throws Exception {
    ServiceKey web = vip("192.0.2.30", 443, Protocol.TCP);
    ServiceKey host = vip("192.0.2.31", 443, Protocol.TCP);
    ServiceKey web6 = vip("2001:db8::30", 443, Protocol.TCP);
    ServiceKey mark = new FwmarkServiceKey(9, AddressFamily.INET);
    ForwardingTable table = ForwardingTable.of(List.of(
        entry(new ServiceSpec(web, SchedulingMethod.SH, Persistence.of(300, 24)), nat("198.51.100.11", 443, 1)),
        entry(new ServiceSpec(host, SchedulingMethod.RR, Persistence.of(600, 32)), nat("198.51.100.11", 443, 1)),
        entry(new ServiceSpec(web6, SchedulingMethod.RR, Persistence.of(120, 64)), nat("2001:db8:1::11", 443, 1)),
        entry(new ServiceSpec(mark, SchedulingMethod.RR, Persistence.of(60, 16)), dest("198.51.100.12", 0, 1,
            ForwardingMethod.DIRECT_ROUTE))));
    assertEquals(table, sync(table));
    assertTable("""
        TCP 192.0.2.30:443 sh persistent 300 mask 255.255.255.0
          -> 198.51.100.11:443 Masq 1 0 0
        TCP 192.0.2.31:443 rr persistent 600
          -> 198.51.100.11:443 Masq 1 0 0
        TCP [2001:db8::30]:443 rr persistent 120 mask 64
          -> [2001:db8:1::11]:443 Masq 1 0 0
        FWM 9 rr persistent 60 mask 255.255.0.0
          -> 198.51.100.12:0 Route 1 0 0
        """);

    ForwardingTable edited = ForwardingTable.of(List.of(
        entry(new ServiceSpec(web, SchedulingMethod.SH, Persistence.of(900, 16)), nat("198.51.100.11", 443, 1)),
        entry(new ServiceSpec(host, SchedulingMethod.RR, Persistence.NONE), nat("198.51.100.11", 443, 1)),
        entry(new ServiceSpec(web6, SchedulingMethod.RR, Persistence.of(120, 48)), nat("2001:db8:1::11", 443, 1)),
        entry(new ServiceSpec(mark, SchedulingMethod.RR, Persistence.NONE), dest("198.51.100.12", 0, 1,
            ForwardingMethod.DIRECT_ROUTE))));
    List<SyncOp> ops = TableDiff.diff(edited, table, Set.of());
    assertEquals(4, ops.size(), ops.toString());
    assertAllApplied(engine.apply(ops));
    assertEquals(edited, engine.observe());
    assertTable("""
        TCP 192.0.2.30:443 sh persistent 900 mask 255.255.0.0
          -> 198.51.100.11:443 Masq 1 0 0
        TCP 192.0.2.31:443 rr
          -> 198.51.100.11:443 Masq 1 0 0
        TCP [2001:db8::30]:443 rr persistent 120 mask 48
          -> [2001:db8:1::11]:443 Masq 1 0 0
        FWM 9 rr
          -> 198.51.100.12:0 Route 1 0 0
        """);
  }

  @Test
  void forwardingMethodOfARealServerIsSetAndChanged() throws Exception {
    ForwardingTable table = ForwardingTable.of(List.of(entry(TCP, SchedulingMethod.WRR,
        dest("198.51.100.11", 80, 1, ForwardingMethod.NAT),
        dest("198.51.100.12", 80, 2, ForwardingMethod.DIRECT_ROUTE),
        dest("198.51.100.13", 80, 3, ForwardingMethod.TUNNEL))));
    assertEquals(table, sync(table));
    assertTable("""
        TCP 192.0.2.10:80 wrr
          -> 198.51.100.11:80 Masq 1 0 0
          -> 198.51.100.12:80 Route 2 0 0
          -> 198.51.100.13:80 Tunnel 3 0 0
        """);
    ForwardingTable rotated = ForwardingTable.of(List.of(entry(TCP, SchedulingMethod.WRR,
        dest("198.51.100.11", 80, 1, ForwardingMethod.DIRECT_ROUTE),
        dest("198.51.100.12", 80, 2, ForwardingMethod.TUNNEL),
        dest("198.51.100.13", 80, 3, ForwardingMethod.NAT))));
    List<SyncOp> ops = TableDiff.diff(rotated, table, Set.of());
    assertEquals(3, ops.size(), "one edit-dest per real server: " + ops);
    assertAllApplied(engine.apply(ops));
    assertEquals(rotated, engine.observe());
    assertTable("""
        TCP 192.0.2.10:80 wrr
          -> 198.51.100.11:80 Route 1 0 0
          -> 198.51.100.12:80 Tunnel 2 0 0
          -> 198.51.100.13:80 Masq 3 0 0
        """);
  }

  /** Wraps the engine and records every operation it confirms. */
  private static final class Recording implements ForwardingEngine {
    final ForwardingEngine inner;
    final List<SyncOp> applied = new ArrayList<>();

    Recording(ForwardingEngine inner) {
      this.inner = inner;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public boolean ownsWholeTable() {
      return inner.ownsWholeTable();
    }

    @Override
    public ForwardingTable observe() throws EngineException {
      return inner.observe();
    }

    @Override
    public ApplyResult apply(List<SyncOp> ops) {
      ApplyResult r = inner.apply(ops);
      applied.addAll(r.applied());
      return r;
    }
  }

  @Test
  void startUpAdoptsExistingEntriesWithoutFlushingAndLeavesForeignServicesAlone() throws Exception {
    // As a previous Tandem (or keepalived) left it, plus a service somebody else owns.
    Ipvsadm.restore("""
        -A -t 192.0.2.40:80 -s wrr
        -a -t 192.0.2.40:80 -r 198.51.100.11:80 -m -w 3
        -a -t 192.0.2.40:80 -r 198.51.100.12:80 -m -w 1
        -A -u 192.0.2.40:53 -s rr -p 300 -M 255.255.255.0
        -a -u 192.0.2.40:53 -r 198.51.100.11:53 -g -w 1
        -A -t 192.0.2.99:22 -s rr
        -a -t 192.0.2.99:22 -r 198.51.100.99:22 -m -w 1
        """);

    ServiceKey web = vip("192.0.2.40", 80, Protocol.TCP);
    ServiceKey dns = vip("192.0.2.40", 53, Protocol.UDP);
    ForwardingTable desired = ForwardingTable.of(List.of(
        entry(web, SchedulingMethod.WRR, nat("198.51.100.11", 80, 3), nat("198.51.100.12", 80, 2)),
        entry(new ServiceSpec(dns, SchedulingMethod.RR, Persistence.of(300, 24)),
            dest("198.51.100.11", 53, 1, ForwardingMethod.DIRECT_ROUTE))));
    FakeScheduler scheduler = new FakeScheduler();
    Recording recording = new Recording(engine);
    try (Reconciler r = new Reconciler(recording, scheduler, RETRY)) {
      r.submit(desired);
      scheduler.runDue();
      assertEquals(List.of(new SyncOp.EditDest(web, nat("198.51.100.12", 80, 2))), recording.applied,
          "only the one differing weight is written: no flush, no re-add");
      assertTrue(r.stats().inSync());

      // Later, one real server fails: one operation.
      ForwardingTable failed = ForwardingTable.of(List.of(
          entry(web, SchedulingMethod.WRR, nat("198.51.100.11", 80, 3)), desired.get(dns)));
      r.submit(failed, Set.of(web));
      scheduler.runDue();
      assertEquals(new SyncOp.DeleteDest(web, RealServerAddress.of("198.51.100.12", 80)), recording.applied.get(1));
      assertEquals(2, recording.applied.size());
    }
    assertTable("""
        TCP 192.0.2.40:80 wrr
          -> 198.51.100.11:80 Masq 3 0 0
        UDP 192.0.2.40:53 rr persistent 300 mask 255.255.255.0
          -> 198.51.100.11:53 Route 1 0 0
        TCP 192.0.2.99:22 rr
          -> 198.51.100.99:22 Masq 1 0 0
        """);

    // A restarted daemon with the same desired table writes nothing at all.
    try (IpvsEngine again = new IpvsEngine(2000); Reconciler r = new Reconciler(new Recording(again), scheduler, RETRY)) {
      r.submit(ForwardingTable.of(List.of(entry(web, SchedulingMethod.WRR, nat("198.51.100.11", 80, 3)), desired.get(dns))));
      scheduler.runDue();
      assertEquals(0, r.stats().opsApplied());
      assertTrue(r.stats().inSync());
    }
    scheduler.runDue(); // the reconcilers' close() hands their clean-up to the scheduler
    scheduler.assertNothingPending();
  }

  @Test
  void refusedOperationIsLoggedCountedAndRetriedWhileTheRestApplies() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(Reconciler.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    ServiceKey a = vip("192.0.2.50", 80, Protocol.TCP);
    ServiceKey b = vip("192.0.2.51", 80, Protocol.TCP);
    ServiceKey c = vip("192.0.2.52", 80, Protocol.TCP);
    ForwardingTable desired = ForwardingTable.of(List.of(
        entry(a, SchedulingMethod.RR, nat("198.51.100.11", 80, 1)),
        entry(b, SchedulingMethod.RR, nat("198.51.100.12", 80, 1), nat("198.51.100.127", 80, 1)),
        entry(c, SchedulingMethod.RR, nat("198.51.100.13", 80, 1))));
    FakeScheduler scheduler = new FakeScheduler();
    try {
      // With a /25, 198.51.100.127 is the link's broadcast address: IPVS refuses it as a real server.
      Ip.batch(null, """
          addr del 198.51.100.1/24 dev ipv-d0
          addr add 198.51.100.1/25 dev ipv-d0
          """);
      try (Reconciler r = new Reconciler(engine, scheduler, RETRY)) {
        r.submit(desired);
        scheduler.runDue();
        SyncStats s = r.stats();
        assertEquals(1, s.opsRefused());
        assertEquals(6, s.opsApplied(), "3 services and 3 real servers despite the refusal in the middle");
        assertFalse(s.inSync());
        assertEquals(1, s.lastRefusals().size());
        String refusal = s.lastRefusals().get(0);
        assertTrue(refusal.startsWith("add-dest tcp/192.0.2.51:80 -> 198.51.100.127:80 w=1 NAT: kernel refused: invalid argument"),
            refusal);
        assertTrue(logged.list.stream().anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN
            && e.getFormattedMessage().contains("refused add-dest tcp/192.0.2.51:80 -> 198.51.100.127:80")
            && e.getFormattedMessage().contains("errno 22")), "logged with the kernel's reason: " + logged.list);
        assertTable("""
            TCP 192.0.2.50:80 rr
              -> 198.51.100.11:80 Masq 1 0 0
            TCP 192.0.2.51:80 rr
              -> 198.51.100.12:80 Masq 1 0 0
            TCP 192.0.2.52:80 rr
              -> 198.51.100.13:80 Masq 1 0 0
            """);

        assertEquals(100_000_000L, scheduler.nextDueNanos(), "retry after the first back-off");
        scheduler.advance(Duration.ofMillis(100));
        assertEquals(2, r.stats().opsRefused(), "the retry sends only what is missing, refused again");
        assertEquals(6, r.stats().opsApplied());
        assertEquals(2, r.stats().retriesScheduled());

        Ip.batch(null, """
            addr del 198.51.100.1/25 dev ipv-d0
            addr add 198.51.100.1/24 dev ipv-d0
            """); // 198.51.100.127 is an ordinary address again
        scheduler.advance(Duration.ofMillis(200));
        assertTrue(r.stats().inSync(), r.stats().toString());
        assertEquals(7, r.stats().opsApplied());
        assertEquals(desired, engine.observe());
      }
    } finally {
      log.detachAppender(logged);
      Ip.batchIgnoringErrors(null, """
          addr del 198.51.100.1/25 dev ipv-d0
          addr add 198.51.100.1/24 dev ipv-d0
          """); // whichever step failed
    }
  }

  @Test
  void refusalsInALongBatchAreMappedToTheirOwnOperations() throws Exception {
    // 300 services x 2 real servers = 900 operations, several datagrams; every 37th service gets a
    // broadcast real server (198.51.100.255) the kernel refuses.
    List<ServiceEntry> entries = new ArrayList<>();
    List<ServiceEntry> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ServiceKey key = vip("192.0.2.60", 2000 + i, Protocol.UDP);
      DestSpec good = nat("198.51.100.11", 2000 + i, 1 + i % 5);
      DestSpec second = i % 37 == 5 ? nat("198.51.100.255", 2000 + i, 1) : nat("198.51.100.12", 2000 + i, 2);
      entries.add(entry(key, SchedulingMethod.WLC, good, second));
      expected.add(i % 37 == 5 ? entry(key, SchedulingMethod.WLC, good) : entry(key, SchedulingMethod.WLC, good, second));
    }
    List<SyncOp> ops = TableDiff.diff(ForwardingTable.of(entries), ForwardingTable.EMPTY, Set.of());
    ApplyResult result = engine.apply(ops);
    List<SyncOp> refusedOps = result.refused().stream().map(ApplyResult.Refusal::op).toList();
    List<SyncOp> wantRefused = ops.stream()
        .filter(op -> op instanceof SyncOp.AddDest d && d.dest().address().address().getHostAddress().equals("198.51.100.255"))
        .toList();
    assertEquals(8, wantRefused.size());
    assertEquals(wantRefused, refusedOps);
    assertTrue(result.refused().stream().allMatch(r -> r.reason().startsWith("kernel refused: invalid argument")),
        result.refused().toString());
    assertEquals(ops.size() - 8, result.applied().size());
    assertEquals(ForwardingTable.of(expected), engine.observe());
  }

  @Test
  void syncDaemonStartsAndStopsAsMasterAndBackup() throws Exception {
    try {
      syncDaemonStartsAndStops();
    } finally {
      Ipvsadm.runQuietly("--stop-daemon", "master");
      Ipvsadm.runQuietly("--stop-daemon", "backup");
    }
  }

  private void syncDaemonStartsAndStops() throws Exception {
    assertEquals(List.of(), engine.syncDaemons());
    engine.startSyncDaemon(true, LINK, 7);
    assertEquals(List.of(new IpvsCodec.SyncDaemon(true, LINK, 7)), engine.syncDaemons());
    assertEquals(List.of("master sync daemon (mcast=" + LINK + ", syncid=7, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)"),
        Ipvsadm.daemons());

    engine.startSyncDaemon(false, LINK, 7);
    assertEquals(Set.of(new IpvsCodec.SyncDaemon(true, LINK, 7), new IpvsCodec.SyncDaemon(false, LINK, 7)),
        Set.copyOf(engine.syncDaemons()));
    assertEquals(List.of("master sync daemon (mcast=" + LINK + ", syncid=7, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)",
        "backup sync daemon (mcast=" + LINK + ", syncid=7, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)"),
        Ipvsadm.daemons());

    engine.stopSyncDaemon(true);
    assertEquals(List.of(new IpvsCodec.SyncDaemon(false, LINK, 7)), engine.syncDaemons());
    assertEquals(List.of("backup sync daemon (mcast=" + LINK + ", syncid=7, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)"),
        Ipvsadm.daemons());
    engine.stopSyncDaemon(false);
    assertEquals(List.of(), engine.syncDaemons());
    assertEquals(List.of(), Ipvsadm.daemons());
  }

  @Test
  void destStatsListEveryRealServerWithItsCounters() throws Exception {
    ForwardingTable table = ForwardingTable.of(List.of(entry(TCP, SchedulingMethod.WRR,
        nat("198.51.100.11", 80, 3), dest("198.51.100.12", 80, 1, ForwardingMethod.DIRECT_ROUTE))));
    sync(table);
    List<IpvsCodec.ParsedDest> stats = engine.destStats(TCP);
    assertEquals(List.copyOf(table.get(TCP).dests().values()), stats.stream().map(IpvsCodec.ParsedDest::dest).sorted(
        java.util.Comparator.comparing(DestSpec::address)).toList());
    for (IpvsCodec.ParsedDest d : stats) {
      assertEquals(IpvsCodec.IpvsStats.ZERO, d.stats(), "no traffic yet: " + d);
      assertEquals(0, d.activeConnections() + d.inactiveConnections() + d.persistentConnections());
    }
  }
}
