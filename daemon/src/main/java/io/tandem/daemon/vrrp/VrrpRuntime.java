package io.tandem.daemon.vrrp;

import io.tandem.common.time.SystemScheduler;
import io.tandem.config.model.VrrpInstanceConfig;
import io.tandem.config.model.VrrpInstanceConfig.VirtualIp;
import io.tandem.daemon.control.ControlHandler.ControlException;
import io.tandem.daemon.control.StatusView.InstanceView;
import io.tandem.daemon.events.EventHub;
import io.tandem.daemon.metrics.MetricsRegistry;
import io.tandem.netlink.InterfaceAddress;
import io.tandem.netlink.LinkInfo;
import io.tandem.netlink.LinkListener;
import io.tandem.netlink.LinkMonitor;
import io.tandem.netlink.MacAddress;
import io.tandem.netlink.NetlinkException;
import io.tandem.netlink.RtNetlink;
import io.tandem.vrrp.fsm.Effect;
import io.tandem.vrrp.fsm.InstanceSpec;
import io.tandem.vrrp.fsm.SyncGroup;
import io.tandem.vrrp.fsm.TimerKind;
import io.tandem.vrrp.fsm.TrackInput;
import io.tandem.vrrp.fsm.TransitionReason;
import io.tandem.vrrp.fsm.VirtualAddress;
import io.tandem.vrrp.fsm.VrrpEvent;
import io.tandem.vrrp.fsm.VrrpInstance;
import io.tandem.vrrp.fsm.VrrpMachine;
import io.tandem.vrrp.fsm.VrrpSnapshot;
import io.tandem.vrrp.fsm.VrrpState;
import io.tandem.vrrp.packet.DecodeResult;
import io.tandem.vrrp.packet.IpContext;
import io.tandem.vrrp.packet.IpFamily;
import io.tandem.vrrp.packet.VrrpAdvert;
import io.tandem.vrrp.packet.VrrpCodec;
import io.tandem.vrrp.net.GratuitousSender;
import io.tandem.vrrp.net.GratuitousSettings;
import io.tandem.vrrp.net.IpVersion;
import io.tandem.vrrp.net.RealtimeScheduling;
import io.tandem.vrrp.net.UnicastVrrpSender;
import io.tandem.vrrp.net.Vmac;
import io.tandem.vrrp.net.VrrpFrame;
import io.tandem.vrrp.net.VrrpPacketIo;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VRRP side of the daemon on the real wire: one {@link VrrpInstance} per configured instance,
 * all driven by one max-priority thread (so checkers, scripts and GC-heavy work elsewhere cannot
 * delay an advert), and the Linux edge that carries out their effects: pcap for adverts, raw
 * sockets for unicast peers, netlink for VIPs and link state, gratuitous ARP/NA.
 *
 * <p>Convergence rules that keepalived leaves to the operator are the default here: VIPs left over
 * from a crash are removed before an instance joins; a VIP deleted behind our back while master is
 * put back at once; a missing interface is waited for instead of being fatal.
 *
 * <p>Every field below is touched on the VRRP thread only; public methods hop onto it.
 */
