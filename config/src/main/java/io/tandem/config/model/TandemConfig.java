package io.tandem.config.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A whole, valid configuration: global settings plus every router, group and service by name. */
public record TandemConfig(
    GlobalSettings global,
    Map<String, VrrpInstanceConfig> vrrpInstances,
    Map<String, SyncGroupConfig> syncGroups,
    Map<String, VirtualServerConfig> virtualServers,
    List<Path> files) {

  public TandemConfig {
    vrrpInstances = Map.copyOf(vrrpInstances);
    syncGroups = Map.copyOf(syncGroups);
    virtualServers = Map.copyOf(virtualServers);
    files = List.copyOf(files);
  }
}
