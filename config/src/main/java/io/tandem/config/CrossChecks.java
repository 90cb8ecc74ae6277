package io.tandem.config;

import com.typesafe.config.ConfigOrigin;
import io.tandem.config.model.SyncGroupConfig;
import io.tandem.config.model.VirtualServerConfig;
import io.tandem.config.model.VrrpInstanceConfig;
import io.tandem.config.model.VrrpInstanceConfig.TrackService;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Rules that need more than one block: names that refer to each other, and clashes. */
final class CrossChecks {
  private CrossChecks() {}

  /** Returns the instances with their sync group filled in. */
  static Map<String, VrrpInstanceConfig> run(Map<String, VrrpInstanceConfig> instances,
      Map<String, SyncGroupConfig> groups, Map<String, VirtualServerConfig> services,
      Map<String, ConfigOrigin> origins, Problems problems) {
    // RFC 5798 §5.2.3: a VRID identifies one virtual router per interface and address family.
    Map<String, VrrpInstanceConfig> byVrid = new HashMap<>();
    for (VrrpInstanceConfig i : instances.values()) {
      String key = i.interfaceName() + "/" + (i.isIpv6() ? "ipv6" : "ipv4") + "/" + i.vrid();
      VrrpInstanceConfig other = byVrid.putIfAbsent(key, i);
      if (other != null) {
        add(problems, i.origin(), "vrrp." + i.name() + ".vrid", "VRID " + i.vrid() + " is already used on "
            + i.interfaceName() + " (" + (i.isIpv6() ? "IPv6" : "IPv4") + ") by vrrp." + other.name()
            + " at " + other.origin());
      }
      for (TrackService t : i.track().services()) {
        if (!services.containsKey(t.name())) {
          add(problems, i.origin(), "vrrp." + i.name() + ".track.services", "no virtual service named '" + t.name() + "'"
              + Suggest.didYouMean(t.name(), services.keySet()));
        }
      }
    }

    Map<String, String> groupOf = new HashMap<>();
    for (SyncGroupConfig g : groups.values()) {
      if (g.instances().isEmpty()) {
        add(problems, g.origin(), "sync-groups." + g.name() + ".instances", "must list at least one instance");
      }
      for (String member : g.instances()) {
        if (!instances.containsKey(member)) {
          add(problems, g.origin(), "sync-groups." + g.name() + ".instances", "no vrrp instance named '" + member + "'"
              + Suggest.didYouMean(member, instances.keySet()));
          continue;
        }
        String earlier = groupOf.putIfAbsent(member, g.name());
        if (earlier != null) {
          add(problems, g.origin(), "sync-groups." + g.name() + ".instances",
              "instance '" + member + "' is already in sync group '" + earlier + "'");
        }
      }
    }

    Map<String, String> serviceKeys = new HashMap<>();
    for (VirtualServerConfig s : services.values()) {
      String key = s.fwmark().isPresent() ? "fwmark " + s.fwmark().getAsInt()
          : s.vip().map(v -> v + "/" + s.protocol()).orElse(null);
      if (key == null) {
        continue;
      }
      String other = serviceKeys.putIfAbsent(key, s.name());
      if (other != null) {
        add(problems, s.origin(), "virtual-servers." + s.name(), key.toLowerCase() + " is already served by virtual-servers." + other);
      }
    }

    Map<String, VrrpInstanceConfig> out = new LinkedHashMap<>();
    instances.forEach((name, i) -> out.put(name, new VrrpInstanceConfig(i.name(), i.origin(), i.interfaceName(),
        i.vrid(), i.version(), i.priority(), i.advertInterval(), i.preempt(), i.preemptDelay(), i.accept(),
        i.useVmac(), i.authPass(), i.virtualIps(), i.unicast(), i.garp(), i.track(), i.notifications(),
        Optional.ofNullable(groupOf.get(name)))));
    return out;
  }

  private static void add(Problems problems, io.tandem.config.model.Origin origin, String path, String message) {
    problems.add(origin.file(), origin.line(), path, message);
  }
}
