package io.tandem.daemon.services;

import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.core.QuorumState;
import io.tandem.checkers.pool.CheckerMetrics;
import io.tandem.checkers.pool.CheckerPool;
import io.tandem.checkers.pool.HealthEvent;
import io.tandem.checkers.pool.Subscription;
import io.tandem.checkers.probe.NettyTransport;
import io.tandem.checkers.spec.CheckKey;
import io.tandem.checkers.spec.CheckSpec;
import io.tandem.checkers.spec.ScriptSpec;
import io.tandem.common.time.SystemScheduler;
import io.tandem.config.model.HostPort;
import io.tandem.config.model.RealServerConfig;
import io.tandem.config.model.VirtualServerConfig;
import io.tandem.config.model.VirtualServerConfig.Engine;
import io.tandem.daemon.control.ControlHandler.ControlException;
import io.tandem.daemon.control.StatusView.ServerView;
import io.tandem.daemon.control.StatusView.ServiceView;
import io.tandem.daemon.events.EventHub;
import io.tandem.daemon.metrics.MetricsRegistry;
import io.tandem.sync.ipvs.IpvsEngine;
import io.tandem.sync.model.Drains;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.HealthSnapshot;
import io.tandem.sync.model.RealServerHealth;
import io.tandem.sync.model.RealServerRef;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.VirtualServiceConfig;
import io.tandem.sync.nft.NftEngine;
import io.tandem.sync.nft.ProcessNftRunner;
import io.tandem.sync.proxy.ProxyEngine;
import io.tandem.sync.reconcile.DesiredTables;
import io.tandem.sync.reconcile.DryRunEngine;
import io.tandem.sync.reconcile.ForwardingEngine;
import io.tandem.sync.reconcile.Reconciler;
import io.tandem.sync.reconcile.RetryPolicy;
import io.tandem.sync.reconcile.SyncStats;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Virtual services on one director: subscribes each real server's check in the checker pool,
 * keeps health, drains and quorum (with hysteresis), and pushes the resulting forwarding table to
 * the engine of each service through a {@link Reconciler}. All state lives on one thread.
 */
