package io.tandem.e2e.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.e2e.migrate.VrrpCapture.Advert;
import io.tandem.e2e.support.KeepalivedNode;
import io.tandem.e2e.support.TandemNode;
import io.tandem.testkit.NetnsLab;
import io.tandem.testkit.Requirements;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Equivalence on the wire of {@code tandem import}. For each {@link WireCase}, a pair of keepalived
 * configurations runs as keepalived + keepalived (the reference) on one bridge and, at the same
 * time on a second bridge, as keepalived (A, {@code a.conf}) + Tandem (B, started from what
 * {@code tandem import b.conf} wrote). Both pairs go through the same scenario: A starts alone; B
 * joins; the master is stopped (SIGTERM) and the other takes over; it comes back and preemption
 * decides; when the VIP stayed away, the same once more the other way. The test then compares:
 *
 * <ul>
 *   <li>the master after every step, and that the reference's are the ones the case expects
 *       (higher priority wins, unless {@code nopreempt});
 *   <li>the VIPs each side holds as master (address, prefix, scope, label, flags), none on the backup;
 *   <li>every VRRP packet each side put on its bridge, decoded from a tcpdump capture by this test
 *       (not by Tandem's codec): version, type, VRID, priority, interval, auth type and data,
 *       addresses, destination, TTL, source MAC, checksum; and the advert period measured on the
 *       wire against the configured interval.
 * </ul>
 *
 * One lab for the class (prefix "mg": two bridges, four directors); every wait is bounded.
 */
class WireEquivalenceIT {
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final Duration START_BOUND = Duration.ofSeconds(40);
  private static final Duration STOP_BOUND = Duration.ofSeconds(10);

  @TempDir
  static Path tmp;

  private static NetnsLab lab;
  private static Segment reference;
  private static Segment underTest;

  @BeforeAll
  static void lab() {
    Requirements.requireRoot();
    Requirements.requireCommand("keepalived");
    Requirements.requireCommand("tcpdump");
    Requirements.require(Files.isExecutable(TandemNode.home().resolve("bin/tandem")), "the packaged daemon (bin/tandem)");
    lab = new NetnsLab("mg");
    try {
      reference = new Segment(lab, "ref", "keepalived+keepalived");
      underTest = new Segment(lab, "tan", "keepalived+tandem");
    } catch (RuntimeException | Error e) {
      lab.close();
      throw e;
    }
  }

  @AfterAll
  static void closeLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(WireCase.class)
  void tandemFromTheImportedConfigBehavesLikeKeepalivedOnTheWire(WireCase c) throws Exception {
    long t0 = System.nanoTime();
    ImportedTandem imported = ImportedTandem.importClean(c.b(), Files.createDirectories(tmp.resolve(c.dir + "-import")));

    CompletableFuture<Outcome> ref = CompletableFuture.supplyAsync(
        () -> run(c, reference, new Keepalived(reference, "B", c, c.b())), Thread::startVirtualThread);
    CompletableFuture<Outcome> tan = CompletableFuture.supplyAsync(
        () -> run(c, underTest, new Tandem(underTest, imported)), Thread::startVirtualThread);
    Outcome r = join(ref, tan);
    Outcome t = join(tan, ref);
    System.out.printf("[%s] %s: %s%n[%s] %s: %s%n", c, reference, r.summary(), c, underTest, t.summary());

    assertThat(r.masters).as("masters of the reference keepalived pair along the scenario (the case's premise)")
        .isEqualTo(c.masters);
    assertThat(t.masters).as("masters along the scenario, Tandem as B vs keepalived as B").isEqualTo(r.masters);
    assertThat(t.vips).as("VIPs held as master, per side").isEqualTo(r.vips);
    for (String side : List.of("A", "B")) {
      assertThat(t.fields(side)).as("distinct VRRP packets sent by %s (every field but timing)", side)
          .isEqualTo(r.fields(side));
    }
    assertThat(t.adverts).as("every advert's checksum").allMatch(Advert::checksumOk);
    double ms = c.interval.toMillis();
    assertThat(r.medianGapMs("B")).as("keepalived B's advert period on the wire").isBetween(ms * 0.7, ms * 1.3);
    assertThat(t.medianGapMs("B")).as("Tandem B's advert period on the wire").isBetween(ms * 0.7, ms * 1.3);
    System.out.printf("[%s] equivalent in %.1f s%n", c, (System.nanoTime() - t0) / 1e9);
  }

  /** The result of {@code f}; when it failed, its failure (with the other run's, if any, suppressed). */
  private static Outcome join(CompletableFuture<Outcome> f, CompletableFuture<Outcome> other) throws Exception {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      try {
        other.get();
      } catch (ExecutionException o) {
        cause.addSuppressed(o.getCause());
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw (Exception) cause;
    }
  }

  /** The scenario on {@code seg}, with A = keepalived from a.conf and {@code b} as director B. */
  private static Outcome run(WireCase c, Segment seg, Router b) {
    Router a = new Keepalived(seg, "A", c, c.a());
    Map<String, Router> side = Map.of("A", a, "B", b);
    Outcome o = new Outcome(seg);
    Supplier<String> why = () -> diagnosis(seg, a, b);
    VrrpCapture capture = VrrpCapture.start(seg.lab, seg.sw, "br0", tmp.resolve(c.dir + "-" + seg.sw + ".pcap"));
    try {
      a.start();
      Bounded.until(seg + ": A alone becomes MASTER", BOUND, () -> a.state().equals("MASTER"), why);
      o.mark("A master");
      b.start();
      o.mark("B started");
      int step = 0;
      String master = settle(c, seg, side, c.masters.get(step++), why, o);
      while (true) {
        String stopped = master;
        String other = otherOf(stopped);
        // Failover: the master stops gracefully; the other takes over with the VIPs.
        side.get(stopped).stop();
        assertThat(c.masters.get(step++)).as("case %s: after %s stops, only %s is left", c, stopped, other)
            .isEqualTo(other);
        Bounded.until(seg + ": " + other + " takes over when " + stopped + " stops", BOUND,
            () -> side.get(other).state().equals("MASTER") && !seg.vips(other).isEmpty() && seg.vips(stopped).isEmpty(),
            why);
        o.masters.add(other);
        o.vips.put(other, seg.vips(other));
        o.mark(stopped + " stopped, " + other + " master");
        // It comes back: preemption decides (nopreempt: the VIP stays where it is).
        side.get(stopped).start();
        o.mark(stopped + " started");
        String next = settle(c, seg, side, c.masters.get(step++), why, o);
        if (step >= c.masters.size()) {
          break;
        }
        master = next;
      }
    } finally {
      // The capture ends with the scenario: how the two are torn down is not part of it.
      o.adverts.addAll(capture.stop());
      CompletableFuture<Void> stopA = CompletableFuture.runAsync(a::stop, Thread::startVirtualThread);
      b.stop();
      stopA.join();
      seg.clearVips();
      o.mark("both stopped");
    }
    return o;
  }

  /**
   * Waits until {@code expected} is MASTER and the other BACKUP, checks that this lasts the case's
   * hold time with the VIPs only on the master, and records it.
   */
  private static String settle(WireCase c, Segment seg, Map<String, Router> side, String expected,
      Supplier<String> why, Outcome o) {
    String other = otherOf(expected);
    String what = seg + ": " + expected + " MASTER with the VIPs, " + other + " BACKUP without";
    Bounded.until(what, START_BOUND, () -> side.get(expected).state().equals("MASTER")
        && side.get(other).state().equals("BACKUP") && !seg.vips(expected).isEmpty() && seg.vips(other).isEmpty(), why);
    Bounded.holds(what, c.hold(), () -> side.get(expected).state().equals("MASTER")
        && side.get(other).state().equals("BACKUP") && seg.vips(other).isEmpty(), why);
    o.masters.add(expected);
    o.vips.put(expected, seg.vips(expected));
    o.mark("settled on " + expected);
    return expected;
  }

  private static String otherOf(String side) {
    return side.equals("A") ? "B" : "A";
  }

  private static String diagnosis(Segment seg, Router a, Router b) {
    StringBuilder s = new StringBuilder("--- on ").append(seg);
    for (var e : new TreeMap<>(Map.of("A", a, "B", b)).entrySet()) {
      s.append("\n--- ").append(e.getKey()).append(" (").append(e.getValue()).append(", state '")
          .append(e.getValue().state()).append("', addresses ").append(seg.vips(e.getKey())).append("):\n")
          .append(e.getValue().logTail());
    }
    return s.toString();
  }

  /** What one run of the scenario showed. */
  private static final class Outcome {
    final Segment seg;
    final List<String> masters = new ArrayList<>();
    final Map<String, Set<String>> vips = new TreeMap<>();
    final List<Advert> adverts = new ArrayList<>();
    /** Where the run's time went: "step +ms". */
    final List<String> timeline = new ArrayList<>();
    private long last = System.nanoTime();

    Outcome(Segment seg) {
      this.seg = seg;
    }

    void mark(String step) {
      long now = System.nanoTime();
      timeline.add(step + " +" + (now - last) / 1_000_000);
      last = now;
    }

    List<Advert> from(String side) {
      return adverts.stream().filter(a -> side.equals(seg.sender(a.src()))).toList();
    }

    /** The distinct packets {@code side} sent, each as all its fields plus which source MAC it used. */
    Set<String> fields(String side) {
      return from(side).stream().map(a -> a.fields() + " from " + macKind(side, a.srcMac()))
          .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The median gap between consecutive adverts {@code side} sent with a non-zero priority. */
    double medianGapMs(String side) {
      List<Advert> sent = from(side).stream().filter(a -> a.priority() > 0).toList();
      List<Long> gaps = new ArrayList<>();
      for (int i = 1; i < sent.size(); i++) {
        gaps.add(sent.get(i).micros() - sent.get(i - 1).micros());
      }
      if (gaps.isEmpty()) {
        return Double.NaN;
      }
      gaps.sort(null);
      return gaps.get(gaps.size() / 2) / 1000.0;
    }

    String summary() {
      return "timeline " + timeline + "; masters " + masters + "; vips " + vips + "; adverts " + adverts.size()
          + " (A " + from("A").size() + ", B " + from("B").size() + ", B's median period "
          + String.format("%.1f", medianGapMs("B")) + " ms); B sent " + fields("B");
    }

    private String macKind(String side, String srcMac) {
      if (srcMac.equals(seg.mac(side))) {
        return "its eth0 MAC";
      }
      return srcMac.startsWith("00:00:5e:00:0") ? "VMAC " + srcMac : "MAC " + srcMac;
    }
  }

  /** Director A or B, as far as the scenario needs it. */
  private interface Router {
    void start();

    /** Graceful stop (SIGTERM), bounded; nothing when not running. */
    void stop();

    /** MASTER, BACKUP, ... or "" when not running or not yet decided. */
    String state();

    String logTail();
  }

  /** keepalived 2.2.7 from a configuration file, restartable. */
  private static final class Keepalived implements Router {
    private final Segment seg;
    private final String side;
    private final WireCase c;
    private final String config;
    private volatile KeepalivedNode node;
    private int starts;

    Keepalived(Segment seg, String side, WireCase c, Path conf) {
      this.seg = seg;
      this.side = side;
      this.c = c;
      try {
        this.config = Files.readString(conf);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void start() {
      Path dir = tmp.resolve(c.dir + "-" + seg.ns(side).substring(seg.ns(side).length() - 4) + "-" + (++starts));
      node = KeepalivedNode.start(seg.lab, seg.ns(side), "keepalived-" + side, dir, config);
    }

    @Override
    public void stop() {
      KeepalivedNode n = node;
      if (n != null) {
        n.stop(STOP_BOUND);
        node = null;
      }
    }

    @Override
    public String state() {
      KeepalivedNode n = node;
      return n == null ? "" : n.state(c.instance);
    }

    @Override
    public String logTail() {
      KeepalivedNode n = node;
      if (n == null) {
        return "(stopped)";
      }
      List<String> l = n.logText().lines().toList();
      return String.join("\n", l.subList(Math.max(0, l.size() - 25), l.size()));
    }

    @Override
    public String toString() {
      return "keepalived";
    }
  }

  /** Tandem from the imported directory, restartable. */
  private static final class Tandem implements Router {
    private final Segment seg;
    private final ImportedTandem imported;

    Tandem(Segment seg, ImportedTandem imported) {
      this.seg = seg;
      this.imported = imported;
    }

    @Override
    public void start() {
      imported.start(seg.lab, seg.ns("B"), START_BOUND, tmp.resolve("tandem.jsa"));
    }

    @Override
    public void stop() {
      if (imported.running()) {
        imported.stop(STOP_BOUND);
      }
    }

    @Override
    public String state() {
      return imported.state();
    }

    @Override
    public String logTail() {
      return imported.logTail(25);
    }

    @Override
    public String toString() {
      return "tandem from " + imported.dir();
    }
  }
}
