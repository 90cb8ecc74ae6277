package io.tandem.notify.plan;

import io.tandem.notify.event.NotifyEvent;
import io.tandem.notify.event.RealServerChange;
import io.tandem.notify.event.SyncGroupTransition;
import io.tandem.notify.event.VirtualServiceQuorumChange;
import io.tandem.notify.event.VrrpInstanceTransition;
import io.tandem.notify.event.VrrpPriorityChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pure step: event + config -> deliveries. Order within one event follows keepalived's
 * send_instance_notifies(): the per-state script, then the generic script, then the FIFO line;
 * webhooks come last.
 *
 * <p>Environment variables given to every script (in addition to the daemon's environment):
 * {@code TANDEM_EVENT} (vrrp_instance, vrrp_group, real_server, virtual_service),
 * {@code TANDEM_STATE}, {@code TANDEM_OLD_STATE}, {@code TANDEM_NODE}, {@code TANDEM_TIMESTAMP}
 * (ISO-8601 UTC, publish time), {@code TANDEM_SEQ} (publish sequence number), and per kind
 * {@code TANDEM_INSTANCE} + {@code TANDEM_PRIORITY}, {@code TANDEM_GROUP},
 * {@code TANDEM_VIRTUAL_SERVICE} (+ {@code TANDEM_REAL_SERVER}) in keepalived's FIFO spelling.
 */
public final class DeliveryPlanner {
  private DeliveryPlanner() {}

  public static List<Delivery> plan(NotifyEvent event, NotifyConfig config, Instant timestamp, long seq) {
    List<Delivery> out = new ArrayList<>(4);
    Map<String, String> env = environment(event, config.nodeName(), timestamp, seq);
    String key = event.orderingKey();
    List<WebhookConfig> hooksForEvent = config.webhooks();
    switch (event) {
      case VrrpInstanceTransition t -> {
        VrrpHooks hooks = config.instances().getOrDefault(t.instance(), VrrpHooks.NONE);
        hooks.forState(t.to()).ifPresent(s -> out.add(script(config, key, stateHookName(t.to()), s.argv(), s, env)));
        hooks.generic().ifPresent(s ->
            out.add(script(config, key, "notify", KeepalivedFormat.genericScriptArgv(s.argv(), t), s, env)));
        fifoLines(out, config, hooks, KeepalivedFormat.fifoLine(t));
        hooksForEvent = withInstanceWebhooks(config.webhooks(), hooks);
      }
      case VrrpPriorityChange c -> {
        VrrpHooks hooks = config.instances().getOrDefault(c.instance(), VrrpHooks.NONE);
        fifoLines(out, config, hooks, KeepalivedFormat.fifoLine(c));
        hooksForEvent = withInstanceWebhooks(config.webhooks(), hooks);
      }
      case SyncGroupTransition t -> {
        VrrpHooks hooks = config.groups().getOrDefault(t.group(), VrrpHooks.NONE);
        hooks.forState(t.to()).ifPresent(s -> out.add(script(config, key, stateHookName(t.to()), s.argv(), s, env)));
        hooks.generic().ifPresent(s ->
            out.add(script(config, key, "notify", KeepalivedFormat.genericScriptArgv(s.argv(), t), s, env)));
        fifoLines(out, config, hooks, KeepalivedFormat.fifoLine(t));
        hooksForEvent = withInstanceWebhooks(config.webhooks(), hooks);
      }
      case RealServerChange c -> {
        UpDownHooks hooks = config.realServers()
            .getOrDefault(new RealServerKey(c.virtualService(), c.realServer()), UpDownHooks.NONE);
        hooks.forState(c.up()).ifPresent(s ->
            out.add(script(config, key, c.up() ? "notify_up" : "notify_down", s.argv(), s, env)));
        config.fifo().ifPresent(f -> out.add(new Delivery.FifoLine(f, KeepalivedFormat.fifoLine(c))));
      }
      case VirtualServiceQuorumChange c -> {
        UpDownHooks hooks = config.virtualServices().getOrDefault(c.virtualService(), UpDownHooks.NONE);
        hooks.forState(c.up()).ifPresent(s ->
            out.add(script(config, key, c.up() ? "quorum_up" : "quorum_down", s.argv(), s, env)));
        config.fifo().ifPresent(f -> out.add(new Delivery.FifoLine(f, KeepalivedFormat.fifoLine(c))));
      }
    }
    if (!hooksForEvent.isEmpty()) {
      String body = webhookBody(event, config.nodeName(), timestamp, seq);
      for (WebhookConfig hook : hooksForEvent) {
        out.add(new Delivery.Webhook(hook, key, body));
      }
    }
    return out;
  }

  /**
   * The webhook's JSON body: {@code event, node, timestamp, seq}, the object's name fields,
   * {@code old_state, new_state}, {@code priority} for instances, and a human {@code text} line
   * (the field Slack/Mattermost-style incoming webhooks display).
   */
  public static String webhookBody(NotifyEvent event, String node, Instant timestamp, long seq) {
    Json json = new Json()
        .field("event", event.kind().wireName())
        .field("node", node)
        .field("timestamp", timestamp.toString())
        .field("seq", seq);
    switch (event) {
      case VrrpInstanceTransition t -> json.field("instance", t.instance());
      case VrrpPriorityChange c -> json.field("instance", c.instance());
      case SyncGroupTransition t -> json.field("group", t.group());
      case RealServerChange c -> json.field("virtual_service", c.virtualService().keepalivedFormat())
          .field("real_server", c.realServer().keepalivedFormat(c.virtualService().protocol()));
      case VirtualServiceQuorumChange c -> json.field("virtual_service", c.virtualService().keepalivedFormat());
    }
    json.field("old_state", event.oldStateName()).field("new_state", event.newStateName());
    if (event instanceof VrrpInstanceTransition t) {
      json.field("priority", t.priority());
    } else if (event instanceof VrrpPriorityChange c) {
      json.field("priority", c.priority());
    }
    return json.field("text", node + ": " + event.summary()).close();
  }

  /** The TANDEM_* variables a script of this event sees. */
  public static Map<String, String> environment(NotifyEvent event, String node, Instant timestamp, long seq) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TANDEM_EVENT", event.kind().wireName());
    env.put("TANDEM_STATE", event.newStateName());
    env.put("TANDEM_OLD_STATE", event.oldStateName());
    env.put("TANDEM_NODE", node);
    env.put("TANDEM_TIMESTAMP", timestamp.toString());
    env.put("TANDEM_SEQ", Long.toString(seq));
    switch (event) {
      case VrrpInstanceTransition t -> {
        env.put("TANDEM_INSTANCE", t.instance());
        env.put("TANDEM_PRIORITY", Integer.toString(t.priority()));
      }
      case VrrpPriorityChange c -> {
        env.put("TANDEM_INSTANCE", c.instance());
        env.put("TANDEM_PRIORITY", Integer.toString(c.priority()));
      }
      case SyncGroupTransition t -> env.put("TANDEM_GROUP", t.group());
      case RealServerChange c -> {
        env.put("TANDEM_VIRTUAL_SERVICE", c.virtualService().keepalivedFormat());
        env.put("TANDEM_REAL_SERVER", c.realServer().keepalivedFormat(c.virtualService().protocol()));
      }
      case VirtualServiceQuorumChange c -> env.put("TANDEM_VIRTUAL_SERVICE", c.virtualService().keepalivedFormat());
    }
    return env;
  }

  /** The config-wide FIFO and the instance's own, once each if they are the same file. */
  private static void fifoLines(List<Delivery> out, NotifyConfig config, VrrpHooks hooks, String line) {
    config.fifo().ifPresent(f -> out.add(new Delivery.FifoLine(f, line)));
    hooks.fifo().filter(f -> !config.fifo().equals(Optional.of(f)))
        .ifPresent(f -> out.add(new Delivery.FifoLine(f, line)));
  }

  private static List<WebhookConfig> withInstanceWebhooks(List<WebhookConfig> global, VrrpHooks hooks) {
    if (hooks.webhooks().isEmpty()) {
      return global;
    }
    java.util.LinkedHashSet<WebhookConfig> all = new java.util.LinkedHashSet<>(global);
    all.addAll(hooks.webhooks());
    return List.copyOf(all);
  }

  private static String stateHookName(io.tandem.notify.event.VrrpState state) {
    return "notify_" + state.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Delivery.Script script(NotifyConfig config, String key, String hook, List<String> argv,
      ScriptSpec spec, Map<String, String> env) {
    Optional<ScriptUser> user = spec.user().or(config::defaultScriptUser);
    return new Delivery.Script(key, hook, argv, env, spec.timeout().orElse(config.defaultScriptTimeout()), user);
  }
}
