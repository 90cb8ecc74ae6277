package io.tandem.daemon;

import io.tandem.config.ConfigLoader;
import io.tandem.config.ConfigResult;
import io.tandem.config.model.RealServerConfig;
import io.tandem.config.model.TandemConfig;
import io.tandem.config.model.VirtualServerConfig;
import io.tandem.config.model.VrrpInstanceConfig;
import io.tandem.daemon.control.ControlHandler;
import io.tandem.daemon.control.ControlServer;
import io.tandem.daemon.control.EventView;
import io.tandem.daemon.control.ReloadView;
import io.tandem.daemon.control.StatusView;
import io.tandem.daemon.events.EventHub;
import io.tandem.daemon.metrics.MetricsRegistry;
import io.tandem.daemon.reload.ConfigDiff;
import io.tandem.daemon.services.ServiceRuntime;
import io.tandem.daemon.vrrp.InstanceSpecs;
import io.tandem.daemon.vrrp.VrrpRuntime;
import io.tandem.daemon.web.WebServer;
import io.tandem.netlink.RtNetlink;
import io.tandem.notify.NotifyWiring;
import io.tandem.notify.dispatch.DeliveryResult;
import io.tandem.notify.dispatch.Notifier;
import io.tandem.notify.plan.DeliveryKind;
import io.tandem.notify.event.RealServerChange;
import io.tandem.notify.event.VirtualServiceQuorumChange;
import io.tandem.notify.event.VrrpInstanceTransition;
import io.tandem.notify.plan.NotifyConfig;
import io.tandem.notify.script.ScriptSecurity;
import io.tandem.vrrp.fsm.TrackInput;
import io.tandem.vrrp.fsm.TransitionReason;
import io.tandem.vrrp.fsm.VrrpState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One director: the only place that wires config, VRRP, checkers, forwarding sync, notify, the
 * control API, metrics and the status page together. Reloads apply only the difference.
 */
