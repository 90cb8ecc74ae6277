package io.tandem.sync.ipvs;

import static io.tandem.sync.reconcile.Tables.rsConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.sync.lab.Client;
import io.tandem.sync.lab.NameServer;
import io.tandem.sync.lab.Stats;
import io.tandem.sync.model.Addresses;
import io.tandem.sync.model.Drains;
import io.tandem.sync.model.HealthSnapshot;
import io.tandem.sync.model.Protocol;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.RealServerHealth;
import io.tandem.sync.model.RealServerRef;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.SyncOp;
import io.tandem.sync.model.VipServiceKey;
import io.tandem.sync.model.VirtualServiceConfig;
import io.tandem.sync.reconcile.DesiredTables;
import io.tandem.sync.reconcile.Reconciler;
import io.tandem.sync.reconcile.RetryPolicy;
import io.tandem.sync.uml.InsideUml;
import io.tandem.testkit.FakeScheduler;
import io.tandem.testkit.Sh;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Real client traffic through IPVS in NAT mode, programmed by {@link IpvsEngine} through the
 * {@link Reconciler}: client namespace {@code ipv-client} (192.0.2.2) → this kernel as the director
 * (VIP 203.0.113.10 on lo) → real servers in {@code ipv-rs1} / {@code ipv-rs2} (198.51.100.11/.12 on
 * the bridge {@code ipv-br}, default route back through the director). Runs only inside user-mode
 * Linux (see {@link IpvsEngineIT}), whose /run is its own, so the namespaces never reach the host.
 */
@EnabledIfSystemProperty(named = InsideUml.PROPERTY, matches = "true")
@Timeout(180)
class IpvsNatTrafficKernelChecks {
  private static final String CLIENT = "ipv-client";
  private static final List<String> SERVER_NS = List.of("ipv-rs1", "ipv-rs2");
  private static final List<String> SERVERS = List.of("198.51.100.11", "198.51.100.12");
  private static final ServiceKey WEB = new VipServiceKey(Addresses.parse("203.0.113.10"), 80, Protocol.TCP);
  private static final InetSocketAddress VIP = new InetSocketAddress("203.0.113.10", 80);
  private static final int PORT = 8080;

  private static final List<NameServer> nameServers = new ArrayList<>();

  @BeforeAll
  static void lab() throws Exception {
    teardown(); // keep set-up idempotent
    Ip.batch(null, """
        netns add ipv-client
        netns add ipv-rs1
        netns add ipv-rs2
        link add ipv-c type veth peer name eth0 netns ipv-client
        addr add 192.0.2.1/24 dev ipv-c
        link set ipv-c up
        link add ipv-br type bridge
        addr add 198.51.100.1/24 dev ipv-br
        link set ipv-br up
        link add ipv-r1 type veth peer name eth0 netns ipv-rs1
        link set ipv-r1 master ipv-br
        link set ipv-r1 up
        link add ipv-r2 type veth peer name eth0 netns ipv-rs2
        link set ipv-r2 master ipv-br
        link set ipv-r2 up
        addr add 203.0.113.10/32 dev lo
        """); // the VIP is local: IPVS works on LOCAL_IN
    Ip.batch(CLIENT, """
        link set lo up
        addr add 192.0.2.2/24 dev eth0
        link set eth0 up
        route add 203.0.113.0/24 via 192.0.2.1
        """);
    for (int i = 0; i < SERVERS.size(); i++) {
      Ip.batch(SERVER_NS.get(i), """
          link set lo up
          addr add %s/24 dev eth0
          link set eth0 up
          route add default via 198.51.100.1
          """.formatted(SERVERS.get(i)));
    }
    Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1\n"); // NAT replies pass through
    for (int i = 0; i < SERVERS.size(); i++) {
      nameServers.add(new NameServer(SERVER_NS.get(i), SERVERS.get(i), InetAddress.getByName(SERVERS.get(i)), PORT, 5353));
    }
    Ipvsadm.reset();
  }

  @AfterAll
  static void teardown() {
    nameServers.forEach(NameServer::close);
    nameServers.clear();
    Ipvsadm.reset();
    Ip.batchIgnoringErrors(null, """
        addr del 203.0.113.10/32 dev lo
        link del ipv-c
        link del ipv-r1
        link del ipv-r2
        link del ipv-br
        netns del ipv-client
        netns del ipv-rs1
        netns del ipv-rs2
        """);
  }

  private static HealthSnapshot down(String server) {
    return HealthSnapshot.of(Map.of(new RealServerRef(WEB, RealServerAddress.of(server, PORT)), RealServerHealth.DOWN));
  }

