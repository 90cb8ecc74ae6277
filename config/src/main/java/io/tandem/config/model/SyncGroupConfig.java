package io.tandem.config.model;

import java.util.List;

/** Instances that change state together ({@code sync-groups.NAME}), as keepalived's vrrp_sync_group. */
public record SyncGroupConfig(String name, Origin origin, List<String> instances, VrrpInstanceConfig.VrrpNotify notifications) {
  public SyncGroupConfig {
    instances = List.copyOf(instances);
  }
}
