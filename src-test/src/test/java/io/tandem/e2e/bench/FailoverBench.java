package io.tandem.e2e.bench;

import io.tandem.e2e.bench.Directors.Director;
import io.tandem.e2e.bench.Directors.Setting;
import io.tandem.e2e.support.AdvertTap;
import io.tandem.e2e.support.DirectorLab;
import io.tandem.e2e.support.DirectorLab.Timeline;
import io.tandem.e2e.wire.ClientLog;
import io.tandem.e2e.wire.Wait;
import io.tandem.testkit.Requirements;
import io.tandem.testkit.Sh;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Failover benchmark (a harness, not a CI test: its name does not end in IT). Two directors d1
 * (priority 150, tracks a weight file) and d2 (100) on a bridge, each serving HTTP with its own
 * name; a client in its own namespace connects to the VIP every {@code bench.client.interval} ms
 * with a {@code bench.client.timeout} ms timeout. For each setting and implementation, each run
 * measures three events, then restores d1 as master:
 * <ul>
 *   <li>cut: d1's bridge port goes down (a pulled cable);
 *   <li>priority: d1's tracked file drops its priority to 50;
 *   <li>graceful: d1 gets SIGTERM.
 * </ul>
 * "Dark time" is the longest time between two successful connects around the event (it includes
 * one probing interval); "failed" counts failed connects. Adverts are also captured on the
 * client's segment to report send jitter as the wire sees it. Results: stdout and
 * {@code target/bench-vrrp-wire-failover.md}. Reproduce: see docs/bench-vrrp-wire.md.
 */
class FailoverBench {
  private static final int PORT = 8080;
  private static final int RUNS = Integer.getInteger("bench.runs", 3);
  private static final List<String> SETTINGS = List.of(System.getProperty("bench.settings",
      "v2-1000,v3-100,v3-50,v3-20,v3-10").split(","));
  private static final List<String> IMPLS = List.of(System.getProperty("bench.impls", "tandem,keepalived").split(","));
  private static final List<String> EVENTS = List.of(System.getProperty("bench.events", "cut,priority,graceful").split(","));
  private static final int CLIENT_INTERVAL = Integer.getInteger("bench.client.interval", 2);
  private static final int CLIENT_TIMEOUT = Integer.getInteger("bench.client.timeout", 10);
  private static final boolean KEEPALIVED_RT = !"false".equals(System.getProperty("bench.keepalived.rt"));
  private static final Duration BOUND = Duration.ofSeconds(30);

  /** One measured event. */
  record Sample(String setting, String impl, String event, int run, long darkMillis, long failedConnects, long resets) {}

  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, double[]> jitter = new LinkedHashMap<>();

  @Test
  void failover() throws IOException {
    Requirements.requireRoot();
    Requirements.requireCommand("keepalived");
    try (DirectorLab lab = new DirectorLab("vw")) {
      String d1ns = lab.host("d1", 1);
      String d2ns = lab.host("d2", 2);
      String clNs = lab.host("cl", 100);
      lab.nameServer(d1ns, PORT, "d1");
      lab.nameServer(d2ns, PORT, "d2");
      Timeline client = lab.client(clNs, PORT, CLIENT_INTERVAL, CLIENT_TIMEOUT);
      // The client measures the VIP, not its own scheduling: real-time priority 5 (below the
      // routers' VRRP threads, Tandem 10/11 and keepalived 10) so a busy host does not pause it.
      Wait.sleep(500);
      Sh.run("chrt", "-a", "-r", "-p", "5", Long.toString(client.pid()));
      try (AdvertTap tap = new AdvertTap(clNs)) {
        for (String s : SETTINGS) {
          Setting setting = Setting.parse(s);
          for (String impl : IMPLS) {
            runSetting(lab, client, tap, d1ns, d2ns, setting, impl);
          }
        }
      } finally {
        client.stop();
      }
    }
    String report = report();
    System.out.println(report);
    Files.writeString(Path.of("target", "bench-vrrp-wire-failover.md"), report);
  }

