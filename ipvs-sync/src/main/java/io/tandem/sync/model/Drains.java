package io.tandem.sync.model;

import java.net.InetAddress;
import java.util.Set;

/**
 * Real servers an operator is draining: they stay in the table at weight 0, so established
 * connections finish but no new ones arrive. A host drains every real server on that address.
 */
public record Drains(Set<InetAddress> hosts, Set<RealServerRef> servers) {
  public static final Drains NONE = new Drains(Set.of(), Set.of());

  public Drains {
    hosts = Set.copyOf(hosts);
    servers = Set.copyOf(servers);
  }

  public boolean drained(RealServerRef ref) {
    return hosts.contains(ref.server().address()) || servers.contains(ref);
  }
}