  @Test
  void removedRealServerIsNeverReachedAgainAndCountersMatchIpvsadm() throws Exception {
    FakeScheduler scheduler = new FakeScheduler();
    List<VirtualServiceConfig> config = List.of(VirtualServiceConfig.simple(WEB, SchedulingMethod.RR,
        List.of(rsConfig(SERVERS.get(0), PORT, 1), rsConfig(SERVERS.get(1), PORT, 1))));
    try (IpvsEngine engine = new IpvsEngine(2000);
        Reconciler sync = new Reconciler(engine, scheduler, RetryPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)));
        Client client = new Client(CLIENT)) {
      sync.submit(DesiredTables.build(config, HealthSnapshot.ALL_UNKNOWN, Drains.NONE));
      scheduler.runDue();
      assertEquals(3, sync.stats().opsApplied());

      Map<String, Integer> both = client.tcpNames(VIP, 100);
      assertEquals(Map.of(SERVERS.get(0), 50, SERVERS.get(1), 50), both, "rr alternates between the two");
      assertCountersMatchIpvsadm(engine, 100);

      // 198.51.100.12 fails its check: one operation, and no new connection reaches it.
      long before = sync.stats().opsApplied();
      sync.submit(DesiredTables.build(config, down(SERVERS.get(1)), Drains.NONE), Set.of(WEB));
      scheduler.runDue();
      assertEquals(1, sync.stats().opsApplied() - before);
      List<String> left = Ipvsadm.table().get("TCP 203.0.113.10:80 rr");
      assertEquals(1, left.size(), left.toString());
      assertTrue(left.get(0).startsWith("-> 198.51.100.11:8080 Masq 1 "), left.toString());
      Map<String, Integer> one = client.tcpNames(VIP, 100);
      assertEquals(Map.of(SERVERS.get(0), 100), one, "the removed server never answers");

      // It comes back, and the service turns weighted 3:1: 200 connections split by weight.
      List<VirtualServiceConfig> weighted = List.of(VirtualServiceConfig.simple(WEB, SchedulingMethod.WRR,
          List.of(rsConfig(SERVERS.get(0), PORT, 3), rsConfig(SERVERS.get(1), PORT, 1))));
      before = sync.stats().opsApplied();
      sync.submit(DesiredTables.build(weighted, HealthSnapshot.ALL_UNKNOWN, Drains.NONE), Set.of(WEB));
      scheduler.runDue();
      assertEquals(3, sync.stats().opsApplied() - before, "edit-service, edit-dest, add-dest");
      Map<String, Integer> split = client.tcpNames(VIP, 200);
      Stats.assertWeighted(split, Map.of(SERVERS.get(0), 3, SERVERS.get(1), 1), 200);
      assertTrue(sync.stats().inSync());
    }
    scheduler.runDue(); // the reconciler's close() hands its clean-up to the scheduler
    scheduler.assertNothingPending();
  }

  /** "ActiveConn InActConn" per real server as the engine reads them. */
  private static Map<String, String> activeInactive(IpvsEngine engine) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (IpvsCodec.ParsedDest d : engine.destStats(WEB)) {
      out.put(d.dest().address().address().getHostAddress(), d.activeConnections() + " " + d.inactiveConnections());
    }
    return out;
  }

  /**
   * The kernel folds its per-CPU counters into the exported ones every 2 s (the IPVS estimator), so
   * wait for all {@code connections} to show, then compare every counter with
   * {@code ipvsadm -Ln --stats --exact} and the live connection counts with {@code ipvsadm -Ln}.
   */
  private static void assertCountersMatchIpvsadm(IpvsEngine engine, long connections) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    List<IpvsCodec.ParsedDest> stats;
    while (true) {
      stats = engine.destStats(WEB);
      long sum = stats.stream().mapToLong(d -> d.stats().connections()).sum();
      if (sum == connections) {
        break;
      }
      assertTrue(System.nanoTime() < deadline, "counters never reached " + connections + " connections: " + stats);
      Thread.sleep(250);
    }
    Map<String, List<String>> ipvsadm = Ipvsadm.table("--stats", "--exact");
    assertEquals(1, ipvsadm.size(), ipvsadm.toString());
    assertTrue(ipvsadm.keySet().iterator().next().startsWith("TCP 203.0.113.10:80 " + connections + " "), ipvsadm.toString());
    List<String> fromIpvsadm = ipvsadm.values().iterator().next();
    List<String> fromEngine = new ArrayList<>();
    for (IpvsCodec.ParsedDest d : stats) {
      IpvsCodec.IpvsStats s = d.stats();
      assertTrue(s.inPackets() >= 3 * s.connections() && s.outPackets() >= 2 * s.connections() && s.inBytes() > 0
          && s.outBytes() > 0, "a TCP connection has packets both ways: " + d);
      fromEngine.add("-> " + d.dest().address().address().getHostAddress() + ":" + d.dest().address().port() + " "
          + s.connections() + " " + s.inPackets() + " " + s.outPackets() + " " + s.inBytes() + " " + s.outBytes());
    }
    fromEngine.sort(null);
    assertEquals(fromEngine, fromIpvsadm, "per real server: Conns InPkts OutPkts InBytes OutBytes");

    Map<String, List<String>> live = Ipvsadm.table();
    List<String> liveFromEngine = new ArrayList<>();
    activeInactive(engine).forEach((server, counts) -> liveFromEngine.add("-> " + server + ":" + PORT + " Masq 1 " + counts));
    assertEquals(liveFromEngine, live.get("TCP 203.0.113.10:80 rr"), "ActiveConn InActConn");
  }
}
