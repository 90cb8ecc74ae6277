package io.tandem.vrrp.sim;

import io.tandem.testkit.FakeScheduler;
import io.tandem.vrrp.fsm.Effect;
import io.tandem.vrrp.fsm.InstanceSpec;
import io.tandem.vrrp.fsm.SyncGroup;
import io.tandem.vrrp.fsm.TrackInput;
import io.tandem.vrrp.fsm.VrrpEvent;
import io.tandem.vrrp.fsm.VrrpInstance;
import io.tandem.vrrp.fsm.VrrpMachine;
import io.tandem.vrrp.fsm.VrrpState;
import io.tandem.vrrp.packet.DecodeResult;
import io.tandem.vrrp.packet.IpContext;
import io.tandem.vrrp.packet.VrrpCodec;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * A simulated Ethernet segment: nodes exchange real encoded VRRP packets through the codec, with
 * seeded loss, delay, jitter (reordering), duplication and partitions, on one virtual clock.
 * Everything observable (state changes, VIP moves, faults injected) goes into a bounded trace.
 */
public final class SimSegment {
  /** A state change seen on the segment. */
  public record Transition(long nanos, VrrpState from, VrrpState to, io.tandem.vrrp.fsm.TransitionReason reason) {}

  /** One trace line; formatted only when a failure is reported. */
  public record TraceEntry(long nanos, String node, String what) {
    @Override
    public String toString() {
      return String.format("%10.3f ms  %-6s %s", nanos / 1e6, node, what);
    }
  }

  /** A simulated host running one VRRP instance. */
  public final class Node {
    final int index;
    InstanceSpec spec;
    VrrpInstance instance;
    SyncGroup syncGroup;
    boolean alive;
    boolean holdingVips;
    boolean linkUp = true;
    int partition;
    long incarnation;
    long gratuitousBursts;
    long handOffBursts;
    long reconfirmations;
    long lastSendNanos = -1;
    final List<Transition> transitions = new ArrayList<>();

    Node(int index, InstanceSpec spec) {
      this.index = index;
      this.spec = spec;
    }

    public String name() {
      return spec.name();
    }

    public InstanceSpec spec() {
      return spec;
    }

    public VrrpInstance instance() {
      return instance;
    }

    public boolean alive() {
      return alive;
    }

    public boolean holdingVips() {
      return holdingVips;
    }

    public long gratuitousBursts() {
      return gratuitousBursts;
    }

    /** Bursts that pointed hosts at a new master this node yielded to. */
    public long handOffBursts() {
      return handOffBursts;
    }

    public long reconfirmations() {
      return reconfirmations;
    }

    /** When this node last put an advert on the wire (virtual ns), -1 if never. */
    public long lastSendNanos() {
      return lastSendNanos;
    }

    /** Every state change of this node, in order. */
    public List<Transition> transitions() {
      return transitions;
    }

    /** Virtual time of the last change into {@code to}, or -1. */
    public long lastTransitionTo(VrrpState to) {
      for (int i = transitions.size() - 1; i >= 0; i--) {
        if (transitions.get(i).to() == to) {
          return transitions.get(i).nanos();
        }
      }
      return -1;
    }

    public VrrpState state() {
      return alive ? instance.state() : VrrpState.INITIALIZE;
    }

    public boolean linkUp() {
      return linkUp;
    }

