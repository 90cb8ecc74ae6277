package io.tandem.sync.ipvs;

import static io.tandem.sync.reconcile.Tables.rsConfig;

import io.tandem.sync.model.AddressFamily;
import io.tandem.sync.model.Addresses;
import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.Drains;
import io.tandem.sync.model.ForwardingMethod;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.FwmarkServiceKey;
import io.tandem.sync.model.HealthSnapshot;
import io.tandem.sync.model.Persistence;
import io.tandem.sync.model.Protocol;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.RealServerConfig;
import io.tandem.sync.model.RealServerHealth;
import io.tandem.sync.model.RealServerRef;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.VipServiceKey;
import io.tandem.sync.model.VirtualServiceConfig;
import io.tandem.sync.reconcile.DesiredTables;
import io.tandem.sync.reconcile.Reconciler;
import io.tandem.sync.reconcile.RetryPolicy;
import io.tandem.testkit.FakeScheduler;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs inside user-mode Linux (started by {@link IpvsEngineIT}'s init script): drives the real
 * IPVS through {@link IpvsEngine} and the {@link Reconciler}, and writes what it saw to a report
 * file that the IT checks on the host together with {@code ipvsadm -Ln}.
 */
public final class IpvsUmlMain {
  static final ServiceKey WEB = new VipServiceKey(Addresses.parse("192.0.2.10"), 80, Protocol.TCP);
  static final ServiceKey DNS = new VipServiceKey(Addresses.parse("192.0.2.10"), 53, Protocol.UDP);
  static final ServiceKey MARK = new FwmarkServiceKey(7, AddressFamily.INET);

  static List<VirtualServiceConfig> config() {
    return List.of(
        VirtualServiceConfig.simple(WEB, SchedulingMethod.WRR, List.of(rsConfig("198.51.100.11", 8080, 3),
            rsConfig("198.51.100.12", 8080, 1), new RealServerConfig(RealServerAddress.of("198.51.100.13", 8080), 2,
                ForwardingMethod.DIRECT_ROUTE))).withInhibitOnFailure(true),
        new VirtualServiceConfig(DNS, SchedulingMethod.SH, Persistence.of(300, 24), List.of(rsConfig("198.51.100.11", 5353, 1)),
            Optional.empty(), 1, false),
        VirtualServiceConfig.simple(MARK, SchedulingMethod.RR, List.of(new RealServerConfig(RealServerAddress.of("198.51.100.14", 0), 1,
            ForwardingMethod.TUNNEL))));
  }

  public static void main(String[] args) throws Exception {
    Path report = Path.of(args[0]);
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(report))) {
      try {
        run(out);
      } catch (Throwable t) {
        out.println("error=" + t);
        t.printStackTrace(out);
      }
    }
  }

  private static void run(PrintWriter out) throws Exception {
    FakeScheduler scheduler = new FakeScheduler();
    RetryPolicy retry = RetryPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));
    List<VirtualServiceConfig> config = config();
    try (IpvsEngine engine = new IpvsEngine(2000); Reconciler r = new Reconciler(engine, scheduler, retry)) {
      long t0 = System.nanoTime();
      r.submit(DesiredTables.build(config, HealthSnapshot.ALL_UNKNOWN, Drains.NONE));
      scheduler.runDue();
      out.println("initial-ops=" + r.stats().opsApplied() + " refused=" + r.stats().opsRefused() + " ms="
          + (System.nanoTime() - t0) / 1_000_000);
      // 198.51.100.12 fails (inhibit: weight 0), 198.51.100.11 gets a dynamic weight of 5.
      HealthSnapshot h = HealthSnapshot.of(Map.of(
          new RealServerRef(WEB, RealServerAddress.of("198.51.100.12", 8080)), RealServerHealth.DOWN,
          new RealServerRef(WEB, RealServerAddress.of("198.51.100.11", 8080)), RealServerHealth.upWithWeight(5)));
      long before = r.stats().opsApplied();
      t0 = System.nanoTime();
      r.submit(DesiredTables.build(config, h, Drains.NONE));
      scheduler.runDue();
      out.println("change-ops=" + (r.stats().opsApplied() - before) + " us=" + (System.nanoTime() - t0) / 1000);
      ForwardingTable desired = DesiredTables.build(config, h, Drains.NONE);
      ForwardingTable seen = engine.observe();
      boolean match = true;
      for (ServiceKey k : desired.services().keySet()) {
        match &= desired.get(k).equals(seen.get(k));
      }
      out.println("observe-matches-desired=" + match);
      out.println("foreign-survives=" + seen.services().containsKey(new VipServiceKey(Addresses.parse("192.0.2.99"), 22, Protocol.TCP)));
      out.println("in-sync=" + r.stats().inSync());
      for (IpvsCodec.ParsedDest d : engine.destStats(WEB)) {
        out.println("stats " + d.dest().address() + " active=" + d.activeConnections() + " inactive=" + d.inactiveConnections());
      }
      // A refused operation: a real server of the wrong address family is caught by the model, so
      // use one the kernel rejects: a dest for a service that does not exist.
      var result = engine.apply(List.of(new io.tandem.sync.model.SyncOp.AddDest(
          new VipServiceKey(Addresses.parse("192.0.2.77"), 80, Protocol.TCP), new DestSpec(RealServerAddress.of("198.51.100.11", 80), 1,
              ForwardingMethod.NAT))));
      out.println("refusal=" + result.refused().get(0).reason());

      engine.startSyncDaemon(true, "d0", 7);
      out.println("sync-daemon=started");
    }
    // A restarted daemon adopts the table: zero operations.
    try (IpvsEngine engine = new IpvsEngine(2000); Reconciler r = new Reconciler(engine, scheduler, retry)) {
      HealthSnapshot h = HealthSnapshot.of(Map.of(
          new RealServerRef(WEB, RealServerAddress.of("198.51.100.12", 8080)), RealServerHealth.DOWN,
          new RealServerRef(WEB, RealServerAddress.of("198.51.100.11", 8080)), RealServerHealth.upWithWeight(5)));
      r.submit(DesiredTables.build(config, h, Drains.NONE));
      scheduler.runDue();
      out.println("adopt-ops=" + r.stats().opsApplied() + " in-sync=" + r.stats().inSync());
    }
    out.println("done");
  }

  private IpvsUmlMain() {}
}
