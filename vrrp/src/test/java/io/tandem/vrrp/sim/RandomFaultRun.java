package io.tandem.vrrp.sim;

import io.tandem.vrrp.fsm.InstanceSpec;
import io.tandem.vrrp.fsm.TrackInput;
import io.tandem.vrrp.fsm.TrackSpec;
import io.tandem.vrrp.fsm.VrrpSnapshot;
import io.tandem.vrrp.fsm.VrrpState;
import io.tandem.vrrp.packet.VrrpVersion;
import io.tandem.vrrp.sim.SimSegment.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One seeded run: a random cluster (2–4 hosts, each running one instance or two in a sync group;
 * v2/v3, IPv4/IPv6, multicast/unicast, equal or mixed intervals, priorities with ties, an owner
 * sometimes, nopreempt and preempt delay sometimes) goes through episodes of random faults (loss,
 * duplication, delay and jitter, partitions, one-way cuts, crashes, restarts, graceful stops,
 * resigns, priority changes, track faults, link flaps), each followed by a fault-free window in
 * which the invariants must hold:
 *
 * <ol>
 *   <li>after Master_Down_Interval + one interval (+ preempt delay) of quiet, exactly one MASTER
 *       per VRID among the running, non-FAULT nodes;
 *   <li>no running node that would preempt has a higher effective priority than that master (equal
 *       priority does not preempt, RFC 5798 §6.4.2; nopreempt/resigned nodes do not either);
 *   <li>only the master holds the VIPs: never a FAULT node (checked at every transition), nor a
 *       stopped or crashed one;
 *   <li>no state change at all during the rest of the quiet window, and no unexpected events.
 * </ol>
 */
public final class RandomFaultRun {
  /** The quiet check runs after this, in addition to the worst Master_Down_Interval and preempt delay. */
  private static final int SETTLE_INTERVALS = 4;
  private static final int STABLE_INTERVALS = 4;

  public record Outcome(long seed, List<String> violations, String description, String trace, long transitions,
      long packets) {
    public boolean failed() {
      return !violations.isEmpty();
    }
  }

  private final long seed;
  private final Random r;
  private final SimSegment seg;
  /** The longest advert interval in the cluster: settle and stable windows are measured in it. */
  private final Duration interval;
  private final Duration preemptDelay;
  /** Nodes per host: one, or two instances in a sync group (VRIDs 42 and 43). */
  private final List<List<Node>> hosts = new ArrayList<>();
  private final int[] externalWeight;
  private final StringBuilder description = new StringBuilder();

