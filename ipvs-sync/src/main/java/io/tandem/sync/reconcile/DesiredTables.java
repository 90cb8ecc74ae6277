package io.tandem.sync.reconcile;

import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.Drains;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.HealthSnapshot;
import io.tandem.sync.model.RealServerConfig;
import io.tandem.sync.model.RealServerHealth;
import io.tandem.sync.model.RealServerRef;
import io.tandem.sync.model.ServiceEntry;
import io.tandem.sync.model.VirtualServiceConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The pure function from configuration, checker results and operator drains to the forwarding
 * table Tandem wants. Rules, per virtual service:
 *
 * <ul>
 *   <li>A healthy real server gets its configured weight, or the checker's dynamic weight.
 *   <li>A drained real server stays at weight 0: established connections finish, no new ones.
 *   <li>A failed real server is removed, or kept at weight 0 with inhibit-on-failure.
 *   <li>The pool is usable when some healthy server has a weight above 0 and the quorum holds
 *       (sum of healthy weights &gt;= quorum, unless the checkers override the decision).
 *   <li>When the pool is not usable and a sorry server is configured, the sorry server replaces the
 *       pool (real servers stay at weight 0 with inhibit-on-failure, else are removed). Without a
 *       sorry server the pool is left as computed, even if empty.
 * </ul>
 */
public final class DesiredTables {
  private DesiredTables() {}

  public static ForwardingTable build(List<VirtualServiceConfig> services, HealthSnapshot health, Drains drains) {
    List<ServiceEntry> entries = new ArrayList<>(services.size());
    for (VirtualServiceConfig service : services) {
      entries.add(buildService(service, health, drains));
    }
    return ForwardingTable.of(entries);
  }

  public static ServiceEntry buildService(VirtualServiceConfig service, HealthSnapshot health, Drains drains) {
    List<DestSpec> pool = new ArrayList<>(service.realServers().size());
    long healthyWeight = 0;
    boolean anyTakesNewConnections = false;
    for (RealServerConfig rs : service.realServers()) {
      RealServerRef ref = new RealServerRef(service.key(), rs.address());
      RealServerHealth h = health.health(ref);
      if (!h.up()) {
        if (service.inhibitOnFailure()) {
          pool.add(new DestSpec(rs.address(), 0, rs.method()));
        }
        continue;
      }
      int weight = drains.drained(ref) ? 0 : h.weight().orElse(rs.weight());
      pool.add(new DestSpec(rs.address(), weight, rs.method()));
      healthyWeight += weight;
      anyTakesNewConnections |= weight > 0;
    }
    boolean quorumHeld = health.quorumOverride(service.key()).orElse(healthyWeight >= service.quorum());
    boolean usable = anyTakesNewConnections && quorumHeld;
    if (usable || service.sorryServer().isEmpty()) {
      return ServiceEntry.of(service.spec(), pool);
    }
    RealServerConfig sorry = service.sorryServer().get();
    List<DestSpec> substituted = new ArrayList<>();
    substituted.add(new DestSpec(sorry.address(), sorry.weight(), sorry.method()));
    if (service.inhibitOnFailure()) {
      for (DestSpec d : pool) {
        substituted.add(d.withWeight(0));
      }
    }
    return ServiceEntry.of(service.spec(), substituted);
  }
}