    public int partition() {
      return partition;
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /** A run that changes state this often is livelocked; abort it rather than run out of memory. */
  static final long RUNAWAY_TRANSITIONS = 100_000;

  /** Thrown from inside the event loop to stop a livelocked run. */
  public static final class RunawayException extends RuntimeException {
    RunawayException(String message) {
      super(message);
    }
  }

  public final FakeScheduler clock = new FakeScheduler();
  private final Random random;
  private final List<Node> nodes = new ArrayList<>();
  private final Deque<TraceEntry> trace = new ArrayDeque<>();
  private final int traceLimit;
  private final List<String> violations = new ArrayList<>();
  private long transitions;
  private long retiredUnexpected;
  private long packetsSent;
  private long packetsDelivered;

  // Fault knobs.
  private final java.util.Set<Long> oneWayCuts = new java.util.HashSet<>();
  private int lossPercent;
  private int duplicatePercent;
  private long baseDelayNanos = 200_000; // 0.2 ms on a quiet LAN
  private long jitterNanos;

  public SimSegment(long seed, int traceLimit) {
    this.random = new Random(seed);
    this.traceLimit = traceLimit;
  }

  public Node addNode(InstanceSpec spec) {
    Node n = new Node(nodes.size(), spec);
    nodes.add(n);
    return n;
  }

  public List<Node> nodes() {
    return nodes;
  }

  public Node node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  /** Nodes listed join one sync group (they represent instances on the same host). */
  public SyncGroup syncGroup(String name, Node... members) {
    SyncGroup g = new SyncGroup(name, clock);
    for (Node n : members) {
      n.syncGroup = g;
    }
    return g;
  }

  // --- lifecycle ------------------------------------------------------------------------------

  public void start(Node n) {
    if (n.alive) {
      throw new IllegalStateException(n + " already running");
    }
    if (n.instance != null) {
      retiredUnexpected += n.instance.stats().unexpectedEvents();
    }
    n.alive = true;
    n.incarnation++;
    n.holdingVips = false;
    long incarnation = n.incarnation;
    n.instance = new VrrpInstance(n.spec, clock, (spec, effect) -> onEffect(n, incarnation, effect));
    n.instance.addListener((inst, from, to, reason) -> onTransition(n, from, to, reason));
    if (n.syncGroup != null) {
      n.syncGroup.add(n.instance);
    }
    if (!n.linkUp) {
      n.instance.handle(VrrpEvent.INTERFACE_DOWN);
    }
    log(n, "start (priority " + n.spec.basePriority() + ")");
    n.instance.start();
  }

  /** Power loss: no priority 0, timers gone, the VIPs vanish with the host. */
  public void crash(Node n) {
    if (!n.alive) {
      return;
    }
    log(n, "CRASH in " + n.instance.state());
    n.instance.abandon();
    if (n.syncGroup != null) {
      n.syncGroup.remove(n.instance);
    }
    n.alive = false;
    n.holdingVips = false;
  }

  /** Graceful stop: the instance sends priority 0 and releases; it keeps receiving until released. */
  public void stop(Node n) {
    if (!n.alive || n.instance.state() == VrrpState.INITIALIZE) {
      return;
    }
    log(n, "graceful stop");
    n.instance.stop();
  }

  /** Brings a stopped/crashed node back: a fresh instance for a crash, Startup for a graceful stop. */
  public void restart(Node n) {
    if (!n.alive) {
      start(n);
    } else if (n.instance.state() == VrrpState.INITIALIZE) {
      log(n, "restart after graceful stop");
      n.instance.start();
    }
  }

  public void resign(Node n) {
    if (n.alive && n.instance.state() == VrrpState.MASTER) {
      log(n, "resign");
      n.instance.resign();
    }
  }

  public void link(Node n, boolean up) {
    if (n.linkUp == up) {
      return;
    }
    n.linkUp = up;
    log(n, "link " + (up ? "up" : "down"));
    if (n.alive) {
      n.instance.handle(up ? VrrpEvent.INTERFACE_UP : VrrpEvent.INTERFACE_DOWN);
    }
  }

  public void track(Node n, String track, TrackInput input) {
    if (n.alive) {
      log(n, "track " + track + " := " + input);
      n.instance.track(track, input);
    }
  }

  // --- network knobs --------------------------------------------------------------------------

  public void impair(int lossPercent, int duplicatePercent, Duration baseDelay, Duration jitter) {
    this.lossPercent = lossPercent;
    this.duplicatePercent = duplicatePercent;
    this.baseDelayNanos = baseDelay.toNanos();
    this.jitterNanos = jitter.toNanos();
    log(null, "network: loss " + lossPercent + "%, dup " + duplicatePercent + "%, delay " + baseDelay.toNanos() / 1e6
        + " ms + jitter " + jitter.toNanos() / 1e6 + " ms");
  }

  /** Puts each node in the partition given by its index in {@code groups}. */
  public void partition(int... groups) {
    for (int i = 0; i < nodes.size(); i++) {
      nodes.get(i).partition = groups[i];
    }
    log(null, "partition " + java.util.Arrays.toString(groups));
  }

  /** Drops everything {@code from} sends to {@code to} (a one-way link failure), until {@link #heal}. */
  public void cutOneWay(Node from, Node to) {
    oneWayCuts.add(((long) from.index << 32) | to.index);
    log(null, "one-way cut " + from + " -> " + to);
  }

  /** Clean network: no loss, no duplicates, 0.2 ms delay, one partition, no one-way cuts. */
  public void heal() {
    impair(0, 0, Duration.ofNanos(200_000), Duration.ZERO);
    for (Node n : nodes) {
      n.partition = 0;
    }
    oneWayCuts.clear();
  }

  public void run(Duration d) {
    clock.advance(d);
  }

  // --- wiring ---------------------------------------------------------------------------------

  private void onEffect(Node n, long incarnation, Effect effect) {
    if (!n.alive || n.incarnation != incarnation) {
      return;
    }
    switch (effect) {
      case Effect.SendAdvert send -> transmit(n, send);
      case Effect.AddVips add -> {
        n.holdingVips = true;
        log(n, "add VIPs");
      }
      case Effect.RemoveVips remove -> {
        n.holdingVips = false;
        log(n, "remove VIPs");
      }
      case Effect.SendGratuitous g -> n.gratuitousBursts++;
      case Effect.PointToNewMaster p -> n.handOffBursts++;
      case Effect.MasterReconfirmed r -> {
        n.reconfirmations++;
        log(n, "master reconfirmed against " + r.otherMaster().getHostAddress() + " (prio " + r.otherPriority() + ")");
      }
      case Effect.Notify notify -> {
        if (notify.to() == VrrpState.FAULT && n.holdingVips) {
          violation(n, "entered FAULT while holding VIPs");
        }
      }
      default -> { }
    }
  }

  private void onTransition(Node n, VrrpState from, VrrpState to, io.tandem.vrrp.fsm.TransitionReason reason) {
    if (++transitions > RUNAWAY_TRANSITIONS) {
      throw new RunawayException(transitions + " state changes: the cluster never settles");
    }
    n.transitions.add(new Transition(clock.nanoTime(), from, to, reason));
    log(n, from + " → " + to + " (" + reason + ") prio " + n.instance.effectivePriority());
  }

  private void transmit(Node sender, Effect.SendAdvert send) {
    if (!sender.linkUp) {
      return;
    }
    packetsSent++;
    sender.lastSendNanos = clock.nanoTime();
    log(sender, "send prio " + send.priority());
    for (InetAddress destination : send.destinations()) {
      IpContext ip = IpContext.forSending(sender.spec.primaryAddress(), destination);
      byte[] bytes = VrrpCodec.encode(send.advert(), ip);
      boolean multicast = destination.isMulticastAddress();
      for (Node receiver : nodes) {
        if (receiver == sender || receiver.spec.vrid() != send.advert().vrid()) {
          continue; // the edge demultiplexes by VRID; multicast loop is off
        }
        if (!multicast && !receiver.spec.primaryAddress().equals(destination)) {
          continue;
        }
        if (receiver.partition != sender.partition || random.nextInt(100) < lossPercent
            || (!oneWayCuts.isEmpty() && oneWayCuts.contains(((long) sender.index << 32) | receiver.index))) {
          continue;
        }
        deliverLater(receiver, bytes, ip);
        if (random.nextInt(100) < duplicatePercent) {
          deliverLater(receiver, bytes, ip);
        }
      }
    }
  }

  private void deliverLater(Node receiver, byte[] bytes, IpContext ip) {
    long delay = baseDelayNanos + (jitterNanos > 0 ? (long) (random.nextDouble() * jitterNanos) : 0);
    long incarnation = receiver.incarnation;
    clock.schedule(delay, () -> {
      if (!receiver.alive || receiver.incarnation != incarnation || !receiver.linkUp) {
        return;
      }
      VrrpInstance inst = receiver.instance;
      if (inst.state() == VrrpState.INITIALIZE && !inst.snapshot().releasing()) {
        return; // a stopped daemon has closed its socket
      }
      if (VrrpCodec.decode(bytes, ip) instanceof DecodeResult.Ok ok) {
        packetsDelivered++;
        inst.receive(ip.source(), ok.advert());
      } else {
        violation(receiver, "own codec rejected a packet it encoded");
      }
    });
  }

  // --- trace and checks -----------------------------------------------------------------------

  public void log(Node n, String what) {
    if (traceLimit <= 0) {
      return;
    }
    if (trace.size() >= traceLimit) {
      trace.removeFirst();
    }
    trace.addLast(new TraceEntry(clock.nanoTime(), n == null ? "net" : n.name(), what));
  }

  public void violation(Node n, String what) {
    String line = String.format("t=%.3f ms, %s: %s", clock.nanoTime() / 1e6, n == null ? "segment" : n.name(), what);
    violations.add(line);
    log(n, "VIOLATION " + what);
  }

  public List<String> violations() {
    return violations;
  }

  public long transitions() {
    return transitions;
  }

  /** Unexpected events counted by every instance this segment ever ran. */
  public long unexpectedEvents() {
    long n = retiredUnexpected;
    for (Node node : nodes) {
      if (node.instance != null) {
        n += node.instance.stats().unexpectedEvents();
      }
    }
    return n;
  }

  public long packetsSent() {
    return packetsSent;
  }

  public long packetsDelivered() {
    return packetsDelivered;
  }

  public String formatTrace() {
    StringBuilder sb = new StringBuilder();
    for (TraceEntry e : trace) {
      sb.append("  ").append(e).append('\n');
    }
    return sb.toString();
  }

  /** Master_Down_Interval upper bound of any node: 3 × interval + skew ≤ 4 × interval (v3); v2 adds ≤ 1 s. */
  public Duration worstMasterDown() {
    Duration worst = Duration.ZERO;
    for (Node n : nodes) {
      VrrpMachine m = new VrrpMachine(n.spec);
      Duration d = n.spec.advertInterval().multipliedBy(3).plus(m.skewTime(1, n.spec.advertInterval()));
      if (d.compareTo(worst) > 0) {
        worst = d;
      }
    }
    return worst;
  }
}