  public RandomFaultRun(long seed, int traceLimit) {
    this.seed = seed;
    this.r = new Random(seed * 0x9E3779B97F4A7C15L + 1);
    this.seg = new SimSegment(seed, traceLimit);
    boolean v2 = r.nextInt(4) == 0;
    boolean ipv6 = !v2 && r.nextInt(5) == 0;
    List<Duration> v3Intervals = List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(1));
    Duration common = v2 ? Duration.ofSeconds(1) : v3Intervals.get(r.nextInt(3));
    boolean mixedIntervals = !v2 && r.nextInt(5) == 0; // v3 backups learn the master's interval
    boolean unicast = r.nextInt(3) == 0;
    boolean syncPairs = r.nextInt(6) == 0;
    this.preemptDelay = r.nextInt(5) == 0 ? common.multipliedBy(1 + r.nextInt(4)) : Duration.ZERO;
    String password = v2 && r.nextBoolean() ? "s3cret" : null;
    int hostCount = 2 + r.nextInt(3);
    boolean owner = r.nextInt(8) == 0;
    description.append(String.format("%d hosts%s, %s%s, interval %s%s, %s, preempt delay %s%n", hostCount,
        syncPairs ? " x 2 instances in a sync group" : "", v2 ? "VRRPv2" : "VRRPv3", ipv6 ? "/IPv6" : "/IPv4", common,
        mixedIntervals ? " (mixed)" : "", unicast ? "unicast" : "multicast", preemptDelay));
    Duration longest = common;
    List<InstanceSpec> specs = new ArrayList<>();
    for (int h = 0; h < hostCount; h++) {
      String primary = ipv6 ? "2001:db8::" + (h + 1) : "192.0.2." + (h + 1);
      // Members of one sync group share priority and preempt mode: conflicting ones flap by design.
      int priority = owner && h == 0 ? 255 : List.of(100, 150, 200, 1 + r.nextInt(254)).get(r.nextInt(4));
      boolean preempt = r.nextInt(5) != 0;
      Duration hostInterval = mixedIntervals ? v3Intervals.get(r.nextInt(3)) : common;
      if (hostInterval.compareTo(longest) > 0) {
        longest = hostInterval;
      }
      List<Node> members = new ArrayList<>();
      for (int k = 0; k < (syncPairs ? 2 : 1); k++) {
        InstanceSpec.Builder b = InstanceSpec.builder("h" + h + (syncPairs ? "ab".charAt(k) : ""), 42 + k)
            .version(v2 ? VrrpVersion.V2 : VrrpVersion.V3)
            .priority(priority)
            .advertInterval(hostInterval)
            .preempt(preempt)
            .preemptDelay(preemptDelay)
            .password(password)
            .primaryAddress(primary)
            .vip(ipv6 ? "2001:db8::" + (100 + k) + "/64" : "192.0.2." + (100 + k) + "/24")
            .track(TrackSpec.external("quorum"));
        if (syncPairs) {
          b.syncGroup("g" + h);
        }
        if (unicast) {
          for (int j = 0; j < hostCount; j++) {
            if (j != h) {
              b.unicastPeer(ipv6 ? "2001:db8::" + (j + 1) : "192.0.2." + (j + 1));
            }
          }
        }
        InstanceSpec spec = b.build();
        members.add(seg.addNode(spec));
        specs.add(spec);
      }
      if (syncPairs) {
        seg.syncGroup("g" + h, members.toArray(Node[]::new));
      }
      hosts.add(members);
      description.append(String.format("  host %d %s priority %d%s interval %s%n", h, primary, priority,
          preempt ? "" : " nopreempt", hostInterval));
    }
    this.interval = longest;
    this.externalWeight = new int[seg.nodes().size()];
  }

  public SimSegment segment() {
    return seg;
  }

  public Outcome run() {
    try {
      runEpisodes();
    } catch (SimSegment.RunawayException e) {
      seg.violation(null, e.getMessage());
    }
    return new Outcome(seed, List.copyOf(seg.violations()), description.toString(), seg.formatTrace(),
        seg.transitions(), seg.packetsSent());
  }

  private void runEpisodes() {
    for (Node n : seg.nodes()) {
      long offset = (long) (r.nextDouble() * interval.toNanos());
      seg.clock.schedule(offset, () -> seg.start(n));
    }
    quietWindow("initial convergence");
    int episodes = 3 + r.nextInt(4);
    for (int e = 0; e < episodes && seg.violations().isEmpty(); e++) {
      faultPhase();
      restoreForQuiet();
      quietWindow("after episode " + (e + 1));
    }
    // Graceful stop of everyone at the end: all VIPs released within the bound.
    for (Node n : seg.nodes()) {
      seg.stop(n);
    }
    seg.run(interval.multipliedBy(3));
    for (Node n : seg.nodes()) {
      if (n.holdingVips()) {
        seg.violation(n, "still holds VIPs " + interval.multipliedBy(3) + " after a graceful stop");
      }
    }
    if (seg.unexpectedEvents() != 0) {
      seg.violation(null, seg.unexpectedEvents() + " unexpected events");
    }
  }

  private void faultPhase() {
    long phaseNanos = (long) (r.nextDouble() * 2 * seg.worstMasterDown().toNanos());
    int actions = 1 + r.nextInt(5);
    List<Long> at = new ArrayList<>();
    for (int i = 0; i < actions; i++) {
      at.add((long) (r.nextDouble() * phaseNanos));
    }
    at.sort(null);
    long now = 0;
    for (long t : at) {
      seg.run(Duration.ofNanos(t - now));
      now = t;
      randomFault();
    }
    seg.run(Duration.ofNanos(phaseNanos - now));
  }

  private void randomFault() {
    List<Node> host = hosts.get(r.nextInt(hosts.size()));
    Node one = host.get(r.nextInt(host.size()));
    switch (r.nextInt(10)) {
      case 0 -> seg.impair(r.nextInt(61), r.nextInt(31), Duration.ofMillis(1 + r.nextInt(3)),
          Duration.ofNanos((long) (r.nextDouble() * interval.toNanos())));
      case 1 -> {
        if (r.nextBoolean()) {
          // One-way failure between two hosts: one hears the other, not the reverse.
          List<Node> other = hosts.get(r.nextInt(hosts.size()));
          for (int k = 0; k < Math.min(host.size(), other.size()); k++) {
            if (host.get(k) != other.get(k)) {
              seg.cutOneWay(host.get(k), other.get(k));
            }
          }
          return;
        }
        int[] groups = new int[seg.nodes().size()];
        for (List<Node> h : hosts) {
          int side = r.nextInt(2);
          h.forEach(n -> groups[n.index] = side);
        }
        seg.partition(groups);
      }
      case 2 -> host.forEach(n -> {
        seg.crash(n);
        externalWeight[n.index] = 0; // a restarted instance starts from its configured tracks
      });
      case 3 -> host.forEach(seg::stop);
      case 4 -> host.forEach(seg::restart);
      case 5 -> {
        // A priority change hits the whole host, so that sync-group members keep agreeing.
        int w = r.nextInt(121) - 60;
        for (Node n : host) {
          if (n.alive()) { // the array mirrors what the running instance was told
            externalWeight[n.index] = w;
            seg.track(n, "quorum", new TrackInput.ExternalWeight(w, false));
          }
        }
      }
      case 6 -> seg.track(one, "quorum", new TrackInput.ExternalWeight(externalWeight[one.index], r.nextBoolean()));
      case 7 -> {
        boolean up = !one.linkUp();
        host.forEach(n -> seg.link(n, up));
      }
      case 8 -> seg.nodes().stream().filter(n -> n.state() == VrrpState.MASTER).findFirst().ifPresent(seg::resign);
      default -> seg.heal();
    }
  }

  /** End of the fault phase: a clean network, links up, faults cleared; some dead nodes come back. */
  private void restoreForQuiet() {
    seg.heal();
    for (List<Node> host : hosts) {
      boolean restart = r.nextInt(3) != 0;
      for (Node n : host) {
        seg.link(n, true);
        if (n.alive() && n.instance().snapshot().tracks().faulted()) {
          seg.track(n, "quorum", new TrackInput.ExternalWeight(externalWeight[n.index], false));
        }
        if (restart) {
          seg.restart(n);
        }
      }
    }
  }

  private void quietWindow(String when) {
    Duration settle = seg.worstMasterDown().plus(interval.multipliedBy(SETTLE_INTERVALS)).plus(preemptDelay);
    seg.run(settle);
    checkConverged(when);
    long before = seg.transitions();
    seg.run(interval.multipliedBy(STABLE_INTERVALS));
    if (seg.transitions() != before) {
      seg.violation(null, (seg.transitions() - before) + " state change(s) on a stable network (" + when + ")");
    }
    checkConverged(when + ", end of stable window");
  }

  private void checkConverged(String when) {
    for (int vrid : seg.nodes().stream().mapToInt(n -> n.spec().vrid()).distinct().toArray()) {
      checkConverged(when, seg.nodes().stream().filter(n -> n.spec().vrid() == vrid).toList());
    }
  }

  private void checkConverged(String when, List<Node> nodes) {
    List<Node> running = nodes.stream()
        .filter(n -> n.alive() && n.state() != VrrpState.FAULT && n.state() != VrrpState.INITIALIZE).toList();
    List<Node> masters = running.stream().filter(n -> n.state() == VrrpState.MASTER).toList();
    if (!running.isEmpty() && masters.size() != 1) {
      seg.violation(null, "invariant 1 (" + when + "): " + masters.size() + " masters among " + running);
      return;
    }
    Node master = masters.isEmpty() ? null : masters.get(0);
    if (master != null) {
      int mp = master.instance().effectivePriority();
      for (Node n : running) {
        VrrpSnapshot s = n.instance().snapshot();
        boolean preempts = n.spec().isAddressOwner() || (n.spec().preempt() && !s.yielded());
        if (n != master && preempts && n.instance().effectivePriority() > mp) {
          seg.violation(n, "invariant 2 (" + when + "): priority " + n.instance().effectivePriority()
              + " preempting backup under master " + master + " with " + mp);
        }
      }
    }
    for (Node n : nodes) {
      if (n.holdingVips() && n != master) {
        seg.violation(n, "invariant 3 (" + when + "): holds VIPs in " + n.state() + (n.alive() ? "" : " (dead)"));
      }
    }
    if (master != null && !master.holdingVips()) {
      seg.violation(master, "master without VIPs (" + when + ")");
    }
  }
}