public final class VrrpRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VrrpRuntime.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final double[] JITTER_BUCKETS = {0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5};

  /** Told about each state change, after its effects ran (notify scripts, forwarding sync). */
  public interface TransitionListener {
    void transition(VrrpInstanceConfig instance, VrrpState from, VrrpState to, TransitionReason reason, int priority);
  }

  private final SystemScheduler loop = new SystemScheduler("vrrp", Thread.MAX_PRIORITY);
  private final RtNetlink rtnl;
  private final EventHub events;
  private final TransitionListener transitions;
  private final Duration interfaceWait;
  private final TrackFeeds feeds;
  private final LinkMonitor linkMonitor;

  private final Map<String, Port> ports = new HashMap<>();
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final Map<String, SyncGroup> groups = new HashMap<>();

  private final MetricsRegistry.Counter advertsSent;
  private final MetricsRegistry.Counter advertsReceived;
  private final MetricsRegistry.Counter advertsDropped;
  private final MetricsRegistry.Counter transitionsTotal;
  private final MetricsRegistry.Counter vipRestorations;
  private final MetricsRegistry.Counter reconfirmations;
  private final MetricsRegistry.Counter edgeErrors;
  private final MetricsRegistry.Histogram sendJitter;

  public VrrpRuntime(RtNetlink rtnl, MetricsRegistry metrics, EventHub events, TransitionListener transitions,
      Duration interfaceWait) {
    this.rtnl = rtnl;
    this.events = events;
    this.transitions = transitions;
    this.interfaceWait = interfaceWait;
    this.feeds = new TrackFeeds(loop, this::trackInput);
    advertsSent = metrics.counter("tandem_vrrp_adverts_sent_total", "VRRP adverts sent.", "vrrp_instance");
    advertsReceived = metrics.counter("tandem_vrrp_adverts_received_total", "VRRP adverts accepted by an instance.", "vrrp_instance");
    advertsDropped = metrics.counter("tandem_vrrp_adverts_dropped_total",
        "VRRP packets dropped, by reason (malformed, wrong auth, TTL, unknown VRID...).", "interface", "reason");
    transitionsTotal = metrics.counter("tandem_vrrp_transitions_total", "VRRP state changes.", "vrrp_instance", "from", "to", "reason");
    vipRestorations = metrics.counter("tandem_vrrp_vip_restorations_total",
        "VIPs removed behind Tandem's back while master and put back.", "vrrp_instance");
    reconfirmations = metrics.counter("tandem_vrrp_master_reconfirmed_total",
        "Times a master heard a lower master (split brain) and re-announced itself.", "vrrp_instance");
    edgeErrors = metrics.counter("tandem_vrrp_edge_errors_total",
        "Failed sends or VIP changes on the Linux edge.", "vrrp_instance", "operation");
    sendJitter = metrics.histogram("tandem_vrrp_advert_send_jitter_seconds",
        "How late a master's periodic advert went out after its Adver_Timer was due.", JITTER_BUCKETS, "vrrp_instance");
    metrics.collect("tandem_vrrp_state", "gauge",
        "VRRP state per instance: 0 init, 1 backup, 2 master, 3 fault, 4 waiting for its interface.",
        sink -> members.values().forEach(m -> sink.accept(List.of("vrrp_instance"), List.of(m.config.name()), m.stateCode())));
    metrics.collect("tandem_vrrp_effective_priority", "gauge", "Effective VRRP priority per instance.",
        sink -> members.values().forEach(m -> {
          if (m.instance != null) {
            sink.accept(List.of("vrrp_instance"), List.of(m.config.name()), m.instance.effectivePriority());
          }
        }));
    this.linkMonitor = LinkMonitor.start(new Links(), "vrrp-links");
    // Timers must fire on time under CPU contention, and GC pauses (which stop this thread too)
    // must not wait behind other processes; GC workers started later are picked up every minute.
    loop.execute(() -> RealtimeScheduling.enterCurrentThread(RealtimeScheduling.timerPriority()));
    loop.execute(RealtimeScheduling::promoteJvmPauseThreads);
    rescanPauseThreads();
  }

  private void rescanPauseThreads() {
    loop.schedule(Duration.ofMinutes(1), () -> {
      RealtimeScheduling.promoteJvmPauseThreads();
      rescanPauseThreads();
    });
  }

  // ---- lifecycle ----------------------------------------------------------------------------------

  /** Starts every instance (waiting, bounded by the interface wait, for missing interfaces). */
  public void start(Map<String, VrrpInstanceConfig> instances) {
    call(() -> {
      instances.values().stream().sorted(java.util.Comparator.comparing(VrrpInstanceConfig::name)).forEach(this::add);
      return null;
    });
  }

  /** Adds instances, removes instances, and restarts changed ones; the rest are not touched. */
  public void apply(Map<String, VrrpInstanceConfig> added, Set<String> removed, Map<String, VrrpInstanceConfig> changed,
      Map<String, VrrpInstanceConfig> updatedHooks) {
    call(() -> {
      for (String name : removed) {
        remove(name);
      }
      for (VrrpInstanceConfig c : changed.values()) {
        remove(c.name());
        add(c);
      }
      for (VrrpInstanceConfig c : added.values()) {
        add(c);
      }
      for (VrrpInstanceConfig c : updatedHooks.values()) {
        Member m = members.get(c.name());
        if (m != null) {
          m.config = c; // notify hooks and GARP settings are read at each use
        }
      }
      return null;
    });
  }

  /**
   * Graceful stop: every master sends priority 0 and keeps its VIPs until a backup is heard taking
   * over (bounded by the core's release timer), so no client is left without a master.
   */
  public void stopAll(Duration bound) {
    call(() -> {
      members.values().forEach(m -> {
        if (m.instance != null) {
          m.instance.stop();
        }
      });
      return null;
    });
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline && call(() -> members.values().stream().anyMatch(Member::holdingVips))) {
      sleepQuietly(10);
    }
    call(() -> {
      for (String name : List.copyOf(members.keySet())) {
        dispose(members.remove(name), true);
      }
      return null;
    });
  }

  @Override
  public void close() {
    feeds.close();
    linkMonitor.close();
    call(() -> {
      for (Member m : members.values()) {
        dispose(m, true);
      }
      members.clear();
      ports.values().forEach(p -> p.io.close());
      ports.clear();
      return null;
    });
    loop.close();
  }

  // ---- operator actions -------------------------------------------------------------------------

  /** Planned failover: a master resigns (priority 0) and does not preempt back. */
  public String handover(String name) {
    return call(() -> {
      Member m = members.get(name);
      if (m == null) {
        throw new ControlException("no VRRP instance named '" + name + "'; known: " + members.keySet());
      }
      if (m.instance == null || m.instance.state() != VrrpState.MASTER) {
        throw new ControlException(name + " is " + m.stateName() + " here, not MASTER; run handover on the master");
      }
      m.instance.resign();
      return name + ": handing over (priority 0 sent; VIPs released when the new master is heard)";
    });
  }

  /** An input from outside the VRRP thread (virtual-service quorum, scripts, files). */
  public void trackInput(String instance, String track, TrackInput input) {
    loop.execute(() -> {
      Member m = members.get(instance);
      if (m != null && m.instance != null) {
        m.instance.track(track, input);
      }
    });
  }

  public List<InstanceView> views() {
    return call(() -> members.values().stream().map(Member::view).toList());
  }

  public Map<String, VrrpState> states() {
    return call(() -> {
      Map<String, VrrpState> out = new LinkedHashMap<>();
      members.forEach((n, m) -> out.put(n, m.instance == null ? VrrpState.INITIALIZE : m.instance.state()));
      return out;
    });
  }

  // ---- instances ----------------------------------------------------------------------------------

  private void add(VrrpInstanceConfig c) {
    Member m = new Member(c);
    members.put(c.name(), m);
    removeLeftoverVips(c);
    tryOpen(m);
    if (m.instance == null) {
      m.waitingSince = System.nanoTime();
      log.warn("{}: interface {} is missing; waiting for it (up to {}, then reported as failed)", c.name(),
          c.interfaceName(), interfaceWait);
      loop.schedule(interfaceWait, () -> {
        if (members.get(c.name()) == m && m.instance == null) {
          m.gaveUp = true;
          log.error("{}: interface {} still missing after {}; the instance stays down until it appears", c.name(),
              c.interfaceName(), interfaceWait);
          events.publish("vrrp", c.name(), "WAITING", "FAULT", "interface " + c.interfaceName() + " missing");
        }
      });
    }
  }

  private void remove(String name) {
    Member m = members.remove(name);
    if (m != null) {
      dispose(m, true);
    }
  }

  /** Opens the edge for {@code m} and starts its instance, if its interface exists. */
  private void tryOpen(Member m) {
    VrrpInstanceConfig c = m.config;
    LinkInfo link;
    try {
      link = rtnl.link(c.interfaceName());
    } catch (NetlinkException e) {
      return; // missing: waited for
    }
    try {
      InetAddress primary = primaryAddress(c);
      InstanceSpec spec = InstanceSpecs.of(c, primary);
      IpVersion ipVersion = c.isIpv6() ? IpVersion.V6 : IpVersion.V4;
      if (c.useVmac()) {
        String vmacName = Vmac.defaultName(c.vrid(), ipVersion);
        new Vmac(rtnl).ensure(vmacName, c.interfaceName(), c.vrid(), ipVersion);
        m.vmacName = vmacName;
        m.sourceMac = Vmac.virtualMac(c.vrid(), ipVersion);
      }
      Port port = port(c.interfaceName());
      port.users++;
      m.port = port;
      if (m.sourceMac == null) {
        m.sourceMac = port.io.interfaceMac();
      }
      port.ownAddresses.add(primary);
      port.io.setOwnAddresses(Set.copyOf(port.ownAddresses));
      if (c.unicast().isPresent()) {
        m.unicast = UnicastVrrpSender.open(c.interfaceName(), primary);
      }
      m.garp = new GratuitousSender(loop, port.io, garpSettings(c));
      m.handoff = new GratuitousSender(loop, port.io,
          new GratuitousSettings(c.garp().count(), c.garp().interval(), Duration.ZERO, Duration.ZERO, 1));
      m.primary = primary;
      m.instance = new VrrpInstance(spec, loop, (s, effect) -> execute(m, effect));
      m.instance.addStepListener((inst, before, step) -> measureAdvertTimer(m, inst, step));
      m.instance.addListener((inst, from, to, reason) -> {
        m.lastTransition = from + " -> " + to;
        m.lastReason = reason.name().toLowerCase(java.util.Locale.ROOT);
        m.lastTransitionMillis = System.currentTimeMillis();
        transitionsTotal.inc(c.name(), from.name(), to.name(), m.lastReason);
        events.publish("vrrp", c.name(), from.name(), to.name(), m.lastReason);
        transitions.transition(m.config, from, to, reason, inst.effectivePriority());
      });
      c.syncGroup().ifPresent(g -> groups.computeIfAbsent(g, n -> new SyncGroup(n, loop)).add(m.instance));
      m.instance.start();
      if (!link.usable()) {
        m.instance.handle(new VrrpEvent.InterfaceDown());
      }
      seedTracks(m);
      feeds.start(c);
      if (m.waitingSince != 0) {
        log.info("{}: interface {} appeared; instance started", c.name(), c.interfaceName());
      }
    } catch (RuntimeException e) {
      log.error("{}: cannot start on {}: {}", c.name(), c.interfaceName(), e.getMessage());
      events.publish("vrrp", c.name(), "INITIALIZE", "FAULT", "cannot start: " + e.getMessage());
      releaseEdge(m);
    }
  }

  private void dispose(Member m, boolean removeVips) {
    feeds.stop(m.config.name());
    if (m.instance != null) {
      m.instance.abandon();
      String group = m.config.syncGroup().orElse(null);
      if (group != null && groups.containsKey(group)) {
        groups.get(group).remove(m.instance);
      }
      if (removeVips && m.instance.snapshot().holdingVips()) {
        deleteVips(m, m.instance.spec().vips());
      }
    }
    releaseEdge(m);
  }

  private void releaseEdge(Member m) {
    if (m.garp != null) {
      m.garp.stop();
    }
    if (m.handoff != null) {
      m.handoff.stop();
    }
    if (m.unicast != null) {
      m.unicast.close();
      m.unicast = null;
    }
    if (m.port != null) {
      m.port.ownAddresses.remove(m.primary);
      if (--m.port.users == 0) {
        m.port.io.close();
        ports.remove(m.port.name);
      }
      m.port = null;
    }
    if (m.vmacName != null) {
      try {
        rtnl.deleteLink(m.vmacName);
      } catch (RuntimeException e) {
        log.warn("{}: could not delete VMAC link {}: {}", m.config.name(), m.vmacName, e.getMessage());
      }
      m.vmacName = null;
    }
    m.instance = null;
  }

  private Port port(String ifName) {
    Port p = ports.get(ifName);
    if (p == null) {
      p = new Port(ifName);
      Port port = p;
      p.io = VrrpPacketIo.open(ifName, frame -> received(port, frame),
          reason -> advertsDropped.inc(ifName, reason.name().toLowerCase(java.util.Locale.ROOT)));
      ports.put(ifName, p);
    }
    return p;
  }

  /** The advert source: {@code unicast.source}, else the interface's first address of the family (IPv6: link-local). */
  private InetAddress primaryAddress(VrrpInstanceConfig c) {
    Optional<InetAddress> configured = c.unicast().flatMap(VrrpInstanceConfig.Unicast::source);
    if (configured.isPresent()) {
      return configured.get();
    }
    Set<InetAddress> vips = new HashSet<>();
    c.virtualIps().forEach(v -> vips.add(v.prefix().address()));
    for (InterfaceAddress a : rtnl.addresses(c.interfaceName())) {
      InetAddress addr = a.address();
      if (vips.contains(addr)) {
        continue;
      }
      if (c.isIpv6() ? addr instanceof Inet6Address v6 && v6.isLinkLocalAddress() : addr instanceof Inet4Address) {
        return addr;
      }
    }
    throw new IllegalStateException(c.interfaceName() + " has no " + (c.isIpv6() ? "IPv6 link-local" : "IPv4")
        + " address to send adverts from (set unicast.source or add one)");
  }

  private static GratuitousSettings garpSettings(VrrpInstanceConfig c) {
    var g = c.garp();
    return new GratuitousSettings(g.count(), g.interval(), g.delay(), g.refresh(), 1);
  }

  /** A crash leaves VIPs behind: remove them so the instance joins as a clean Backup. */
  private void removeLeftoverVips(VrrpInstanceConfig c) {
    for (VirtualIp v : c.virtualIps()) {
      String dev = v.device().orElse(c.interfaceName());
      try {
        if (rtnl.deleteAddress(dev, v.prefix().address(), v.prefix().prefixLength())) {
          log.warn("{}: removed leftover VIP {} from {} before joining", c.name(), v.prefix(), dev);
          events.publish("vrrp", c.name(), "INITIALIZE", "INITIALIZE", "removed leftover VIP " + v.prefix());
        }
      } catch (NetlinkException e) {
        // the device is missing: nothing to clean up
      }
    }
  }

  private void seedTracks(Member m) {
    for (var t : m.config.track().interfaces()) {
      boolean up;
      try {
        up = rtnl.link(t.name()).usable();
      } catch (NetlinkException e) {
        up = false;
      }
      m.instance.track(InstanceSpecs.interfaceTrack(t.name()), new TrackInput.InterfaceState(up));
    }
  }

  // ---- the edge: effects out ------------------------------------------------------------------------

  private void execute(Member m, Effect effect) {
    String name = m.config.name();
    switch (effect) {
      case Effect.SendAdvert send -> sendAdvert(m, send);
      case Effect.AddVips add -> addVips(m, add.vips());
      case Effect.RemoveVips rm -> {
        m.garp.stop();
        deleteVips(m, rm.vips());
      }
      case Effect.SendGratuitous g -> {
        m.handoff.stop();
        m.garp.start(m.sourceMac, g.vips().stream().map(VirtualAddress::address).toList());
      }
      case Effect.PointToNewMaster p -> pointToNewMaster(m, p);
      case Effect.MasterReconfirmed r -> {
        reconfirmations.inc(name);
        log.warn("{}: heard a lower master {} (priority {}); stayed MASTER and re-announced the VIPs", name,
            r.otherMaster().getHostAddress(), r.otherPriority());
        events.publish("vrrp", name, "MASTER", "MASTER", "master reconfirmed over " + r.otherMaster().getHostAddress());
      }
      case Effect.AdvertAnomaly a -> {
        if (a.dropped()) {
          advertsDropped.inc(m.config.interfaceName(), a.reason().name().toLowerCase(java.util.Locale.ROOT));
        }
      }
      case Effect.Notify n -> { } // delivered by the transition listener, after all effects ran
      case Effect.ArmTimer t -> { }
      case Effect.CancelTimer t -> { }
    }
  }

  /**
   * We yielded to another master after announcing the VIPs ourselves: announce them at the MAC
   * the winner's advert came from, sent from our interface MAC (so no switch moves the winner's
   * MAC to our port). With a shared virtual MAC there is nothing to do: the switches follow the
   * winner's next frame.
   */
  private void pointToNewMaster(Member m, Effect.PointToNewMaster p) {
    MacAddress winner = p.newMaster().equals(m.lastAdvertSource) ? m.lastAdvertMac : null;
    if (winner == null || winner.equals(m.sourceMac) || m.port == null) {
      return;
    }
    log.info("{}: yielded to {}; pointing hosts at its MAC {}", m.config.name(), p.newMaster().getHostAddress(), winner);
    m.handoff.start(m.port.io.interfaceMac(), winner, p.vips().stream().map(VirtualAddress::address).toList());
  }

  /**
   * Advert send jitter: how late a periodic advert went out after the deadline its Adver_Timer was
   * due at. Only steps run by that timer count, so re-announces and answers to priority 0 are not
   * mistaken for jitter; the timer keeps its period after a late firing, so one late advert is
   * counted once (not again as an early one).
   */
  private void measureAdvertTimer(Member m, VrrpInstance instance, VrrpMachine.Step step) {
    if (step.reason() == TransitionReason.ADVERT_SENT && instance.firingTimer() == TimerKind.ADVER) {
      long late = loop.clock().nanoTime() - instance.firingDeadlineNanos();
      sendJitter.observe(Math.max(0, late) / 1e9, m.config.name());
    }
  }

  private void sendAdvert(Member m, Effect.SendAdvert send) {
    try {
      for (InetAddress dst : send.destinations()) {
        byte[] payload = VrrpCodec.encode(send.advert(), IpContext.forSending(m.primary, dst));
        if (m.unicast != null) {
          m.unicast.send(dst, payload);
        } else if (m.primary instanceof Inet4Address v4) {
          m.port.io.sendIpv4(m.sourceMac, v4, payload);
        } else {
          m.port.io.sendIpv6(m.sourceMac, (Inet6Address) m.primary, payload);
        }
      }
      advertsSent.inc(m.config.name());
    } catch (RuntimeException e) {
      edgeErrors.inc(m.config.name(), "send_advert");
      log.warn("{}: advert not sent: {}", m.config.name(), e.getMessage());
    }
  }

  private void addVips(Member m, List<VirtualAddress> vips) {
    for (VirtualAddress v : vips) {
      VirtualIp cfg = vipConfig(m, v);
      try {
        rtnl.addAddress(vipDevice(m, cfg), v.address(), v.prefixLength(), cfg == null ? null : cfg.label().orElse(null));
      } catch (RuntimeException e) {
        edgeErrors.inc(m.config.name(), "add_vip");
        log.error("{}: cannot add VIP {}: {}", m.config.name(), v, e.getMessage());
      }
    }
  }

  private void deleteVips(Member m, List<VirtualAddress> vips) {
    for (VirtualAddress v : vips) {
      try {
        rtnl.deleteAddress(vipDevice(m, vipConfig(m, v)), v.address(), v.prefixLength());
      } catch (RuntimeException e) {
        edgeErrors.inc(m.config.name(), "remove_vip");
        log.error("{}: cannot remove VIP {}: {}", m.config.name(), v, e.getMessage());
      }
    }
  }

  private static VirtualIp vipConfig(Member m, VirtualAddress v) {
    for (VirtualIp c : m.config.virtualIps()) {
      if (c.prefix().address().equals(v.address())) {
        return c;
      }
    }
    return null;
  }

  /** The VIP's own device if configured, else the VMAC link, else the instance's interface. */
  private static String vipDevice(Member m, VirtualIp cfg) {
    if (cfg != null && cfg.device().isPresent()) {
      return cfg.device().get();
    }
    return m.vmacName != null ? m.vmacName : m.config.interfaceName();
  }

  // ---- the edge: packets and kernel events in ------------------------------------------------------

  /** On the capture thread: decode there (pure, cheap), hand the result to the VRRP thread. */
  private void received(Port port, VrrpFrame frame) {
    DecodeResult decoded;
    try {
      decoded = VrrpCodec.decode(frame.payload(), new IpContext(frame.source(), frame.destination(), frame.ttl()));
    } catch (RuntimeException e) {
      advertsDropped.inc(port.name, "malformed");
      return;
    }
    switch (decoded) {
      case DecodeResult.Dropped d -> advertsDropped.inc(port.name, d.reason().name().toLowerCase(java.util.Locale.ROOT));
      case DecodeResult.Ok ok -> loop.execute(() -> dispatch(port, frame.source(), frame.sourceMac(), ok.advert()));
    }
  }

  private void dispatch(Port port, InetAddress source, MacAddress sourceMac, VrrpAdvert advert) {
    IpFamily family = source instanceof Inet6Address ? IpFamily.IPV6 : IpFamily.IPV4;
    boolean delivered = false;
    for (Member m : members.values()) {
      if (m.port == port && m.instance != null && m.instance.spec().vrid() == advert.vrid()
          && m.instance.spec().family() == family) {
        m.lastAdvertSource = source; // read by PointToNewMaster, which this very call may emit
        m.lastAdvertMac = sourceMac;
        m.instance.receive(source, advert);
        advertsReceived.inc(m.config.name());
        delivered = true;
      }
    }
    if (!delivered) {
      advertsDropped.inc(port.name, "unknown_vrid");
    }
  }

  private final class Links implements LinkListener {
    @Override
    public void linkChanged(LinkInfo link) {
      loop.execute(() -> onLink(link.name(), link.usable()));
    }

    @Override
    public void linkRemoved(LinkInfo link) {
      loop.execute(() -> onLink(link.name(), false));
    }

    @Override
    public void addressAdded(InterfaceAddress address) {
      loop.execute(() -> retryWaiting(address.ifIndex()));
    }

    @Override
    public void addressRemoved(InterfaceAddress address) {
      loop.execute(() -> restoreVips(address.address()));
    }

    @Override
    public void eventsLost() {
      loop.execute(() -> restoreVips(null));
    }
  }

  private void onLink(String name, boolean usable) {
    for (Member m : List.copyOf(members.values())) {
      if (m.instance == null) {
        if (usable && m.config.interfaceName().equals(name)) {
          tryOpen(m);
        }
        continue;
      }
      if (m.config.interfaceName().equals(name)) {
        m.instance.handle(usable ? new VrrpEvent.InterfaceUp() : new VrrpEvent.InterfaceDown());
      }
      for (var t : m.config.track().interfaces()) {
        if (t.name().equals(name)) {
          m.instance.track(InstanceSpecs.interfaceTrack(name), new TrackInput.InterfaceState(usable));
        }
      }
    }
  }

  /** An instance waiting for its interface's address (the advert source) can start now. */
  private void retryWaiting(int ifIndex) {
    String name;
    try {
      name = rtnl.link(ifIndex).name();
    } catch (RuntimeException e) {
      return;
    }
    for (Member m : List.copyOf(members.values())) {
      if (m.instance == null && m.config.interfaceName().equals(name)) {
        tryOpen(m);
      }
    }
  }

  /**
   * A VIP of a master vanished (someone ran {@code ip addr del}, or NetworkManager flushed the
   * interface): put it back and say so. {@code gone} null means "events were lost: check all".
   */
  private void restoreVips(InetAddress gone) {
    for (Member m : members.values()) {
      if (m.instance == null || !m.instance.snapshot().holdingVips() || m.instance.state() != VrrpState.MASTER) {
        continue;
      }
      for (VirtualAddress v : m.instance.spec().vips()) {
        if (gone != null && !v.address().equals(gone)) {
          continue;
        }
        String dev = vipDevice(m, vipConfig(m, v));
        try {
          VirtualIp cfg = vipConfig(m, v);
          if (rtnl.addAddress(dev, v.address(), v.prefixLength(), cfg == null ? null : cfg.label().orElse(null))) {
            vipRestorations.inc(m.config.name());
            log.warn("{}: VIP {} was removed from {} behind Tandem's back while MASTER; restored", m.config.name(), v, dev);
            events.publish("vrrp", m.config.name(), "MASTER", "MASTER", "VIP " + v + " restored on " + dev);
            m.garp.start(m.sourceMac, List.of(v.address()));
          }
        } catch (RuntimeException e) {
          edgeErrors.inc(m.config.name(), "restore_vip");
          log.error("{}: cannot restore VIP {}: {}", m.config.name(), v, e.getMessage());
        }
      }
    }
  }

  // ---- plumbing -----------------------------------------------------------------------------------

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
      throw new IllegalStateException("the VRRP thread did not answer within " + CALL_TIMEOUT);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One interface's packet I/O, shared by the instances on it. */
  private static final class Port {
    final String name;
    VrrpPacketIo io;
    int users;
    final Set<InetAddress> ownAddresses = new HashSet<>();

    Port(String name) {
      this.name = name;
    }
  }

  /** A configured instance and its edge; {@code instance} is null while its interface is missing. */
  private static final class Member {
    volatile VrrpInstanceConfig config;
    VrrpInstance instance;
    Port port;
    String vmacName;
    MacAddress sourceMac;
    UnicastVrrpSender unicast;
    GratuitousSender garp;
    GratuitousSender handoff;
    InetAddress lastAdvertSource;
    MacAddress lastAdvertMac;
    InetAddress primary;
    long waitingSince;
    boolean gaveUp;
    String lastTransition = "";
    String lastReason = "";
    long lastTransitionMillis;

    Member(VrrpInstanceConfig config) {
      this.config = config;
    }

    boolean holdingVips() {
      return instance != null && instance.snapshot().holdingVips();
    }

    String stateName() {
      if (instance == null) {
        return gaveUp ? "FAULT" : "WAITING";
      }
      return instance.state().name();
    }

    double stateCode() {
      if (instance == null) {
        return gaveUp ? 3 : 4;
      }
      return switch (instance.state()) {
        case INITIALIZE -> 0;
        case BACKUP -> 1;
        case MASTER -> 2;
        case FAULT -> 3;
      };
    }

    InstanceView view() {
      VrrpInstanceConfig c = config;
      List<String> reasons = new ArrayList<>();
      int effective = c.priority();
      String master = "";
      if (instance == null) {
        reasons.add("interface " + c.interfaceName() + " missing");
      } else {
        effective = instance.effectivePriority();
        VrrpSnapshot s = instance.snapshot();
        reasons.addAll(s.tracks().reasons());
        if (instance.state() == VrrpState.MASTER) {
          master = primary.getHostAddress() + " (this node)";
        } else if (s.lastMaster() != null) {
          master = s.lastMaster().getHostAddress();
        }
      }
      List<String> vips = c.virtualIps().stream().map(v -> v.prefix().toString()).toList();
      return new InstanceView(c.name(), c.interfaceName(), c.vrid(), stateName(), c.priority(), effective, reasons,
          master, lastTransition, lastReason, lastTransitionMillis, vips);
    }
  }
}
