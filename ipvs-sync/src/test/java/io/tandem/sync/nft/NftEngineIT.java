package io.tandem.sync.nft;

import static io.tandem.sync.reconcile.Tables.rs;
import static io.tandem.sync.reconcile.Tables.rsConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.sync.lab.Client;
import io.tandem.sync.lab.DirectorLab;
import io.tandem.sync.lab.Stats;
import io.tandem.sync.model.Addresses;
import io.tandem.sync.model.Drains;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.HealthSnapshot;
import io.tandem.sync.model.Protocol;
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
import io.tandem.testkit.Requirements;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real TCP and UDP traffic from a client namespace through a director namespace whose nftables
 * table is written by {@link NftEngine}, driven by the {@link Reconciler} from config and health.
 */
class NftEngineIT {
  private static final String S1 = "198.51.100.11";
  private static final String S2 = "198.51.100.12";
  private static final String S3 = "198.51.100.13";
  private static final String SORRY = "198.51.100.50";
  private static final ServiceKey WEB = new VipServiceKey(Addresses.parse("203.0.113.10"), 80, Protocol.TCP);
  private static final ServiceKey DNS = new VipServiceKey(Addresses.parse("203.0.113.10"), 53, Protocol.UDP);
  private static final InetSocketAddress WEB_VIP = new InetSocketAddress("203.0.113.10", 80);
  private static final InetSocketAddress DNS_VIP = new InetSocketAddress("203.0.113.10", 53);
  private static final RetryPolicy RETRY = RetryPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));

  private static DirectorLab lab;
  private static Client client;

  @BeforeAll
  static void setUp() throws Exception {
    Requirements.requireRoot();
    Requirements.requireCommand("nft");
    lab = new DirectorLab("fsn", List.of(S1, S2, S3, SORRY));
    client = new Client(lab.client);
  }

  @AfterAll
  static void tearDown() {
    if (client != null) {
      client.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  private static NftEngine engine() {
    return new NftEngine(new ProcessNftRunner(List.of("ip", "netns", "exec", lab.director, "nft"), Duration.ofSeconds(20)));
  }

  private static VirtualServiceConfig web(SchedulingMethod sched, int w1, int w2, int w3) {
    return VirtualServiceConfig.simple(WEB, sched, List.of(
        rsConfig(S1, DirectorLab.TCP_PORT, w1), rsConfig(S2, DirectorLab.TCP_PORT, w2), rsConfig(S3, DirectorLab.TCP_PORT, w3)))
        .withSorryServer(rsConfig(SORRY, DirectorLab.TCP_PORT, 1));
  }

  private static VirtualServiceConfig dns() {
    return VirtualServiceConfig.simple(DNS, SchedulingMethod.RR, List.of(
        rsConfig(S1, DirectorLab.UDP_PORT, 1), rsConfig(S2, DirectorLab.UDP_PORT, 1), rsConfig(S3, DirectorLab.UDP_PORT, 1)));
  }

  /** Drives one reconcile pass to completion and checks it left the engine in sync. */
  private static void sync(Reconciler r, FakeScheduler s, ForwardingTable desired) {
    r.submit(desired);
    s.runDue();
    assertTrue(r.stats().inSync(), () -> "not in sync: " + r.stats());
  }

  private static RealServerRef ref(String address) {
    return new RealServerRef(WEB, rs(address, DirectorLab.TCP_PORT));
  }

  @Test
  void trafficFollowsWeightsFailuresDrainsAndTheSorryServer() throws Exception {
    FakeScheduler scheduler = new FakeScheduler();
    try (NftEngine engine = engine(); Reconciler reconciler = new Reconciler(engine, scheduler, RETRY)) {
      List<VirtualServiceConfig> config = List.of(web(SchedulingMethod.WRR, 5, 3, 2), dns());
      sync(reconciler, scheduler, DesiredTables.build(config, HealthSnapshot.ALL_UNKNOWN, Drains.NONE));

      // Weights 5:3:2 over 1,000 connections.
      Map<String, Integer> counts = client.tcpNames(WEB_VIP, 1000);
      Stats.assertWeighted(counts, Map.of(S1, 5, S2, 3, S3, 2), 1000);

      // UDP rr: every flow answered, evenly.
      Stats.assertWeighted(client.udpNames(DNS_VIP, 300), Map.of(S1, 1, S2, 1, S3, 1), 300);

      // An established connection to S2 survives S2 being drained (weight 0); new ones avoid S2.
      Client.Held held = null;
      for (int i = 0; i < 20 && (held == null || !held.server().equals(S2)); i++) {
        if (held != null) {
          held.close();
        }
        held = client.hold(WEB_VIP);
      }
      try (Client.Held toS2 = held) {
        assertEquals(S2, toS2.server());
        sync(reconciler, scheduler, DesiredTables.build(config, HealthSnapshot.ALL_UNKNOWN,
            new Drains(java.util.Set.of(), java.util.Set.of(ref(S2)))));
        Stats.assertWeighted(client.tcpNames(WEB_VIP, 300), Map.of(S1, 5, S3, 2), 300);
        assertEquals("still-here", toS2.echo("still-here"), "established connection survives the drain");
      }

      // A failed server (as the checker reports it) gets no new connections at all.
      HealthSnapshot s1Down = HealthSnapshot.of(Map.of(ref(S1), RealServerHealth.DOWN));
      sync(reconciler, scheduler, DesiredTables.build(config, s1Down, Drains.NONE));
      Stats.assertWeighted(client.tcpNames(WEB_VIP, 300), Map.of(S2, 3, S3, 2), 300);

      // Everything down: the sorry server answers.
      HealthSnapshot allDown = HealthSnapshot.of(Map.of(ref(S1), RealServerHealth.DOWN, ref(S2), RealServerHealth.DOWN,
          ref(S3), RealServerHealth.DOWN));
      sync(reconciler, scheduler, DesiredTables.build(config, allDown, Drains.NONE));
      assertEquals(Map.of(SORRY, 50), client.tcpNames(WEB_VIP, 50));

      // Back up; a restarted daemon (new engine, new reconciler) adopts the table with zero operations.
      ForwardingTable healthy = DesiredTables.build(config, HealthSnapshot.ALL_UNKNOWN, Drains.NONE);
      sync(reconciler, scheduler, healthy);
      try (Client.Held before = client.hold(WEB_VIP);
          NftEngine restarted = engine();
          Reconciler again = new Reconciler(restarted, scheduler, RETRY)) {
        assertEquals(healthy, restarted.observe(), "the table reads back exactly");
        sync(again, scheduler, healthy);
        assertEquals(0, again.stats().opsApplied(), "adopted, not rewritten");
        assertEquals("ping", before.echo("ping"));
      }
      scheduler.runDue();
      scheduler.assertNothingPending();
    }
  }

  @Test
  void sourceHashingKeepsAClientOnOneServerAndUnsupportedServicesAreRefusedAlone() throws Exception {
    FakeScheduler scheduler = new FakeScheduler();
    ServiceKey web2 = new VipServiceKey(Addresses.parse("203.0.113.11"), 80, Protocol.TCP);
    ServiceKey lc = new VipServiceKey(Addresses.parse("203.0.113.12"), 80, Protocol.TCP);
    List<VirtualServiceConfig> config = List.of(
        VirtualServiceConfig.simple(web2, SchedulingMethod.SH,
            List.of(rsConfig(S1, DirectorLab.TCP_PORT, 1), rsConfig(S2, DirectorLab.TCP_PORT, 1))),
        VirtualServiceConfig.simple(lc, SchedulingMethod.LC, List.of(rsConfig(S3, DirectorLab.TCP_PORT, 1))));
    try (NftEngine engine = engine(); Reconciler reconciler = new Reconciler(engine, scheduler, RETRY)) {
      reconciler.submit(DesiredTables.build(config, HealthSnapshot.ALL_UNKNOWN, Drains.NONE));
      scheduler.runDue();
      assertEquals(1, reconciler.stats().consecutiveFailures());
      assertTrue(reconciler.stats().lastRefusals().get(0).contains("scheduler lc is not available"),
          reconciler.stats().lastRefusals().toString());
      Map<String, Integer> counts = client.tcpNames(new InetSocketAddress("203.0.113.11", 80), 100);
      assertEquals(1, counts.size(), "one client address always hashes to one server: " + counts);
      assertTrue(counts.containsKey(S1) || counts.containsKey(S2), counts.toString());
      // Drop the unsupported service from the config: the reconciler gets back in sync.
      reconciler.submit(DesiredTables.build(config.subList(0, 1), HealthSnapshot.ALL_UNKNOWN, Drains.NONE));
      scheduler.runDue();
      assertTrue(reconciler.stats().inSync());
      // Clean the shared director table for the other test.
      reconciler.submit(ForwardingTable.EMPTY);
      scheduler.runDue();
      assertEquals(ForwardingTable.EMPTY, engine.observe(), "a desired table without services empties Tandem's table");
    }
    scheduler.runDue();
    scheduler.assertNothingPending();
  }
}
