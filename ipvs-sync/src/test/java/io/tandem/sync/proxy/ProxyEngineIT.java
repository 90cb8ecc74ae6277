package io.tandem.sync.proxy;

import static io.tandem.sync.reconcile.Tables.rs;
import static io.tandem.sync.reconcile.Tables.rsConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.sync.lab.Client;
import io.tandem.sync.lab.NameServer;
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
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real TCP and UDP traffic through the user-space proxy on loopback (127.0.0.0/8 is all local on
 * Linux, so each real server gets its own address), driven by the {@link Reconciler}.
 */
class ProxyEngineIT {
  private static final String VIP = "127.0.0.10";
  private static final String S1 = "127.0.0.11";
  private static final String S2 = "127.0.0.12";
  private static final String S3 = "127.0.0.13";
  private static final String SORRY = "127.0.0.50";
  private static final RetryPolicy RETRY = RetryPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));

  private static int tcpPort;
  private static int udpPort;
  private static int backendTcpPort;
  private static int backendUdpPort;
  private static final List<NameServer> servers = new ArrayList<>();
  private static Client client;

  @BeforeAll
  static void setUp() throws Exception {
    tcpPort = freeTcpPort(VIP);
    udpPort = freeUdpPort(VIP);
    backendTcpPort = freeTcpPort(S1);
    backendUdpPort = freeUdpPort(S1);
    for (String s : List.of(S1, S2, S3, SORRY)) {
      servers.add(new NameServer(null, s, InetAddress.getByName(s), backendTcpPort, backendUdpPort));
    }
    client = new Client(null);
  }

  @AfterAll
  static void tearDown() {
    servers.forEach(NameServer::close);
    if (client != null) {
      client.close();
    }
  }

  private static int freeTcpPort(String host) throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    }
  }

  private static int freeUdpPort(String host) throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(host, 0))) {
      return s.getLocalPort();
    }
  }

  private static ServiceKey web() {
    return new VipServiceKey(Addresses.parse(VIP), tcpPort, Protocol.TCP);
  }

  private static ServiceKey dns() {
    return new VipServiceKey(Addresses.parse(VIP), udpPort, Protocol.UDP);
  }

  private static List<VirtualServiceConfig> config(SchedulingMethod webScheduler) {
    return List.of(
        VirtualServiceConfig.simple(web(), webScheduler, List.of(rsConfig(S1, backendTcpPort, 5),
            rsConfig(S2, backendTcpPort, 3), rsConfig(S3, backendTcpPort, 2))).withSorryServer(rsConfig(SORRY, backendTcpPort, 1)),
        VirtualServiceConfig.simple(dns(), SchedulingMethod.RR, List.of(rsConfig(S1, backendUdpPort, 1),
            rsConfig(S2, backendUdpPort, 1), rsConfig(S3, backendUdpPort, 1))));
  }

  private static RealServerRef ref(String address) {
    return new RealServerRef(web(), rs(address, backendTcpPort));
  }

  private static void sync(Reconciler r, FakeScheduler s, ForwardingTable desired) {
    r.submit(desired);
    s.runDue();
    assertTrue(r.stats().inSync(), () -> "not in sync: " + r.stats());
  }

  @Test
  void trafficFollowsWeightsFailuresDrainsAndTheSorryServer() throws Exception {
    FakeScheduler scheduler = new FakeScheduler();
    InetSocketAddress webVip = new InetSocketAddress(VIP, tcpPort);
    try (ProxyEngine engine = new ProxyEngine(); Reconciler reconciler = new Reconciler(engine, scheduler, RETRY)) {
      List<VirtualServiceConfig> config = config(SchedulingMethod.WRR);
      sync(reconciler, scheduler, DesiredTables.build(config, HealthSnapshot.ALL_UNKNOWN, Drains.NONE));

      Stats.assertWeighted(client.tcpNames(webVip, 1000), Map.of(S1, 5, S2, 3, S3, 2), 1000);
      Stats.assertWeighted(client.udpNames(new InetSocketAddress(VIP, udpPort), 300), Map.of(S1, 1, S2, 1, S3, 1), 300);

      Client.Held held = null;
      for (int i = 0; i < 20 && (held == null || !held.server().equals(S2)); i++) {
        if (held != null) {
          held.close();
        }
        held = client.hold(webVip);
      }
      try (Client.Held toS2 = held) {
        assertEquals(S2, toS2.server());
        sync(reconciler, scheduler, DesiredTables.build(config, HealthSnapshot.ALL_UNKNOWN,
            new Drains(Set.of(), Set.of(ref(S2)))));
        Stats.assertWeighted(client.tcpNames(webVip, 300), Map.of(S1, 5, S3, 2), 300);
        assertEquals("still-here", toS2.echo("still-here"), "established connection survives the drain");
        // Removed outright (failed, no inhibit): the established connection is still kept.
        sync(reconciler, scheduler, DesiredTables.build(config,
            HealthSnapshot.of(Map.of(ref(S2), RealServerHealth.DOWN)), Drains.NONE));
        assertEquals("still-here-2", toS2.echo("still-here-2"));
      }

      HealthSnapshot s1Down = HealthSnapshot.of(Map.of(ref(S1), RealServerHealth.DOWN));
      sync(reconciler, scheduler, DesiredTables.build(config, s1Down, Drains.NONE));
      Stats.assertWeighted(client.tcpNames(webVip, 300), Map.of(S2, 3, S3, 2), 300);

      HealthSnapshot allDown = HealthSnapshot.of(Map.of(ref(S1), RealServerHealth.DOWN, ref(S2), RealServerHealth.DOWN,
          ref(S3), RealServerHealth.DOWN));
      sync(reconciler, scheduler, DesiredTables.build(config, allDown, Drains.NONE));
      assertEquals(Map.of(SORRY, 50), client.tcpNames(webVip, 50));
    }
    scheduler.runDue();
    scheduler.assertNothingPending();
  }

  @Test
  void leastConnectionsAvoidsTheBusyServerAndSourceHashIsSticky() throws Exception {
    FakeScheduler scheduler = new FakeScheduler();
    InetSocketAddress webVip = new InetSocketAddress(VIP, tcpPort);
    try (ProxyEngine engine = new ProxyEngine(); Reconciler reconciler = new Reconciler(engine, scheduler, RETRY)) {
      List<VirtualServiceConfig> lc = List.of(VirtualServiceConfig.simple(web(), SchedulingMethod.LC,
          List.of(rsConfig(S1, backendTcpPort, 1), rsConfig(S2, backendTcpPort, 1))));
      sync(reconciler, scheduler, DesiredTables.build(lc, HealthSnapshot.ALL_UNKNOWN, Drains.NONE));
      try (Client.Held first = client.hold(webVip); Client.Held second = client.hold(webVip)) {
        assertTrue(!first.server().equals(second.server()), "the second connection goes to the idle server");
        try (Client.Held third = client.hold(webVip); Client.Held fourth = client.hold(webVip)) {
          assertTrue(!third.server().equals(fourth.server()), "two each");
        }
      }
      List<VirtualServiceConfig> sh = List.of(VirtualServiceConfig.simple(web(), SchedulingMethod.SH,
          List.of(rsConfig(S1, backendTcpPort, 1), rsConfig(S2, backendTcpPort, 1), rsConfig(S3, backendTcpPort, 1))));
      sync(reconciler, scheduler, DesiredTables.build(sh, HealthSnapshot.ALL_UNKNOWN, Drains.NONE));
      assertEquals(1, client.tcpNames(webVip, 50).size(), "one client address, one server");

      // Unsupported: refused with the reason, counted, retried; the engine keeps serving the rest.
      List<VirtualServiceConfig> bad = List.of(VirtualServiceConfig.simple(web(), SchedulingMethod.LBLC,
          List.of(rsConfig(S1, backendTcpPort, 1))));
      reconciler.submit(DesiredTables.build(bad, HealthSnapshot.ALL_UNKNOWN, Drains.NONE));
      scheduler.runDue();
      assertEquals(1, reconciler.stats().consecutiveFailures());
      assertTrue(reconciler.stats().lastRefusals().get(0).contains("scheduler lblc is not available in the user-space proxy"));
      reconciler.submit(ForwardingTable.EMPTY);
      scheduler.runDue();
      assertTrue(reconciler.stats().inSync());
      assertEquals(ForwardingTable.EMPTY, engine.observe());
    }
    scheduler.runDue();
    scheduler.assertNothingPending();
  }
}
