package io.tandem.notify.plan;

import io.tandem.notify.event.VirtualServiceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything notify needs to know, immutable. The daemon maps its validated config onto this.
 *
 * @param nodeName this director's name, reported in webhooks and {@code TANDEM_NODE}
 * @param instances hooks per VRRP instance name
 * @param groups hooks per sync group name
 * @param virtualServices quorum up/down hooks per virtual service
 * @param realServers up/down hooks per real server
 * @param fifo keepalived-style notify FIFO, if any
 * @param webhooks endpoints that receive every event
 * @param defaultScriptTimeout timeout of a script that sets none; every script has one
 * @param defaultScriptUser user for scripts that set none; empty means the daemon's own user
 * @param coalesce when true, a new event drops the not-yet-started deliveries of older events
 *     of the same object (per sink), so a flapping instance only reports its latest state
 * @param maxPendingPerLane bound on queued deliveries per (sink, object); the oldest is dropped
 * @param maxPendingTotal bound on queued deliveries overall; a new one is dropped beyond it
 * @param webhookRetry back-off for failed webhook POSTs
 */
public record NotifyConfig(
    String nodeName,
    Map<String, VrrpHooks> instances,
    Map<String, VrrpHooks> groups,
    Map<VirtualServiceId, UpDownHooks> virtualServices,
    Map<RealServerKey, UpDownHooks> realServers,
    Optional<Path> fifo,
    List<WebhookConfig> webhooks,
    Duration defaultScriptTimeout,
    Optional<ScriptUser> defaultScriptUser,
    boolean coalesce,
    int maxPendingPerLane,
    int maxPendingTotal,
    RetryPolicy webhookRetry) {

  public static final Duration DEFAULT_SCRIPT_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_PENDING_PER_LANE = 256;
  public static final int DEFAULT_MAX_PENDING_TOTAL = 10_000;

  public NotifyConfig {
    if (nodeName == null || nodeName.isBlank()) {
      throw new IllegalArgumentException("notify: node name must not be empty");
    }
    instances = Map.copyOf(instances);
    groups = Map.copyOf(groups);
    virtualServices = Map.copyOf(virtualServices);
    realServers = Map.copyOf(realServers);
    webhooks = List.copyOf(webhooks);
    if (defaultScriptTimeout.isNegative() || defaultScriptTimeout.isZero()) {
      throw new IllegalArgumentException("notify: default script timeout must be positive");
    }
    if (maxPendingPerLane < 1 || maxPendingTotal < maxPendingPerLane) {
      throw new IllegalArgumentException("notify: need 1 <= max pending per lane <= max pending total");
    }
    // A webhook name keys its lanes and metrics: one name, one endpoint definition.
    Map<String, WebhookConfig> byName = new HashMap<>();
    List<WebhookConfig> every = new java.util.ArrayList<>(webhooks);
    instances.values().forEach(h -> every.addAll(h.webhooks()));
    groups.values().forEach(h -> every.addAll(h.webhooks()));
    for (WebhookConfig w : every) {
      WebhookConfig before = byName.putIfAbsent(w.name(), w);
      if (before != null && !before.equals(w)) {
        throw new IllegalArgumentException("notify: webhook name " + w.name() + " is used for two different endpoints");
      }
    }
    if (webhooks.stream().map(WebhookConfig::name).distinct().count() != webhooks.size()) {
      throw new IllegalArgumentException("notify: webhook names must be unique");
    }
  }

  public static Builder builder(String nodeName) {
    return new Builder(nodeName);
  }

  /** Every configured script, for the config-time security check. */
  public List<ScriptSpec> allScripts() {
    List<ScriptSpec> all = new java.util.ArrayList<>();
    for (VrrpHooks h : instances.values()) {
      addVrrp(all, h);
    }
    for (VrrpHooks h : groups.values()) {
      addVrrp(all, h);
    }
    for (UpDownHooks h : virtualServices.values()) {
      h.onUp().ifPresent(all::add);
      h.onDown().ifPresent(all::add);
    }
    for (UpDownHooks h : realServers.values()) {
      h.onUp().ifPresent(all::add);
      h.onDown().ifPresent(all::add);
    }
    return all;
  }

  private static void addVrrp(List<ScriptSpec> all, VrrpHooks h) {
    h.onMaster().ifPresent(all::add);
    h.onBackup().ifPresent(all::add);
    h.onFault().ifPresent(all::add);
    h.onStop().ifPresent(all::add);
    h.generic().ifPresent(all::add);
  }

  /** Mutable helper for building a config in code and tests. */
  public static final class Builder {
    private final String nodeName;
    private final Map<String, VrrpHooks> instances = new HashMap<>();
    private final Map<String, VrrpHooks> groups = new HashMap<>();
    private final Map<VirtualServiceId, UpDownHooks> virtualServices = new HashMap<>();
    private final Map<RealServerKey, UpDownHooks> realServers = new HashMap<>();
    private Optional<Path> fifo = Optional.empty();
    private final List<WebhookConfig> webhooks = new java.util.ArrayList<>();
    private Duration defaultScriptTimeout = DEFAULT_SCRIPT_TIMEOUT;
    private Optional<ScriptUser> defaultScriptUser = Optional.empty();
    private boolean coalesce;
    private int maxPendingPerLane = DEFAULT_MAX_PENDING_PER_LANE;
    private int maxPendingTotal = DEFAULT_MAX_PENDING_TOTAL;
    private RetryPolicy webhookRetry = RetryPolicy.DEFAULT;

    private Builder(String nodeName) {
      this.nodeName = nodeName;
    }

    public Builder instance(String name, VrrpHooks hooks) {
      instances.put(name, hooks);
      return this;
    }

    public Builder group(String name, VrrpHooks hooks) {
      groups.put(name, hooks);
      return this;
    }

    public Builder virtualService(VirtualServiceId vs, UpDownHooks hooks) {
      virtualServices.put(vs, hooks);
      return this;
    }

    public Builder realServer(RealServerKey rs, UpDownHooks hooks) {
      realServers.put(rs, hooks);
      return this;
    }

    public Builder fifo(Path path) {
      fifo = Optional.of(path);
      return this;
    }

    public Builder webhook(WebhookConfig hook) {
      webhooks.add(hook);
      return this;
    }

    public Builder defaultScriptTimeout(Duration timeout) {
      defaultScriptTimeout = timeout;
      return this;
    }

    public Builder defaultScriptUser(ScriptUser user) {
      defaultScriptUser = Optional.of(user);
      return this;
    }

    public Builder coalesce(boolean on) {
      coalesce = on;
      return this;
    }

    public Builder maxPending(int perLane, int total) {
      maxPendingPerLane = perLane;
      maxPendingTotal = total;
      return this;
    }

    public Builder webhookRetry(RetryPolicy policy) {
      webhookRetry = policy;
      return this;
    }

    public NotifyConfig build() {
      return new NotifyConfig(nodeName, instances, groups, virtualServices, realServers, fifo, webhooks,
          defaultScriptTimeout, defaultScriptUser, coalesce, maxPendingPerLane, maxPendingTotal, webhookRetry);
    }
  }
}
