package io.tandem.daemon.control;

import java.util.List;

/** {@code tandem status}: everything an operator asks first, as one snapshot. */
public record StatusView(String node, String version, long uptimeSeconds, List<InstanceView> instances,
    List<ServiceView> services) {

  /** A VRRP instance: its state, and why its priority is what it is. */
  public record InstanceView(String name, String interfaceName, int vrid, String state, int basePriority,
      int effectivePriority, List<String> priorityReasons, String masterAddress, String lastTransition,
      String lastReason, long lastTransitionEpochMillis, List<String> virtualIps) {}

  public record ServiceView(String name, String address, String engine, String scheduler, boolean quorumUp,
      boolean sorryActive, List<ServerView> servers) {}

  /** A real server: health from its check, the weight in force and the one configured. */
  public record ServerView(String address, boolean up, boolean drained, int weight, int configuredWeight,
      String lastResult, double lastLatencyMillis) {}
}