  private void runSetting(DirectorLab lab, Timeline client, AdvertTap tap, String d1ns, String d2ns, Setting setting,
      String impl) {
    Directors.Factory factory = Directors.of(impl, KEEPALIVED_RT);
    Path dir1 = lab.tempDir("b-d1");
    Path dir2 = lab.tempDir("b-d2");
    Director d2 = factory.start(lab.netns(), d2ns, "d2", dir2, 100, setting);
    Director[] d1 = {factory.start(lab.netns(), d1ns, "d1", dir1, 150, setting)};
    long settle = Math.max(1500, setting.interval().toMillis() * 4);
    List<Double> jit = new ArrayList<>();
    try {
      Supplier<String> why = () -> impl + " " + setting.label() + ": d1 " + safeState(d1[0]) + ", d2 " + safeState(d2)
          + ", client " + tail(client);
      for (int run = 1; run <= RUNS; run++) {
        for (String event : EVENTS) {
          steady(client, d1[0], d2, why);
          int tapMark = tap.mark();
          Wait.sleep(settle); // steady state: the master's advert spacing is measured here
          for (double j : tap.jitterMillis(tapMark, ip("192.0.2.1"), setting.interval().toNanos())) {
            jit.add(j);
          }
          int mark = client.mark();
          Wait.sleep(50);
          switch (event) {
            case "cut" -> lab.plug("d1", false);
            case "priority" -> d1[0].priorityDrop(true);
            case "graceful" -> d1[0].stopGracefully();
            default -> throw new IllegalArgumentException(event);
          }
          Wait.until("d2 master and serving after " + event, BOUND,
              () -> d2.state().equals("MASTER") && ClientLog.lastAnsweredBy(client.since(mark), "d2", 30), why);
          ClientLog seen = ClientLog.of(client.since(mark));
          samples.add(new Sample(setting.label(), impl, event, run, seen.reachDarkMillis(), seen.connectFailures(),
              seen.resets()));
          System.out.printf(Locale.ROOT, "[bench] %s %-10s %-8s run %d: dark %4d ms, %3d failed connects, %d reset "
              + "(%d attempts, %d failures in all, longest gap between answers %d ms)%n", setting.label(), impl, event, run,
              seen.reachDarkMillis(), seen.connectFailures(), seen.resets(), seen.attempts(), seen.failures(),
              seen.darkMillis());
          switch (event) {
            case "cut" -> lab.plug("d1", true);
            case "priority" -> d1[0].priorityDrop(false);
            case "graceful" -> {
              d1[0].close();
              d1[0] = factory.start(lab.netns(), d1ns, "d1", dir1, 150, setting);
            }
            default -> { }
          }
        }
      }
      steady(client, d1[0], d2, why);
      jitter.put(setting.label() + "|" + impl, jit.stream().mapToDouble(Double::doubleValue).sorted().toArray());
    } finally {
      d1[0].close();
      d2.close();
    }
  }

  private static void steady(Timeline client, Director d1, Director d2, Supplier<String> why) {
    Wait.until("d1 master, d2 backup, client on d1", BOUND, () -> d1.state().equals("MASTER")
        && d2.state().equals("BACKUP") && ClientLog.lastAnsweredBy(client.since(0), "d1", 30), why);
  }

  private static String safeState(Director d) {
    try {
      return d.state();
    } catch (RuntimeException e) {
      return "?(" + e.getMessage() + ")";
    }
  }

  private static String tail(Timeline client) {
    List<String> l = client.since(0);
    return l.subList(Math.max(0, l.size() - 3), l.size()).toString();
  }

  private String report() {
    StringBuilder b = new StringBuilder();
    b.append("Failover: median of ").append(RUNS).append(" runs; dark time in ms (failed connects), plus connections "
        + "reset in all runs; client every ").append(CLIENT_INTERVAL).append(" ms, ").append(CLIENT_TIMEOUT)
        .append(" ms timeout\n\n");
    b.append("| setting | event |");
    IMPLS.forEach(i -> b.append(' ').append(i).append(" median | ").append(i).append(" runs |"));
    b.append("\n|---|---|");
    IMPLS.forEach(i -> b.append("---|---|"));
    b.append('\n');
    for (String s : SETTINGS) {
      String label = Setting.parse(s).label();
      for (String event : EVENTS) {
        b.append("| ").append(label).append(" | ").append(event).append(" |");
        for (String impl : IMPLS) {
          List<Sample> mine = samples.stream()
              .filter(x -> x.setting.equals(label) && x.impl.equals(impl) && x.event.equals(event)).toList();
          long[] dark = mine.stream().mapToLong(Sample::darkMillis).sorted().toArray();
          long[] failed = mine.stream().mapToLong(Sample::failedConnects).sorted().toArray();
          long resets = mine.stream().mapToLong(Sample::resets).sum();
          b.append(' ').append(median(dark)).append(" (").append(median(failed)).append(')')
              .append(resets > 0 ? ", " + resets + " reset" : "").append(" | ");
          b.append(String.join(" / ", mine.stream().map(x -> x.darkMillis + " (" + x.failedConnects + ")").toList()))
              .append(" |");
        }
        b.append('\n');
      }
    }
    b.append("\nAdvert send jitter of the master as seen on the wire (|gap − interval|, ms): p50 / p99 / p99.9 / max (n)\n\n");
    b.append("| setting |");
    IMPLS.forEach(i -> b.append(' ').append(i).append(" |"));
    b.append("\n|---|");
    IMPLS.forEach(i -> b.append("---|"));
    b.append('\n');
    for (String s : SETTINGS) {
      String label = Setting.parse(s).label();
      b.append("| ").append(label).append(" |");
      for (String impl : IMPLS) {
        double[] j = jitter.getOrDefault(label + "|" + impl, new double[0]);
        b.append(String.format(Locale.ROOT, " %.3f / %.3f / %.3f / %.3f (%d) |", AdvertTap.percentile(j, 50),
            AdvertTap.percentile(j, 99), AdvertTap.percentile(j, 99.9), j.length == 0 ? Double.NaN : j[j.length - 1],
            j.length));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static String median(long[] sorted) {
    if (sorted.length == 0) {
      return "–";
    }
    return Long.toString(sorted[(sorted.length - 1) / 2]); // runs are odd in number; lower median otherwise
  }

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (IOException e) {
      throw new IllegalArgumentException(s, e);
    }
  }
}
