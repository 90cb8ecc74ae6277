package io.tandem.e2e.bench;

import io.tandem.e2e.support.AdvertTap;
import io.tandem.e2e.support.KeepalivedNode;
import io.tandem.e2e.support.Metrics;
import io.tandem.e2e.support.ProcessTree;
import io.tandem.e2e.support.TandemNode;
import io.tandem.e2e.wire.Wait;
import io.tandem.testkit.NetnsLab;
import io.tandem.testkit.Requirements;
import io.tandem.testkit.Sh;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Many virtual routers on one pair (a harness, not a CI test: failsafe runs it only when named).
 * Directors d1 (priority 150) and d2 (100) carry N VRRPv3 IPv4 instances, one /32 VIP each, on one
 * or more segments (one bridge per interface; {@code eth<k>} in every host, 192.0.2.(64k + h)/26).
 * A third namespace captures every advert with tcpdump (kernel timestamps, so the harness's own
 * scheduling is not in the figures). For each scenario and implementation both daemons are
 * exec'd at the same moment, then:
 * <ul>
 *   <li>start-up: time until every instance is MASTER on d1 and BACKUP on d2 and every VIP is on
 *       d1 only (polled: status / log lines, and {@code ip -n NS addr}), held for
 *       max(3 s, 10 × d2's Master_Down_Interval); state changes (other than leaving Init) and
 *       adverts from d2 during start-up (a "master episode" = a run of d2 adverts for one VRID);
 *   <li>steady window ({@code bench.many.steady} s): adverts from d2 after convergence (each is a
 *       spurious takeover), state changes, d1's per-VRID advert spacing on the wire (|gap −
 *       interval|), Tandem's own {@code tandem_vrrp_advert_send_jitter_seconds}, CPU (utime +
 *       stime of the process tree) per advert d1 sent and per advert d2 received, RSS.
 * </ul>
 * Scenarios ({@code bench.many.scenarios}): {@code <interfaces>x<per interface>-<interval ms>},
 * default {@code 1x10-100,1x100-100,1x255-100,4x250-100,1x100-10}. VIPs: 198.51.100.0/24,
 * 203.0.113.0/24, then (1,000 do not fit in the three TEST-NETs) 198.18.2.0/24 and 198.18.3.0/24
 * from the RFC 2544 benchmarking block. Results: stdout and {@code target/bench-vrrp-wire-many.md}.
 * Other properties: {@code bench.impls}, {@code bench.runs} (1), {@code bench.many.steady} (60 s),
 * {@code bench.many.bound} (180 s to converge), {@code bench.many.poll} (50 ms),
 * {@code bench.keepalived.rt} (false), {@code bench.many.tandem.opts} (TANDEM_JAVA_OPTS for Tandem,
 * "@DIR@" = the node's directory, e.g. {@code -Xlog:gc:file=@DIR@/gc.log}).
 */
class ManyVridsBench {
  private static final List<String> SCENARIOS = List.of(System.getProperty("bench.many.scenarios",
      "1x10-100,1x100-100,1x255-100,4x250-100,1x100-10").split(","));
  private static final List<String> IMPLS = List.of(System.getProperty("bench.impls", "tandem,keepalived").split(","));
  private static final int RUNS = Integer.getInteger("bench.runs", 1);
  private static final int STEADY_S = Integer.getInteger("bench.many.steady", 60);
  private static final int BOUND_S = Integer.getInteger("bench.many.bound", 180);
  private static final int POLL_MS = Integer.getInteger("bench.many.poll", 50);
  // Off by default here: with vrrp_rt_priority, keepalived's VRRP child is SIGKILLed by its own
  // RLIMIT_RTTIME (vrrp_rlimit_rtime, 10 ms) while it sets up many VIPs, and respawns in a loop.
  private static final boolean KEEPALIVED_RT = Boolean.getBoolean("bench.keepalived.rt");
  private static final String[] VIP_NETS = {"198.51.100.", "203.0.113.", "198.18.2.", "198.18.3."};
  private static final int P1 = 150;
  private static final int P2 = 100;
  private static final Path OUT = Path.of("target", "bench-vrrp-wire-many.md");

  /** {@code 4x250-100}: 4 interfaces, VRIDs 1..250 on each, adverts every 100 ms. */
  record Scenario(String spec, int interfaces, int perInterface, int intervalMs) {
    static Scenario parse(String s) {
      Matcher m = Pattern.compile("(\\d+)x(\\d+)-(\\d+)").matcher(s.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("scenario " + s + ": want <interfaces>x<per interface>-<interval ms>");
      }
      return new Scenario(s.trim(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)));
    }

    int total() {
      return interfaces * perInterface;
    }

    String label() {
      return "N = " + total() + (interfaces == 1 ? " on one interface" : " (" + interfaces + " × " + perInterface
          + " VRIDs)") + ", VRRPv3 " + intervalMs + " ms";
    }

    /** RFC 5798 Master_Down_Interval of a backup with {@code priority}, in ms. */
    double mdiMs(int priority) {
      return 3.0 * intervalMs + (256 - priority) * intervalMs / 256.0;
    }
  }

  /** One virtual router: interface index, VRID, its VIP. */
  record Vr(int iface, int vrid, String vip) {
    String tandemName() {
      return "k" + iface + "v" + vrid;
    }

    String keepalivedName() {
      return "K" + iface + "V" + vrid;
    }
  }

  static List<Vr> routers(Scenario s) {
    List<Vr> out = new ArrayList<>();
    for (int k = 0; k < s.interfaces(); k++) {
      for (int v = 1; v <= s.perInterface(); v++) {
        int i = k * s.perInterface() + v - 1;
        out.add(new Vr(k, v, VIP_NETS[i / 250] + (i % 250 + 1)));
      }
    }
    return out;
  }

  /** A started (or starting) daemon of either kind. */
  interface Node extends AutoCloseable {
    /** Instance → state (MASTER, BACKUP...) as the daemon reports it; empty while it starts. */
    Map<String, String> states();

    /** State changes other than leaving Init, all instances together, so far. */
    long transitions();

    long pid();

    @Override
    void close();
  }

  static final class Tandem implements Node {
    final TandemNode node;

    Tandem(TandemNode node) {
      this.node = node;
    }

    static Node start(NetnsLab lab, String ns, String name, Path dir, int priority, Scenario s) {
      StringBuilder b = new StringBuilder();
      for (Vr r : routers(s)) {
        b.append("vrrp.").append(r.tandemName()).append(" { interface = eth").append(r.iface()).append(", vrid = ")
            .append(r.vrid()).append(", version = 3, priority = ").append(priority).append(", advert-interval = ")
            .append(s.intervalMs()).append("ms, virtual-ips = [\"").append(r.vip()).append("/32\"] }\n");
      }
      String opts = System.getProperty("bench.many.tandem.opts", "").replace("@DIR@", dir.toString());
      return new Tandem(TandemNode.start(lab, ns, name, dir, "", b.toString(),
          opts.isBlank() ? Map.of() : Map.of("TANDEM_JAVA_OPTS", opts)));
    }

    @Override
    public Map<String, String> states() {
      Map<String, String> out = new HashMap<>();
      node.status().instances().forEach(i -> out.put(i.name(), i.state()));
      return out;
    }

    @Override
    public long transitions() {
      String text = node.metricsText();
      return Math.round(Metrics.sum(text, "tandem_vrrp_transitions_total")
          - Metrics.sum(text, "tandem_vrrp_transitions_total", "from", "INITIALIZE"));
    }

    @Override
    public long pid() {
      return node.pid();
    }

    @Override
    public void close() {
      node.close();
    }
  }

  static final class Keepalived implements Node {
    private static final Pattern ENTERING = Pattern.compile("\\((\\S+)\\) Entering (\\w+) STATE( \\(init\\))?");
    final KeepalivedNode node;
    Path dir;
    private final Map<String, String> states = new HashMap<>();
    private int read;
    private long transitions;

    Keepalived(KeepalivedNode node) {
      this.node = node;
    }

    static Node start(NetnsLab lab, String ns, String name, Path dir, int priority, Scenario s) {
      StringBuilder b = new StringBuilder("global_defs {\n  router_id " + name
          + "\n  script_user root\n  enable_script_security\n  vrrp_garp_master_delay 0\n"
          + (KEEPALIVED_RT ? "  vrrp_rt_priority 10\n" : "") + "}\n");
      for (Vr r : routers(s)) {
        b.append(KeepalivedNode.instance(r.keepalivedName(), 3, r.vrid(), priority, Duration.ofMillis(s.intervalMs()),
            true, null, List.of(r.vip() + "/32"), null).replace("interface eth0", "interface eth" + r.iface()));
      }
      Keepalived k = new Keepalived(KeepalivedNode.start(lab, ns, name, dir, b.toString()));
      k.dir = dir;
      return k;
    }

    private int inits;

    private synchronized void follow() {
      for (String l : node.linesFrom(read)) {
        read++;
        Matcher m = ENTERING.matcher(l);
        if (m.find()) {
          states.put(m.group(1), m.group(2));
          if (m.group(3) == null) {
            transitions++;
          } else {
            inits++;
          }
        }
      }
    }

    /** Instances that have left Init so far ("Entering BACKUP STATE (init)"). */
    synchronized int started() {
      follow();
      return inits;
    }

    @Override
    public synchronized Map<String, String> states() {
      follow();
      return Map.copyOf(states);
    }

    @Override
    public synchronized long transitions() {
      follow();
      return transitions;
    }

    @Override
    public long pid() {
      return node.pid();
    }

    @Override
    public void close() {
      node.close();
      try {
        Files.writeString(dir.resolve("keepalived.log"), node.logText());
      } catch (IOException e) {
        // best effort
      }
    }
  }

  /** Counts "INITIALIZE → " lines in a Tandem log as it grows (instances that have left Init). */
  static final class TandemLogCounter {
    private final Path file;
    private long offset;
    private String partial = "";
    private int count;

    TandemLogCounter(Path file) {
      this.file = file;
    }

    int count() {
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
        long len = f.length();
        if (len > offset) {
          byte[] buf = new byte[(int) (len - offset)];
          f.seek(offset);
          f.readFully(buf);
          offset = len;
          String text = partial + new String(buf, StandardCharsets.UTF_8);
          int cut = text.lastIndexOf('\n');
          partial = cut < 0 ? text : text.substring(cut + 1);
          String whole = cut < 0 ? "" : text.substring(0, cut);
          for (int i = whole.indexOf("INITIALIZE \u2192"); i >= 0; i = whole.indexOf("INITIALIZE \u2192", i + 1)) {
            count++;
          }
        }
      } catch (IOException e) {
        // not there yet
      }
      return count;
    }
  }

  /**
   * Polls {@code probe} every 2 ms on its own thread and keeps the first time it was true (epoch
   * ns), so "up" is timed to a few ms even when the main poll is slower.
   */
  static final class UpWatch {
    volatile long at = -1;
    private volatile boolean stop;

    UpWatch(String name, java.util.function.BooleanSupplier probe) {
      Thread.ofPlatform().daemon().name(name).start(() -> {
        realtime(name);
        while (!stop && at < 0) {
          try {
            if (probe.getAsBoolean()) {
              at = epochNanos();
              return;
            }
          } catch (RuntimeException e) {
            // not yet
          }
          try {
            Thread.sleep(2);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }

    void stop() {
      stop = true;
    }

    /** SCHED_RR 5 for this thread (below the routers' 10/11), so a loaded host does not delay it. */
    private static void realtime(String name) {
      try (var tasks = Files.list(Path.of("/proc/self/task"))) {
        for (Path t : tasks.toList()) {
          if (Files.readString(t.resolve("comm")).trim().equals(name)) {
            Sh.exec(List.of("chrt", "-r", "-p", "5", t.getFileName().toString()));
          }
        }
      } catch (IOException | RuntimeException e) {
        // best effort
      }
    }
  }

  /** tcpdump writing every VRRP frame of one interface to a file, kernel timestamps in ns. */
  static final class Capture {
    final Process process;
    final Path file;
    final List<String> stderr = Collections.synchronizedList(new ArrayList<>());

    Capture(NetnsLab lab, String ns, String dev, Path file) {
      this.file = file;
      ProcessBuilder pb = new ProcessBuilder("tcpdump", "-i", dev, "-n", "-Z", "root", "-s", "96", "-B", "32768",
          "--time-stamp-precision=nano", "-w", file.toString(), "ip proto 112");
      process = lab.start(ns, pb);
      CountDownLatch listening = new CountDownLatch(1);
      Thread.ofVirtual().start(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            stderr.add(line);
            if (line.contains("listening on")) {
              listening.countDown();
            }
          }
        } catch (IOException ignored) {
          // stopped
        }
      });
      try {
        if (!listening.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("tcpdump on " + dev + " did not start: " + stderr);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** SIGTERM (tcpdump flushes its file); returns the frames the kernel dropped, or -1. */
    long stop() {
      process.destroy();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Wait.sleep(200);
      synchronized (stderr) {
        for (String l : stderr) {
          Matcher m = Pattern.compile("(\\d+) packets? dropped by kernel").matcher(l);
          if (m.find()) {
            return Long.parseLong(m.group(1));
          }
        }
      }
      return -1;
    }
  }

  /** Adverts read back from the captures: parallel arrays, in time order per interface. */
  static final class Adverts {
    long[] nanos = new long[1 << 16]; // epoch ns
    int[] key = new int[1 << 16]; // iface * 256 + vrid
    byte[] who = new byte[1 << 16]; // 1 = d1, 2 = d2, 0 = other
    int[] priority = new int[1 << 16];
    int n;

    void add(long t, int k, int w, int p) {
      if (n == nanos.length) {
        nanos = Arrays.copyOf(nanos, n * 2);
        key = Arrays.copyOf(key, n * 2);
        who = Arrays.copyOf(who, n * 2);
        priority = Arrays.copyOf(priority, n * 2);
      }
      nanos[n] = t;
      key[n] = k;
      who[n] = (byte) w;
      priority[n] = p;
      n++;
    }

    /** Reads a classic pcap file (Ethernet, µs or ns timestamps) of interface {@code iface}. */
    void read(Path file, int iface) throws IOException {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
        DataInputStream d = new DataInputStream(in);
        byte[] gh = new byte[24];
        try {
          d.readFully(gh);
        } catch (EOFException e) {
          return; // nothing captured
        }
        ByteBuffer g = ByteBuffer.wrap(gh).order(ByteOrder.LITTLE_ENDIAN);
        int magic = g.getInt(0);
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
          order = ByteOrder.BIG_ENDIAN;
          magic = Integer.reverseBytes(magic);
        }
        long fracScale = magic == 0xa1b23c4d ? 1 : 1000;
        byte[] rh = new byte[16];
        byte[] data = new byte[65536];
        while (true) {
          try {
            d.readFully(rh);
          } catch (EOFException e) {
            return;
          }
          ByteBuffer r = ByteBuffer.wrap(rh).order(order);
          long sec = r.getInt(0) & 0xffffffffL;
          long frac = r.getInt(4) & 0xffffffffL;
          int incl = r.getInt(8);
          try {
            d.readFully(data, 0, incl);
          } catch (EOFException e) {
            return; // tcpdump stopped mid-record
          }
          if (incl < 14 + 20 + 3 || data[12] != 0x08 || data[13] != 0x00) {
            continue;
          }
          int ihl = (data[14] & 0x0f) * 4;
          if ((data[14 + 9] & 0xff) != 112 || incl < 14 + ihl + 3) {
            continue;
          }
          int src = data[14 + 15] & 0xff; // last octet; the /26 of the interface tells d1 from d2
          int host = src - 64 * iface;
          int vrid = data[14 + ihl + 1] & 0xff;
          int prio = data[14 + ihl + 2] & 0xff;
          add(sec * 1_000_000_000L + frac * fracScale, iface * 256 + vrid, host == 1 ? 1 : host == 2 ? 2 : 0, prio);
        }
      }
    }
  }

  /** What one run measured. NaN / -1 = not measured (e.g. never converged). */
  record Result(String scenario, String impl, int run, boolean settled, double upD1Ms, double upD2Ms, double convergedMs,
      double wireConvergedMs, long transD1, long transD2, long d2StartupAdverts, long d2Episodes, long d2Vrids,
      long spurious, long steadyTransitions, double[] jitter, double maxGapMs, String tandemJitter, long d1Adverts,
      long expectedAdverts, double cpuSentUs, double cpuRecvUs, double rssD1Mb, double rssD2Mb, long captureDrops,
      String load, String note) {}

  private final List<Result> results = new ArrayList<>();

  @Test
  void manyVirtualRouters() throws IOException {
    Requirements.requireRoot();
    Requirements.requireCommand("tcpdump");
    if (IMPLS.contains("keepalived")) {
      Requirements.requireCommand("keepalived");
    }
    List<Scenario> scenarios = SCENARIOS.stream().map(Scenario::parse).toList();
    int maxIf = scenarios.stream().mapToInt(Scenario::interfaces).max().orElse(1);
    try (NetnsLab lab = new NetnsLab("mv")) {
      String sw = lab.ns("sw");
      String[] hosts = {"d1", "d2", "tp"};
      String[] ns = new String[3];
      for (int h = 0; h < 3; h++) {
        ns[h] = lab.ns(hosts[h]);
      }
      for (int k = 0; k < maxIf; k++) {
        lab.exec(sw, "ip", "link", "add", "br" + k, "type", "bridge");
        lab.exec(sw, "ip", "link", "set", "br" + k, "up");
        for (int h = 0; h < 3; h++) {
          lab.veth(ns[h], "eth" + k, sw, hosts[h] + k);
          lab.exec(sw, "ip", "link", "set", hosts[h] + k, "master", "br" + k);
          lab.exec(ns[h], "ip", "addr", "add", "192.0.2." + (64 * k + h + 1) + "/26", "dev", "eth" + k);
        }
      }
      for (Scenario s : scenarios) {
        for (int run = 1; run <= RUNS; run++) {
          for (String impl : IMPLS) {
            Result r;
            try {
              r = measure(lab, ns[0], ns[1], ns[2], s, impl, run);
            } catch (RuntimeException | AssertionError e) {
              e.printStackTrace();
              r = new Result(s.spec(), impl, run, false, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1, -1, -1, -1,
                  -1, -1, -1, new double[0], Double.NaN, "–", -1, -1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1,
                  load(), "failed: " + e);
            } finally {
              killAll(ns[0]); // a daemon whose start failed is still running
              killAll(ns[1]);
              clearVips(lab, ns[0], maxIf);
              clearVips(lab, ns[1], maxIf);
            }
            results.add(r);
            System.out.println("[many] " + line(r));
            Files.writeString(OUT, report(scenarios));
          }
        }
      }
    }
    String report = report(scenarios);
    System.out.println(report);
    Files.writeString(OUT, report);
  }

  private Result measure(NetnsLab lab, String d1ns, String d2ns, String tpNs, Scenario s, String impl, int run)
      throws IOException {
    List<Vr> vrs = routers(s);
    int n = vrs.size();
    Path dir = Files.createTempDirectory("tandem-many-" + impl + "-" + s.spec() + "-");
    List<Capture> caps = new ArrayList<>();
    for (int k = 0; k < s.interfaces(); k++) {
      caps.add(new Capture(lab, tpNs, "eth" + k, dir.resolve("eth" + k + ".pcap")));
    }
    System.out.printf(Locale.ROOT, "[many] %s, %s run %d: starting both (load %s)%n", s.label(), impl, run, load());
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<Node> f1 = startAsync(go, lab, d1ns, "d1", dir.resolve("d1"), P1, s, impl);
    CompletableFuture<Node> f2 = startAsync(go, lab, d2ns, "d2", dir.resolve("d2"), P2, s, impl);
    UpWatch w1 = upWatch(impl, f1, dir.resolve("d1"), n);
    UpWatch w2 = upWatch(impl, f2, dir.resolve("d2"), n);
    long t0 = epochNanos();
    go.countDown();
    Node d1 = null;
    Node d2 = null;
    boolean settled = false;
    try {
      long settleNs = (long) Math.max(3e9, 10 * s.mdiMs(P2) * 1e6);
      long deadline = t0 + BOUND_S * 1_000_000_000L;
      long holdStart = -1;
      while (epochNanos() < deadline) {
        if (d1 == null && f1.isDone()) {
          d1 = f1.join();
        }
        if (d2 == null && f2.isDone()) {
          d2 = f2.join();
        }
        long now = epochNanos();
        Map<String, String> s1 = states(d1);
        Map<String, String> s2 = states(d2);
        boolean ok = allIn(s1, n, Set.of("MASTER")) && allIn(s2, n, Set.of("BACKUP")) && vipsOnlyOnD1(lab, d1ns, d2ns, vrs);
        if (ok) {
          if (holdStart < 0) {
            holdStart = now;
          } else if (now - holdStart >= settleNs) {
            settled = true;
            break;
          }
        } else {
          holdStart = -1;
        }
        Wait.sleep(POLL_MS);
      }
      if (d1 == null) {
        d1 = f1.join();
      }
      if (d2 == null) {
        d2 = f2.join();
      }
      w1.stop();
      w2.stop();
      long up1 = w1.at;
      long up2 = w2.at;
      long startupEnd = settled ? holdStart : epochNanos();
      long trans1 = d1.transitions();
      long trans2 = d2.transitions();
      String note = settled ? "" : "not settled within " + BOUND_S + " s: d1 " + summary(states(d1)) + ", d2 "
          + summary(states(d2));
      if (!settled) {
        System.out.println("[many] " + note);
      }

      // steady window
      String m1a = impl.equals("tandem") ? ((Tandem) d1).node.metricsText() : "";
      String m2a = impl.equals("tandem") ? ((Tandem) d2).node.metricsText() : "";
      long cpu1a = ProcessTree.cpuTicks(d1.pid());
      long cpu2a = ProcessTree.cpuTicks(d2.pid());
      long wS = epochNanos();
      Wait.sleep(STEADY_S * 1000L);
      long wE = epochNanos();
      long cpu1b = ProcessTree.cpuTicks(d1.pid());
      long cpu2b = ProcessTree.cpuTicks(d2.pid());
      double rss1 = ProcessTree.rssKb(d1.pid()) / 1024.0;
      double rss2 = ProcessTree.rssKb(d2.pid()) / 1024.0;
      String m1b = impl.equals("tandem") ? ((Tandem) d1).node.metricsText() : "";
      String m2b = impl.equals("tandem") ? ((Tandem) d2).node.metricsText() : "";
      long steadyTrans = d1.transitions() + d2.transitions() - trans1 - trans2;
      boolean stillOk = allIn(states(d1), n, Set.of("MASTER")) && allIn(states(d2), n, Set.of("BACKUP"))
          && vipsOnlyOnD1(lab, d1ns, d2ns, vrs);
      String load = load();

      long drops = 0;
      for (Capture c : caps) {
        long d = c.stop();
        drops += Math.max(0, d);
      }
      caps.clear();
      Adverts a = new Adverts();
      for (int k = 0; k < s.interfaces(); k++) {
        a.read(dir.resolve("eth" + k + ".pcap"), k);
      }

      // start-up on the wire: d2's adverts before convergence, and when each VRID last heard one
      long intervalNs = s.intervalMs() * 1_000_000L;
      long mdi2 = (long) (s.mdiMs(P2) * 1e6);
      Map<Integer, Long> lastD2 = new HashMap<>();
      long d2Adverts = 0;
      long episodes = 0;
      long spurious = 0;
      for (int i = 0; i < a.n; i++) {
        if (a.who[i] != 2 || a.priority[i] == 0 || a.nanos[i] < t0) {
          continue;
        }
        if (a.nanos[i] <= startupEnd) {
          d2Adverts++;
          Long last = lastD2.get(a.key[i]);
          if (last == null || a.nanos[i] - last > mdi2) {
            episodes++;
          }
          lastD2.put(a.key[i], a.nanos[i]);
        } else if (a.nanos[i] <= wE) {
          spurious++;
        }
      }
      Map<Integer, Long> firstD1After = new HashMap<>();
      Map<Integer, Long> lastD1 = new HashMap<>();
      List<Double> jit = new ArrayList<>();
      long maxGap = 0;
      long d1Adverts = 0;
      for (int i = 0; i < a.n; i++) {
        if (a.who[i] != 1 || a.priority[i] == 0 || a.nanos[i] < t0) {
          continue;
        }
        int key = a.key[i];
        long t = a.nanos[i];
        if (t <= startupEnd + settleNs && !firstD1After.containsKey(key) && t > lastD2.getOrDefault(key, t0)) {
          firstD1After.put(key, t);
        }
        if (t >= wS && t <= wE) {
          d1Adverts++;
          Long prev = lastD1.get(key);
          if (prev != null) {
            long gap = t - prev;
            maxGap = Math.max(maxGap, gap);
            jit.add(Math.abs(gap - intervalNs) / 1e6);
          }
          lastD1.put(key, t);
        }
      }
      double wireConverged = firstD1After.size() == n
          ? (firstD1After.values().stream().mapToLong(Long::longValue).max().orElse(t0) - t0) / 1e6 : Double.NaN;
      double[] j = jit.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double windowS = (wE - wS) / 1e9;
      long expected = Math.round(n * windowS * 1000 / s.intervalMs());
      double tickUs = 1e6 / 100; // USER_HZ = 100
      double cpuSent = d1Adverts == 0 ? Double.NaN : (cpu1b - cpu1a) * tickUs / d1Adverts;
      double cpuRecv = d1Adverts == 0 ? Double.NaN : (cpu2b - cpu2a) * tickUs / d1Adverts;
      String tj = impl.equals("tandem") ? histogramP999(m1a, m1b) : "–";
      if (impl.equals("tandem")) {
        double sent = Metrics.sum(m1b, "tandem_vrrp_adverts_sent_total") - Metrics.sum(m1a, "tandem_vrrp_adverts_sent_total");
        double recv = Metrics.sum(m2b, "tandem_vrrp_adverts_received_total")
            - Metrics.sum(m2a, "tandem_vrrp_adverts_received_total");
        note += (note.isEmpty() ? "" : "; ") + String.format(Locale.ROOT, "daemon counters: d1 sent %.0f, d2 received %.0f",
            sent, recv);
      }
      if (!stillOk) {
        note += (note.isEmpty() ? "" : "; ") + "NOT converged at the end of the steady window";
      }
      return new Result(s.spec(), impl, run, settled, up1 < 0 ? Double.NaN : (up1 - t0) / 1e6,
          up2 < 0 ? Double.NaN : (up2 - t0) / 1e6, settled ? (holdStart - t0) / 1e6 : Double.NaN,
          settled ? wireConverged : Double.NaN, trans1, trans2, d2Adverts, episodes, lastD2.size(), spurious, steadyTrans,
          j, maxGap / 1e6, tj, d1Adverts, expected, cpuSent, cpuRecv, rss1, rss2, drops, load, note);
    } finally {
      caps.forEach(Capture::stop);
      closeQuietly(d2 != null ? d2 : f2.getNow(null));
      closeQuietly(d1 != null ? d1 : f1.getNow(null));
      f1.whenComplete((node, e) -> closeQuietly(node));
      f2.whenComplete((node, e) -> closeQuietly(node));
    }
  }

  private static UpWatch upWatch(String impl, CompletableFuture<Node> f, Path dir, int n) {
    if (impl.equals("tandem")) {
      TandemLogCounter c = new TandemLogCounter(dir.resolve("tandem.log"));
      return new UpWatch("mvup-" + dir.getFileName(), () -> c.count() >= n);
    }
    return new UpWatch("mvup-" + dir.getFileName(), () -> f.isDone() && !f.isCompletedExceptionally() && ((Keepalived) f.join()).started() >= n);
  }

  private static CompletableFuture<Node> startAsync(CountDownLatch go, NetnsLab lab, String ns, String name, Path dir,
      int priority, Scenario s, String impl) {
    CompletableFuture<Node> f = new CompletableFuture<>();
    Thread.ofPlatform().start(() -> {
      try {
        go.await();
        f.complete(impl.equals("tandem") ? Tandem.start(lab, ns, name, dir, priority, s)
            : Keepalived.start(lab, ns, name, dir, priority, s));
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    return f;
  }

  private static void closeQuietly(Node node) {
    if (node == null) {
      return;
    }
    try {
      node.close();
    } catch (RuntimeException | AssertionError e) {
      System.out.println("[many] stop: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static Map<String, String> states(Node node) {
    if (node == null) {
      return Map.of();
    }
    try {
      return node.states();
    } catch (RuntimeException e) {
      return Map.of(); // still starting
    }
  }

  private static boolean allIn(Map<String, String> states, int n, Set<String> wanted) {
    return states.size() == n && states.values().stream().allMatch(wanted::contains);
  }

  private static String summary(Map<String, String> states) {
    return states.values().stream().collect(Collectors.groupingBy(v -> v, TreeMap::new, Collectors.counting())).toString();
  }

  private static boolean vipsOnlyOnD1(NetnsLab lab, String d1ns, String d2ns, List<Vr> vrs) {
    Set<String> on1 = addresses(d1ns);
    Set<String> on2 = addresses(d2ns);
    return vrs.stream().allMatch(r -> on1.contains(r.vip()) && !on2.contains(r.vip()));
  }

  private static Set<String> addresses(String ns) {
    String out = Sh.exec(List.of("ip", "-n", ns, "-o", "-4", "addr", "show")).out();
    return out.lines().map(l -> {
      int i = l.indexOf(" inet ");
      return i < 0 ? "" : l.substring(i + 6).split("/")[0];
    }).collect(Collectors.toSet());
  }

  /** SIGKILLs whatever still runs in {@code ns} (only this harness's daemons run there). */
  private static void killAll(String ns) {
    for (String pid : Sh.exec(List.of("ip", "netns", "pids", ns)).out().lines().map(String::trim).toList()) {
      if (!pid.isEmpty()) {
        Sh.exec(List.of("kill", "-9", pid));
      }
    }
    Wait.sleep(500);
  }

  /** Removes any /32 left on the directors (a daemon that did not stop cleanly). */
  private static void clearVips(NetnsLab lab, String ns, int interfaces) {
    for (int k = 0; k < interfaces; k++) {
      String out = Sh.exec(List.of("ip", "-n", ns, "-o", "-4", "addr", "show", "dev", "eth" + k)).out();
      for (String l : out.lines().toList()) {
        int i = l.indexOf(" inet ");
        if (i >= 0) {
          String a = l.substring(i + 6).split("\\s+")[0];
          if (a.endsWith("/32")) {
            Sh.exec(List.of("ip", "-n", ns, "addr", "del", a, "dev", "eth" + k));
          }
        }
      }
    }
  }

  /** p99.9 of Tandem's own send jitter histogram over the window, as "≤ bucket bound". */
  static String histogramP999(String before, String after) {
    TreeMap<Double, Double> b = buckets(before);
    TreeMap<Double, Double> a = buckets(after);
    double total = a.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - b.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    if (total <= 0) {
      return "– (0)";
    }
    for (Map.Entry<Double, Double> e : a.entrySet()) {
      double cum = e.getValue() - b.getOrDefault(e.getKey(), 0.0);
      if (cum >= 0.999 * total) {
        String bound = e.getKey().isInfinite() ? "> 500 ms" : "≤ " + fmtMs(e.getKey() * 1000);
        // how many went over 2 ms, the target
        double le2 = a.getOrDefault(0.002, 0.0) - b.getOrDefault(0.002, 0.0);
        return String.format(Locale.ROOT, "%s (%.0f; %.0f > 2 ms)", bound, total, total - le2);
      }
    }
    return "?";
  }

  private static String fmtMs(double ms) {
    return ms < 1 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
  }

  private static TreeMap<Double, Double> buckets(String text) {
    TreeMap<Double, Double> out = new TreeMap<>();
    String prefix = "tandem_vrrp_advert_send_jitter_seconds_bucket{";
    for (String l : text.lines().toList()) {
      if (!l.startsWith(prefix)) {
        continue;
      }
      int i = l.indexOf("le=\"");
      String le = l.substring(i + 4, l.indexOf('"', i + 4));
      double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
      double v = Double.parseDouble(l.substring(l.lastIndexOf('}') + 1).trim().split("\\s+")[0]);
      out.merge(bound, v, Double::sum);
    }
    return out;
  }

  private static long epochNanos() {
    Instant i = Instant.now();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f ms", v);
  }

  private static String line(Result r) {
    return String.format(Locale.ROOT, "%s %s run %d: settled %s, up d1 %s d2 %s, converged %s (wire %s), "
        + "state changes d1 %d d2 %d, d2 start-up adverts %d (%d episodes, %d VRIDs), spurious %d, steady changes %d, "
        + "jitter p99.9 %s (n %d, max gap %.1f ms), tandem hist %s, adverts %d/%d, CPU %.1f µs/sent %.1f µs/recv, "
        + "RSS %.1f/%.1f MB, capture drops %d, load %s %s", r.scenario, r.impl, r.run, r.settled, ms(r.upD1Ms),
        ms(r.upD2Ms), ms(r.convergedMs), ms(r.wireConvergedMs), r.transD1, r.transD2, r.d2StartupAdverts, r.d2Episodes,
        r.d2Vrids, r.spurious, r.steadyTransitions, pct(r.jitter, 99.9), r.jitter.length, r.maxGapMs, r.tandemJitter,
        r.d1Adverts, r.expectedAdverts, r.cpuSentUs, r.cpuRecvUs, r.rssD1Mb, r.rssD2Mb, r.captureDrops, r.load, r.note);
  }

  private static String pct(double[] sorted, double p) {
    return sorted.length == 0 ? "–" : String.format(Locale.ROOT, "%.2f", AdvertTap.percentile(sorted, p));
  }

  private String report(List<Scenario> scenarios) {
    StringBuilder b = new StringBuilder("Many virtual routers: pair d1 (150) / d2 (100), VRRPv3 IPv4, one /32 VIP per "
        + "instance; both daemons exec'd at the same moment; steady window " + STEADY_S + " s\n");
    for (Scenario s : scenarios) {
      List<Result> mine = results.stream().filter(r -> r.scenario.equals(s.spec())).toList();
      if (mine.isEmpty()) {
        continue;
      }
      b.append(String.format(Locale.ROOT, "%n### %s (d2's Master_Down_Interval %.1f ms)%n%n", s.label(), s.mdiMs(P2)));
      b.append("| implementation | run | exec → up d1 / d2 | converged from exec: polled (wire) | wire − both up | state changes "
          + "in start-up d1 / d2 | d2 adverts in start-up (master episodes, VRIDs) | spurious after: d2 adverts / state "
          + "changes | wire jitter p50 / p99 / p99.9 / max gap | Tandem histogram p99.9 | adverts seen / expected | CPU "
          + "µs per advert sent | µs per advert received | RSS d1 / d2 | load |\n");
      b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (Result r : mine) {
        double after = r.wireConvergedMs - Math.max(r.upD1Ms, r.upD2Ms);
        b.append(String.format(Locale.ROOT, "| %s | %d | %s / %s | %s (%s) | %s | %s / %s | %s (%s, %s) | %s / %s | "
            + "%s / %s / %s / %.1f ms | %s | %d / %d | %.1f | %.1f | %.1f / %.1f MB | %s |%n",
            r.impl.equals("tandem") ? "Tandem" : "keepalived 2.2.7", r.run, ms(r.upD1Ms), ms(r.upD2Ms),
            r.settled ? ms(r.convergedMs) : "**not within " + BOUND_S + " s**", ms(r.wireConvergedMs), ms(after),
            r.transD1, r.transD2, r.d2StartupAdverts, r.d2Episodes, r.d2Vrids, r.spurious, r.steadyTransitions,
            pct(r.jitter, 50), pct(r.jitter, 99), pct(r.jitter, 99.9), r.maxGapMs, r.tandemJitter, r.d1Adverts,
            r.expectedAdverts, r.cpuSentUs, r.cpuRecvUs, r.rssD1Mb, r.rssD2Mb, r.load));
      }
      for (Result r : mine) {
        if (!r.note.isEmpty() || r.captureDrops > 0) {
          b.append("\n- ").append(r.impl).append(" run ").append(r.run).append(": ").append(r.note)
              .append(r.captureDrops > 0 ? "; capture dropped " + r.captureDrops + " frames" : "");
        }
      }
      b.append('\n');
    }
    return b.toString();
  }
}