public final class ServiceRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceRuntime.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration RESYNC = Duration.ofSeconds(30);

  /** Told about quorum and real-server changes (notify scripts, VRRP tracking). */
  public interface Listener {
    void quorumChanged(VirtualServerConfig service, boolean up, String why);

    void serverChanged(VirtualServerConfig service, RealServerConfig server, boolean up, String why);
  }

  private final SystemScheduler loop = new SystemScheduler("services");
  private final NettyTransport transport = NettyTransport.create(1);
  private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
  private final CheckerPool pool = CheckerPool.create(transport, blocking, new SplittableRandom());
  private final EventHub events;
  private final Listener listener;
  private final Map<String, Service> services = new LinkedHashMap<>();
  private final Map<Engine, Slot> engines = new EnumMap<>(Engine.class);
  private final MetricsRegistry.Counter serverTransitions;
  /** Pushes asked for and not yet built (see {@link #push}); loop thread only. */
  private final Set<Engine> fullPushes = EnumSet.noneOf(Engine.class);
  private final Map<Engine, Set<ServiceKey>> changedServices = new EnumMap<>(Engine.class);

  public ServiceRuntime(MetricsRegistry metrics, EventHub events, Listener listener) {
    this.events = events;
    this.listener = listener;
    serverTransitions = metrics.counter("tandem_real_server_transitions_total",
        "Real servers going up or down, per virtual service.", "service", "to");
    metrics.collect("tandem_real_server_up", "gauge", "1 when the real server's check says up.",
        sink -> services.values().forEach(s -> s.servers.values().forEach(rs ->
            sink.accept(List.of("service", "server"), List.of(s.config.name(), rs.config.address().toString()), rs.up ? 1 : 0))));
    metrics.collect("tandem_virtual_service_quorum_up", "gauge", "1 while the virtual service holds its quorum.",
        sink -> services.values().forEach(s -> sink.accept(List.of("service"), List.of(s.config.name()), s.quorum.up() ? 1 : 0)));
    metrics.collect("tandem_checks_total", "counter", "Health-check runs by probe type and outcome.",
        sink -> pool.metrics().snapshot().forEach((type, snap) -> snap.runsByOutcome().forEach((outcome, n) ->
            sink.accept(List.of("type", "outcome"), List.of(type, outcome.name().toLowerCase(java.util.Locale.ROOT)), n))));
    metrics.collectHistogram("tandem_check_latency_seconds", "Latency of health-check runs by probe type.",
        sink -> pool.metrics().snapshot().forEach((type, snap) -> {
          double[] bounds = new double[CheckerMetrics.LATENCY_BUCKET_MILLIS.length];
          for (int i = 0; i < bounds.length; i++) {
            bounds[i] = CheckerMetrics.LATENCY_BUCKET_MILLIS[i] / 1000.0;
          }
          sink.accept(List.of("type"), List.of(type), bounds, snap.cumulativeBuckets(), snap.latencySumNanos() / 1e9,
              snap.runs());
        }));
    metrics.collect("tandem_reconcile_ops_total", "counter", "Forwarding-table operations, by engine and result.",
        sink -> engines.forEach((engine, slot) -> {
          SyncStats st = slot.reconciler.stats();
          String e = engine.name().toLowerCase(java.util.Locale.ROOT);
          sink.accept(List.of("engine", "result"), List.of(e, "applied"), st.opsApplied());
          sink.accept(List.of("engine", "result"), List.of(e, "refused"), st.opsRefused());
        }));
    metrics.collect("tandem_reconcile_passes_total", "counter", "Reconcile passes, by engine.",
        sink -> engines.forEach((engine, slot) -> sink.accept(List.of("engine"),
            List.of(engine.name().toLowerCase(java.util.Locale.ROOT)), slot.reconciler.stats().reconciles())));
    metrics.collect("tandem_reconcile_in_sync", "gauge", "1 when the engine's table matches the desired one.",
        sink -> engines.forEach((engine, slot) -> sink.accept(List.of("engine"),
            List.of(engine.name().toLowerCase(java.util.Locale.ROOT)), slot.reconciler.stats().inSync() ? 1 : 0)));
  }

  /** Replaces the set of services: unchanged ones and unchanged checks keep their state and history. */
  public void apply(Map<String, VirtualServerConfig> wanted) {
    call(() -> {
      Set<Engine> dirty = new HashSet<>();
      for (String name : List.copyOf(services.keySet())) {
        if (!wanted.containsKey(name)) {
          Service gone = services.remove(name);
          gone.servers.values().forEach(Server::close);
          dirty.add(gone.config.engine());
        }
      }
      for (VirtualServerConfig c : wanted.values().stream().sorted(java.util.Comparator.comparing(VirtualServerConfig::name)).toList()) {
        Service s = services.get(c.name());
        if (s != null && s.config.equals(c)) {
          continue;
        }
        if (s != null) {
          dirty.add(s.config.engine());
        }
        services.put(c.name(), update(s, c));
        dirty.add(c.engine());
      }
      dirty.forEach(engine -> push(engine, null));
      return null;
    });
  }

  public String drain(String service, String server, boolean drain) {
    return call(() -> {
      Service s = services.get(service);
      if (s == null) {
        throw new ControlException("no virtual service named '" + service + "'; known: " + services.keySet());
      }
      Server rs = s.find(server);
      if (rs == null) {
        throw new ControlException(service + " has no real server " + server + "; known: "
            + s.servers.keySet().stream().map(HostPort::toString).toList());
      }
      if (rs.drained == drain) {
        return service + " " + rs.config.address() + " is already " + (drain ? "drained" : "in service");
      }
      rs.drained = drain;
      events.publish("server", service + " " + rs.config.address(), drain ? "ACTIVE" : "DRAINED",
          drain ? "DRAINED" : "ACTIVE", "operator");
      push(s.config.engine(), s.sync.key());
      return service + " " + rs.config.address() + (drain
          ? ": drained (weight 0; established connections are kept)" : ": back in service");
    });
  }

  public List<ServiceView> views() {
    Map<CheckKey, ProbeResult> latest = new HashMap<>();
    try {
      pool.status().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .forEach(st -> st.lastResult().ifPresent(r -> latest.put(st.key(), r)));
    } catch (ExecutionException | TimeoutException e) {
      log.debug("check status unavailable: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return call(() -> services.values().stream().map(s -> s.view(latest)).toList());
  }

  /** Whether the named service currently holds its quorum (empty when unknown). */
  public Optional<Boolean> quorum(String service) {
    return call(() -> Optional.ofNullable(services.get(service)).map(s -> s.quorum.up()));
  }

  /** Stops checks; with {@code removeEntries}, deletes Tandem's forwarding entries, else leaves them. */
  public void stop(boolean removeEntries) {
    call(() -> {
      services.values().forEach(s -> s.servers.values().forEach(Server::close));
      if (removeEntries) {
        engines.values().forEach(slot -> slot.reconciler.submit(ForwardingTable.EMPTY));
      }
      return null;
    });
    if (removeEntries) {
      for (Slot slot : engines.values()) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && !slot.reconciler.lastKnownTable().services().isEmpty()) {
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
    }
  }

  @Override
  public void close() {
    pool.close();
    blocking.shutdownNow();
    transport.close();
    engines.values().forEach(Slot::close);
    loop.close();
  }

  // ---- on the services thread ---------------------------------------------------------------------

  private Service update(Service old, VirtualServerConfig c) {
    Service s = new Service(c, ServiceSpecs.service(c));
    for (RealServerConfig rsc : c.realServers()) {
      Server previous = old == null ? null : old.servers.remove(rsc.address());
      Optional<CheckSpec> spec = ServiceSpecs.check(rsc, c.inhibitOnFailure());
      Server rs;
      if (previous != null && previous.spec.equals(spec)) {
        rs = previous; // same check: keep its subscription and history
        rs.config = rsc;
      } else {
        rs = new Server(rsc, spec);
        if (previous != null) {
          rs.drained = previous.drained;
          rs.up = previous.up;
        }
        subscribe(s, rs);
        if (previous != null) {
          previous.close(); // after subscribing: a shared probe keeps running
        }
      }
      rs.service = s;
      s.servers.put(rsc.address(), rs);
    }
    if (old != null) {
      old.servers.values().forEach(Server::close);
    }
    s.quorum = new QuorumState(Math.max(1, c.quorum().min()), c.quorum().hysteresis(), s.liveWeight());
    if (old != null && old.quorum.up() != s.quorum.up()) {
      quorumChanged(s, s.quorum.up(), "configuration changed");
    }
    return s;
  }

  private void subscribe(Service s, Server rs) {
    if (rs.spec.isEmpty()) {
      rs.up = true;
      rs.lastResult = "no check";
      return;
    }
    rs.subscription = pool.subscribe(rs.spec.get(), event -> loop.execute(() -> onHealth(rs, event)));
  }

  private void onHealth(Server rs, HealthEvent event) {
    Service s = rs.service;
    if (s == null || services.get(s.config.name()) != s || rs.closed) {
      return; // a late event for a server that a reload replaced
    }
    event.result().ifPresent(r -> {
      rs.lastResult = r.ok() ? "ok" : r.reasonText();
      rs.lastLatencyMillis = r.latencyNanos() / 1e6;
    });
    boolean was = rs.up;
    OptionalInt weightWas = rs.dynamicWeight;
    rs.up = event.up();
    rs.dynamicWeight = rs.spec.get().probe() instanceof ScriptSpec sp && sp.dynamicWeight() && event.up()
        ? OptionalInt.of(event.weight()) : OptionalInt.empty();
    if (was == rs.up && weightWas.equals(rs.dynamicWeight)) {
      return; // e.g. an INITIAL verdict equal to the assumed one: the table stays as it is
    }
    if (was != rs.up && event.cause() != HealthEvent.Cause.INITIAL) {
      String why = event.describe();
      serverTransitions.inc(s.config.name(), rs.up ? "up" : "down");
      log.info("{}: real server {} is {} ({})", s.config.name(), rs.config.address(), rs.up ? "UP" : "DOWN", why);
      events.publish("server", s.config.name() + " " + rs.config.address(), was ? "UP" : "DOWN", rs.up ? "UP" : "DOWN", why);
      listener.serverChanged(s.config, rs.config, rs.up, why);
    }
    s.quorum.update(s.liveWeight()).ifPresent(change -> quorumChanged(s, change.up(),
        "live weight " + change.weightSum() + (change.up() ? " >= " : " < ") + change.threshold()));
    push(s.config.engine(), s.sync.key());
  }

  private void quorumChanged(Service s, boolean up, String why) {
    log.warn("{}: quorum {} ({})", s.config.name(), up ? "gained" : "LOST", why);
    events.publish("service", s.config.name(), up ? "DOWN" : "UP", up ? "UP" : "DOWN", why);
    listener.quorumChanged(s.config, up, why);
  }

  /**
   * Asks for the desired table of {@code engine} to be rebuilt and handed over; with {@code changed}
   * (the one service a health event or drain touched) the reconcile pass compares only the services
   * named, O(changes) instead of O(table). Null: compare everything (reloads). Requests made while
   * one is pending merge into it, so a burst of events (a switch failing under 2,000 real servers)
   * costs one table build, not one per event.
   */
  private void push(Engine engine, ServiceKey changed) {
    boolean idle = fullPushes.isEmpty() && changedServices.isEmpty();
    if (changed == null) {
      fullPushes.add(engine);
    } else {
      changedServices.computeIfAbsent(engine, e -> new HashSet<>()).add(changed);
    }
    if (idle) {
      loop.execute(this::flushPushes);
    }
  }

  private void flushPushes() {
    Set<Engine> dirty = EnumSet.noneOf(Engine.class);
    dirty.addAll(fullPushes);
    dirty.addAll(changedServices.keySet());
    for (Engine engine : dirty) {
      build(engine, fullPushes.contains(engine) ? null : changedServices.get(engine));
    }
    fullPushes.clear();
    changedServices.clear();
  }

  /** Builds the desired table of one engine from every service on it and submits it. */
  private void build(Engine engine, Set<ServiceKey> changed) {
    List<VirtualServiceConfig> configs = new ArrayList<>();
    Map<RealServerRef, RealServerHealth> health = new HashMap<>();
    Map<ServiceKey, Boolean> quorum = new HashMap<>();
    Set<RealServerRef> drained = new HashSet<>();
    for (Service s : services.values()) {
      if (s.config.engine() != engine) {
        continue;
      }
      configs.add(s.sync);
      quorum.put(s.sync.key(), s.quorum.up());
      for (Server rs : s.servers.values()) {
        RealServerRef ref = new RealServerRef(s.sync.key(), ServiceSpecs.address(rs.config.address()));
        health.put(ref, !rs.up ? RealServerHealth.DOWN
            : rs.dynamicWeight.isPresent() ? RealServerHealth.upWithWeight(rs.dynamicWeight.getAsInt()) : RealServerHealth.UP);
        if (rs.drained) {
          drained.add(ref);
        }
      }
    }
    if (configs.isEmpty() && !engines.containsKey(engine)) {
      return;
    }
    ForwardingTable table = DesiredTables.build(configs, new HealthSnapshot(health, quorum), new Drains(Set.of(), drained));
    if (changed == null) {
      slot(engine).reconciler.submit(table);
    } else {
      slot(engine).reconciler.submit(table, Set.copyOf(changed));
    }
  }

  private Slot slot(Engine engine) {
    return engines.computeIfAbsent(engine, e -> {
      ForwardingEngine fe = switch (e) {
        case USERSPACE -> new ProxyEngine();
        case NFTABLES -> new NftEngine(new ProcessNftRunner());
        case DRY_RUN -> new DryRunEngine();
        case IPVS -> {
          try {
            yield new IpvsEngine(2000);
          } catch (IOException ex) {
            throw new IllegalStateException("cannot open IPVS (is the ip_vs module loaded?): " + ex.getMessage(), ex);
          }
        }
      };
      SystemScheduler scheduler = new SystemScheduler("sync-" + e.name().toLowerCase(java.util.Locale.ROOT));
      Reconciler r = new Reconciler(fe, scheduler, RetryPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)));
      if (e != Engine.USERSPACE && e != Engine.DRY_RUN) {
        r.resyncEvery(RESYNC); // repair hand edits of the kernel table
      }
      return new Slot(fe, r, scheduler);
    });
  }

  private <T> T call(Callable<T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        f.complete(task.call());
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    try {
      return f.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } catch (TimeoutException e) {
      throw new IllegalStateException("the services thread did not answer within " + CALL_TIMEOUT);
    }
  }

  private record Slot(ForwardingEngine engine, Reconciler reconciler, SystemScheduler scheduler) {
    void close() {
      reconciler.close();
      try {
        engine.close();
      } catch (Exception e) {
        log.warn("closing the {} engine: {}", engine.name(), e.getMessage());
      }
      scheduler.close();
    }
  }

  private static final class Service {
    final VirtualServerConfig config;
    final VirtualServiceConfig sync;
    final Map<HostPort, Server> servers = new LinkedHashMap<>();
    QuorumState quorum;

    Service(VirtualServerConfig config, VirtualServiceConfig sync) {
      this.config = config;
      this.sync = sync;
    }

    long liveWeight() {
      long sum = 0;
      for (Server rs : servers.values()) {
        if (rs.up && !rs.drained) {
          sum += rs.dynamicWeight.orElse(rs.config.weight());
        }
      }
      return sum;
    }

    Server find(String text) {
      for (Server rs : servers.values()) {
        if (rs.config.address().toString().equals(text) || rs.config.address().address().getHostAddress().equals(text)) {
          return rs;
        }
      }
      return null;
    }

    ServiceView view(Map<CheckKey, ProbeResult> latest) {
      boolean sorry = config.sorryServer().isPresent() && !quorum.up();
      List<ServerView> list = servers.values().stream().map(rs -> {
        ProbeResult last = rs.spec.map(sp -> latest.get(sp.key())).orElse(null);
        String result = last == null ? rs.lastResult : last.ok() ? "ok" : last.reasonText();
        double latency = last == null ? rs.lastLatencyMillis : last.latencyNanos() / 1e6;
        return new ServerView(rs.config.address().toString(), rs.up, rs.drained,
            rs.up && !rs.drained && !sorry ? rs.dynamicWeight.orElse(rs.config.weight()) : 0, rs.config.weight(),
            result, latency);
      }).toList();
      String address = config.vip().map(HostPort::toString).orElse("fwmark " + config.fwmark().orElse(0));
      return new ServiceView(config.name(), address + "/" + config.protocol().name().toLowerCase(java.util.Locale.ROOT),
          config.engine().name().toLowerCase(java.util.Locale.ROOT), config.scheduler().name().toLowerCase(java.util.Locale.ROOT),
          quorum.up(), sorry, list);
    }
  }

  private static final class Server {
    final Optional<CheckSpec> spec;
    RealServerConfig config;
    Service service;
    Subscription subscription;
    boolean up;
    boolean drained;
    boolean closed;
    OptionalInt dynamicWeight = OptionalInt.empty();
    String lastResult = "pending";
    double lastLatencyMillis;

    Server(RealServerConfig config, Optional<CheckSpec> spec) {
      this.config = config;
      this.spec = spec;
      this.up = spec.isEmpty() || !spec.get().timing().alpha(); // what the check's INITIAL event will say
    }

    void close() {
      closed = true;
      if (subscription != null) {
        subscription.close();
        subscription = null;
      }
    }
  }
}