public final class Daemon implements ControlHandler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);
  private static final Duration STOP_HANDOVER_BOUND = Duration.ofSeconds(3);
  private static final Duration NOTIFY_GRACE = Duration.ofSeconds(5);

  private final Path configPath;
  private final String version;
  private final long startedMillis = System.currentTimeMillis();
  private final MetricsRegistry metrics = new MetricsRegistry();
  private final EventHub events = new EventHub();
  private final MetricsRegistry.Counter reloads;
  private final RtNetlink rtnl;
  private final Notifier notifier;
  private final VrrpRuntime vrrp;
  /** Created in {@link #start}, after VRRP when no instance tracks a service (see there). */
  private ServiceRuntime services;
  private volatile TandemConfig config;
  private ControlServer control;
  private WebServer web;

  /** Thrown when the daemon cannot start; the message is for the operator. */
  public static final class StartupException extends Exception {
    StartupException(String message) {
      super(message);
    }
  }

  private Daemon(Path configPath, TandemConfig config, String version) throws StartupException {
    this.configPath = configPath;
    this.config = config;
    this.version = version;
    NotifyConfig notifyPlan = NotifyPlans.of(config);
    if (config.global().scriptSecurity()) {
      List<String> problems = ScriptSecurity.checkAll(notifyPlan, ScriptSecurity.runningAsRoot());
      if (!problems.isEmpty()) {
        throw new StartupException("script security: " + String.join("; ", problems));
      }
    }
    reloads = metrics.counter("tandem_config_reloads_total", "Configuration reloads, by result.", "result");
    this.rtnl = RtNetlink.open();
    this.notifier = NotifyWiring.start(notifyPlan);
    metrics.collect("tandem_notify_deliveries_total", "counter",
        "Notify deliveries (scripts, FIFO, webhooks) by kind and result.", sink -> {
          var c = notifier.counters();
          for (DeliveryKind k : DeliveryKind.values()) {
            for (DeliveryResult r : DeliveryResult.values()) {
              sink.accept(List.of("kind", "result"), List.of(lower(k.name()), lower(r.name())), c.deliveries(k, r));
            }
          }
        });
    this.vrrp = new VrrpRuntime(rtnl, metrics, events, this::vrrpTransition, config.global().interfaceWait());
  }

  private static String lower(String s) {
    return s.toLowerCase(java.util.Locale.ROOT);
  }

  /** Starts everything; the returned daemon runs until {@link #close()}. */
  public static Daemon start(Path configPath, TandemConfig config, String version) throws StartupException, IOException {
    Daemon d = new Daemon(configPath, config, version);
    try {
      d.allowNonLocalBind(config);
      // VRRP first, so the first advert does not wait for the checker pool's start-up (Netty's
      // class initialisation alone is ~0.4 s of CPU). An instance that tracks a service must not
      // decide on a quorum it has not heard yet: then the services start first.
      boolean tracksServices = config.vrrpInstances().values().stream().anyMatch(i -> !i.track().services().isEmpty());
      if (!tracksServices) {
        d.vrrp.start(config.vrrpInstances());
      }
      d.services = new ServiceRuntime(d.metrics, d.events, d.new ServiceEvents());
      d.services.apply(config.virtualServers());
      if (tracksServices) {
        d.vrrp.start(config.vrrpInstances());
      }
      d.pushServiceTracks(config);
      Path socket = config.global().controlSocket();
      Files.createDirectories(socket.getParent());
      d.control = new ControlServer(socket, d);
      if (config.global().metricsListen().isPresent()) {
        d.web = new WebServer(config.global().metricsListen().get().toSocketAddress(), d.metrics, d::status,
            d.events::recent);
      }
      log.info("tandem {} running: {} VRRP instances, {} virtual services; control socket {}", version,
          config.vrrpInstances().size(), config.virtualServers().size(), socket);
      return d;
    } catch (IOException | RuntimeException e) {
      d.close();
      throw e;
    }
  }

  /** The user-space proxy listens on VIPs this node may not hold yet (it is Backup). */
  private void allowNonLocalBind(TandemConfig c) {
    boolean userspace = c.virtualServers().values().stream()
        .anyMatch(vs -> vs.engine() == VirtualServerConfig.Engine.USERSPACE);
    if (!userspace) {
      return;
    }
    for (String sysctl : List.of("/proc/sys/net/ipv4/ip_nonlocal_bind", "/proc/sys/net/ipv6/ip_nonlocal_bind")) {
      try {
        if (!Files.readString(Path.of(sysctl)).trim().equals("1")) {
          Files.writeString(Path.of(sysctl), "1");
          log.info("set {} = 1 so the user-space proxy can listen on VIPs held by the master", sysctl);
        }
      } catch (IOException e) {
        log.warn("cannot set {} ({}): the user-space proxy can only listen on VIPs present here", sysctl, e.getMessage());
      }
    }
  }

  // ---- wiring between the parts -------------------------------------------------------------------

  private void vrrpTransition(VrrpInstanceConfig instance, VrrpState from, VrrpState to, TransitionReason reason,
      int priority) {
    if (to == VrrpState.INITIALIZE) {
      return; // stop: notify's STOP is published by close()
    }
    notifier.publish(new VrrpInstanceTransition(instance.name(), NotifyPlans.state(from), NotifyPlans.state(to), priority));
  }

  private final class ServiceEvents implements ServiceRuntime.Listener {
    @Override
    public void quorumChanged(VirtualServerConfig service, boolean up, String why) {
      notifier.publish(new VirtualServiceQuorumChange(NotifyPlans.serviceId(service), up));
      trackService(service.name(), up);
    }

    @Override
    public void serverChanged(VirtualServerConfig service, RealServerConfig server, boolean up, String why) {
      notifier.publish(new RealServerChange(NotifyPlans.serviceId(service), NotifyPlans.serverId(server), up));
    }
  }

  /** "This virtual service lost quorum → weight −N (or FAULT with weight 0)" into every instance tracking it. */
  private void trackService(String service, boolean up) {
    for (VrrpInstanceConfig i : config.vrrpInstances().values()) {
      for (var t : i.track().services()) {
        if (t.name().equals(service)) {
          TrackInput input = up ? new TrackInput.ExternalWeight(0, false)
              : new TrackInput.ExternalWeight(t.weight(), t.weight() == 0);
          vrrp.trackInput(i.name(), InstanceSpecs.serviceTrack(service), input);
        }
      }
    }
  }

  private void pushServiceTracks(TandemConfig c) {
    Set<String> tracked = new HashSet<>();
    c.vrrpInstances().values().forEach(i -> i.track().services().forEach(t -> tracked.add(t.name())));
    for (String s : tracked) {
      services.quorum(s).ifPresent(up -> trackService(s, up));
    }
  }

  // ---- control API ----------------------------------------------------------------------------------

  @Override
  public StatusView status() {
    return new StatusView(config.global().nodeId(), version, (System.currentTimeMillis() - startedMillis) / 1000,
        vrrp.views(), services.views());
  }

  @Override
  public synchronized ReloadView reload(boolean dryRun) {
    ConfigResult result = ConfigLoader.load(configPath);
    if (!result.ok()) {
      if (!dryRun) {
        reloads.inc("invalid");
        log.error("reload refused: {} error(s); the running configuration is unchanged", result.errors().size());
        result.errors().forEach(e -> log.error("  {}", e));
        events.publish("config", configPath.toString(), "", "", "reload refused: configuration not valid");
      }
      return new ReloadView(false, dryRun, List.of(), result.errors().stream().map(String::valueOf).toList());
    }
    TandemConfig next = result.config().orElseThrow();
    ConfigDiff diff = ConfigDiff.between(config, next);
    List<String> changes = diff.changes().stream().map(String::valueOf).toList();
    if (dryRun) {
      return new ReloadView(false, true, changes, List.of());
    }
    if (diff.isEmpty()) {
      reloads.inc("unchanged");
      return new ReloadView(true, false, List.of(), List.of());
    }
    List<String> notes = new ArrayList<>(changes);
    diff.changes().stream().filter(c -> c instanceof ConfigDiff.GlobalChange).findAny()
        .ifPresent(c -> notes.add("note: global settings (control socket, metrics address, log level...) take effect at the next restart"));
    notifier.reconfigure(NotifyPlans.of(next));
    TandemConfig before = config;
    config = next;
    services.apply(next.virtualServers());
    applyVrrp(diff, before, next);
    pushServiceTracks(next);
    reloads.inc("applied");
    log.info("reload applied: {} change(s)", changes.size());
    events.publish("config", configPath.toString(), "", "", "reloaded: " + changes.size() + " change(s)");
    return new ReloadView(true, false, notes, List.of());
  }

  /** Hook-only edits (notify scripts) apply in place; any other edit restarts that instance alone. */
  private void applyVrrp(ConfigDiff diff, TandemConfig before, TandemConfig next) {
    Map<String, VrrpInstanceConfig> added = new HashMap<>();
    Set<String> removed = new HashSet<>();
    Map<String, VrrpInstanceConfig> changed = new HashMap<>();
    Map<String, VrrpInstanceConfig> hooksOnly = new HashMap<>();
    for (ConfigDiff.Change c : diff.changes()) {
      if (c instanceof ConfigDiff.InstanceChange ic) {
        switch (ic.kind()) {
          case ADDED -> added.put(ic.name(), next.vrrpInstances().get(ic.name()));
          case REMOVED -> removed.add(ic.name());
          case RECREATED -> changed.put(ic.name(), next.vrrpInstances().get(ic.name()));
          case UPDATED_IN_PLACE -> {
            boolean onlyHooks = ic.fields().stream().allMatch(f -> f.field().equals("notifications"));
            (onlyHooks ? hooksOnly : changed).put(ic.name(), next.vrrpInstances().get(ic.name()));
          }
        }
      }
    }
    if (!added.isEmpty() || !removed.isEmpty() || !changed.isEmpty() || !hooksOnly.isEmpty()) {
      vrrp.apply(added, removed, changed, hooksOnly);
    }
  }

  @Override
  public String handover(String instance) {
    return vrrp.handover(instance);
  }

  @Override
  public String drain(String service, String server, boolean drain) {
    return services.drain(service, server, drain);
  }

  @Override
  public AutoCloseable subscribe(Consumer<EventView> listener) {
    return events.subscribe(listener);
  }

  public MetricsRegistry metrics() {
    return metrics;
  }

  // ---- stop ---------------------------------------------------------------------------------------

  /**
   * Clean stop: masters hand over first (priority 0, VIPs kept until the backup is heard), then
   * checks stop and forwarding entries are removed or left per {@code remove-forwarding-on-stop}.
   */
  @Override
  public synchronized void close() {
    closeQuietly(control);
    closeQuietly(web);
    if (vrrp != null) {
      Map<String, VrrpState> states = vrrp.states();
      vrrp.stopAll(STOP_HANDOVER_BOUND);
      states.forEach((name, s) -> notifier.publish(new VrrpInstanceTransition(name, NotifyPlans.state(s),
          io.tandem.notify.event.VrrpState.STOP, 0)));
      vrrp.close();
    }
    if (services != null) {
      services.stop(config.global().removeForwardingOnStop());
      services.close();
    }
    if (notifier != null) {
      try {
        notifier.awaitIdle(NOTIFY_GRACE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      notifier.close();
    }
    closeQuietly(rtnl);
    log.info("tandem stopped");
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      log.warn("while stopping: {}", e.toString());
    }
  }
}
