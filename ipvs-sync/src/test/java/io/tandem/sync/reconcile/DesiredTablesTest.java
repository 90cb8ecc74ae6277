package io.tandem.sync.reconcile;

import static io.tandem.sync.reconcile.Tables.nat;
import static io.tandem.sync.reconcile.Tables.rs;
import static io.tandem.sync.reconcile.Tables.rsConfig;
import static io.tandem.sync.reconcile.Tables.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.Drains;
import io.tandem.sync.model.HealthSnapshot;
import io.tandem.sync.model.RealServerHealth;
import io.tandem.sync.model.RealServerRef;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.VirtualServiceConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DesiredTablesTest {
  private static final ServiceKey WEB = tcp("192.0.2.10", 80);
  private static final RealServerRef A = new RealServerRef(WEB, rs("198.51.100.1", 80));
  private static final RealServerRef B = new RealServerRef(WEB, rs("198.51.100.2", 80));
  private static final VirtualServiceConfig CONFIG = VirtualServiceConfig.simple(WEB, SchedulingMethod.WRR,
      List.of(rsConfig("198.51.100.1", 80, 3), rsConfig("198.51.100.2", 80, 1)));
  private static final io.tandem.sync.model.RealServerConfig SORRY = rsConfig("203.0.113.50", 80, 1);

  private static List<DestSpec> dests(VirtualServiceConfig config, HealthSnapshot health, Drains drains) {
    return List.copyOf(DesiredTables.build(List.of(config), health, drains).get(WEB).dests().values());
  }

  @Test
  void healthyServersKeepTheirConfiguredWeightAndUncheckedCountAsUp() {
    assertEquals(List.of(nat("198.51.100.1", 80, 3), nat("198.51.100.2", 80, 1)),
        dests(CONFIG, HealthSnapshot.ALL_UNKNOWN, Drains.NONE));
  }

  @Test
  void failedServerIsRemovedOrKeptAtWeightZeroWithInhibit() {
    HealthSnapshot bDown = HealthSnapshot.of(Map.of(B, RealServerHealth.DOWN));
    assertEquals(List.of(nat("198.51.100.1", 80, 3)), dests(CONFIG, bDown, Drains.NONE));
    assertEquals(List.of(nat("198.51.100.1", 80, 3), nat("198.51.100.2", 80, 0)),
        dests(CONFIG.withInhibitOnFailure(true), bDown, Drains.NONE));
  }

  @Test
  void dynamicWeightFromCheckerReplacesConfiguredWeight() {
    HealthSnapshot h = HealthSnapshot.of(Map.of(A, RealServerHealth.upWithWeight(10)));
    assertEquals(List.of(nat("198.51.100.1", 80, 10), nat("198.51.100.2", 80, 1)), dests(CONFIG, h, Drains.NONE));
  }

  @Test
  void drainedServerStaysAtWeightZero() {
    Drains drainA = new Drains(Set.of(A.server().address()), Set.of());
    assertEquals(List.of(nat("198.51.100.1", 80, 0), nat("198.51.100.2", 80, 1)),
        dests(CONFIG, HealthSnapshot.ALL_UNKNOWN, drainA));
    assertEquals(List.of(nat("198.51.100.1", 80, 3), nat("198.51.100.2", 80, 0)),
        dests(CONFIG, HealthSnapshot.ALL_UNKNOWN, new Drains(Set.of(), Set.of(B))));
  }

  @Test
  void sorryServerReplacesThePoolWhenAllAreDown() {
    HealthSnapshot allDown = HealthSnapshot.of(Map.of(A, RealServerHealth.DOWN, B, RealServerHealth.DOWN));
    assertEquals(List.of(nat("203.0.113.50", 80, 1)), dests(CONFIG.withSorryServer(SORRY), allDown, Drains.NONE));
    assertEquals(List.of(nat("198.51.100.1", 80, 0), nat("198.51.100.2", 80, 0), nat("203.0.113.50", 80, 1)),
        dests(CONFIG.withSorryServer(SORRY).withInhibitOnFailure(true), allDown, Drains.NONE));
    assertEquals(List.of(), dests(CONFIG, allDown, Drains.NONE), "no sorry server: empty pool");
  }

  @Test
  void sorryServerReplacesThePoolWhenQuorumIsLost() {
    VirtualServiceConfig quorum4 = CONFIG.withSorryServer(SORRY).withQuorum(4);
    assertEquals(List.of(nat("198.51.100.1", 80, 3), nat("198.51.100.2", 80, 1)),
        dests(quorum4, HealthSnapshot.ALL_UNKNOWN, Drains.NONE), "3 + 1 meets quorum 4");
    HealthSnapshot bDown = HealthSnapshot.of(Map.of(B, RealServerHealth.DOWN));
    assertEquals(List.of(nat("203.0.113.50", 80, 1)), dests(quorum4, bDown, Drains.NONE), "3 < quorum 4");
    HealthSnapshot overridden = new HealthSnapshot(Map.of(B, RealServerHealth.DOWN), Map.of(WEB, true));
    assertEquals(List.of(nat("198.51.100.1", 80, 3)), dests(quorum4, overridden, Drains.NONE), "checker's quorum decision wins");
  }

  @Test
  void sorryServerTakesOverWhenEveryHealthyServerIsDrained() {
    Drains all = new Drains(Set.of(A.server().address(), B.server().address()), Set.of());
    assertEquals(List.of(nat("203.0.113.50", 80, 1)), dests(CONFIG.withSorryServer(SORRY), HealthSnapshot.ALL_UNKNOWN, all));
  }

  @Test
  void misconfigurationsAreRejectedWithTheServiceNamed() {
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> VirtualServiceConfig.simple(WEB,
        SchedulingMethod.RR, List.of(rsConfig("198.51.100.1", 80, 1), rsConfig("198.51.100.1", 80, 2))));
    assertEquals("tcp/192.0.2.10:80: real server 198.51.100.1:80 listed twice", dup.getMessage());
    IllegalArgumentException sorry = assertThrows(IllegalArgumentException.class,
        () -> CONFIG.withSorryServer(rsConfig("198.51.100.1", 80, 1)));
    assertEquals("tcp/192.0.2.10:80: sorry server 198.51.100.1:80 is also a real server", sorry.getMessage());
    assertThrows(IllegalArgumentException.class, () -> VirtualServiceConfig.simple(WEB, SchedulingMethod.RR,
        List.of(rsConfig("2001:db8::1", 80, 1))));
    assertThrows(IllegalArgumentException.class, () -> rsConfig("198.51.100.1", 80, 70000));
    assertThrows(IllegalArgumentException.class, () -> io.tandem.sync.model.Addresses.parse("example.com"));
  }
}
