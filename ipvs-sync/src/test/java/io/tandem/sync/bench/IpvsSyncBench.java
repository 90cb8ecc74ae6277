package io.tandem.sync.bench;

import io.tandem.sync.ipvs.IpvsEngine;
import io.tandem.sync.lab.Netns;
import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.ForwardingMethod;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.ServiceEntry;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.SyncOp;
import io.tandem.sync.model.VipServiceKey;
import io.tandem.sync.reconcile.Reconciler;
import io.tandem.sync.reconcile.RetryPolicy;
import io.tandem.testkit.FakeScheduler;
import io.tandem.testkit.Sh;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The IPVS reconcile benchmark, run inside user-mode Linux by {@link IpvsUmlBench} (not a test).
 * Usage: {@code IpvsSyncBench SERVICES PAIRS CHANGES}.
 *
 * <ol>
 *   <li>Full sync of SERVICES virtual services x 10 real servers into an empty IPVS, A B A B…:
 *       A = Tandem ({@link Reconciler} + {@link IpvsEngine}: read the empty table, diff, apply),
 *       B = {@code ipvsadm -R} of the same table as ipvsadm-save lines (one process, reading the
 *       rules from a file). Each run gets a fresh network namespace, so a fresh IPVS: after a flush
 *       the kernel keeps the deleted real servers in a trash list for minutes and searches it,
 *       linearly, for every real server added, which made a second run 50-100 times slower than a
 *       first. The namespaces are deleted only at the end, so their teardown never overlaps a run.
 *       The first A and the first B are checked to leave exactly the table: both do the same work.
 *   <li>A restarted daemon adopting the table the last B left (read the services back, diff, 0 operations).
 *   <li>One real-server weight change, CHANGES times: the whole pass (diff + one netlink request),
 *       with a full diff and with the changed service named; and {@code ipvsadm -e} for the same.
 * </ol>
 */
public final class IpvsSyncBench {
  private static final PrintStream out = System.out;
  private static final RetryPolicy RETRY = RetryPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));
  private static final List<String> namespaces = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    int services = Integer.parseInt(args[0]);
    int pairs = Integer.parseInt(args[1]);
    int changes = Integer.parseInt(args[2]);
    Locale.setDefault(Locale.ROOT);
    // Time the reconcile and the engine, not a console write per pass ("applied 1 operation(s)").
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Reconciler.class)).setLevel(ch.qos.logback.classic.Level.WARN);

    ForwardingTable table = DiffBench.table(services);
    Path rules = Files.createTempFile("ipv-bench-rules", ".txt");
    Files.writeString(rules, ipvsadmSave(table));
    out.printf("table: %d services, %d real servers, %d operations from empty; ipvsadm rules: %d lines%n",
        table.services().size(), table.destCount(), table.services().size() + table.destCount(),
        table.services().size() + table.destCount());
    try {
      String loadedByIpvsadm = fullSyncPairs(table, rules, pairs);
      inNetns(loadedByIpvsadm, () -> {
        try (IpvsEngine engine = new IpvsEngine(10_000)) {
          adoptionAndOneChange(engine, table, changes);
        }
        return null;
      });
    } finally {
      for (String ns : namespaces) {
        Sh.exec(List.of("ip", "netns", "del", ns));
      }
      Files.deleteIfExists(rules);
    }
    out.println("bench done");
  }

  /** A new network namespace (its own, empty IPVS) with a route to the real servers, which IPVS requires. */
  private static String freshNetns() {
    String ns = "ipv-bench" + namespaces.size();
    Sh.run("ip", "netns", "add", ns);
    namespaces.add(ns);
    Sh.run("ip", "-n", ns, "link", "add", "ipv-d0", "type", "dummy");
    Sh.run("ip", "-n", ns, "addr", "add", "203.0.113.254/24", "dev", "ipv-d0");
    Sh.run("ip", "-n", ns, "link", "set", "ipv-d0", "up");
    return ns;
  }

  /**
   * Runs {@code work} on a thread inside {@code ns}: sockets it opens (the engine's) and processes it
   * starts (ipvsadm) belong to that namespace.
   */
  private static <T> T inNetns(String ns, Callable<T> work) throws Exception {
    ExecutorService thread = Netns.executorIn(ns, 1);
    try {
      return thread.submit(work).get();
    } finally {
      thread.shutdownNow();
    }
  }

  /** A B A B…; returns the namespace the last ipvsadm -R filled. */
  private static String fullSyncPairs(ForwardingTable table, Path rules, int pairs) throws Exception {
    List<Double> tandem = new ArrayList<>();
    List<Double> ipvsadm = new ArrayList<>();
    String lastB = null;
    for (int pair = 1; pair <= pairs; pair++) {
      boolean first = pair == 1;
      tandem.add(inNetns(freshNetns(), () -> {
        try (IpvsEngine engine = new IpvsEngine(10_000)) {
          FakeScheduler scheduler = new FakeScheduler();
          double ms;
          try (Reconciler r = new Reconciler(engine, scheduler, RETRY)) {
            long t0 = System.nanoTime();
            r.submit(table);
            scheduler.runDue();
            ms = (System.nanoTime() - t0) / 1e6;
            if (!r.stats().inSync() || r.stats().opsApplied() != table.services().size() + table.destCount()) {
              throw new IllegalStateException("Tandem full sync incomplete: " + r.stats());
            }
          }
          if (first) {
            check(engine, table, "Tandem");
          }
          return ms;
        }
      }));
      out.printf("pair %d  A Tandem full sync: %8.0f ms%n", pair, tandem.getLast());

      lastB = freshNetns();
      ipvsadm.add(inNetns(lastB, () -> {
        long t0 = System.nanoTime();
        restore(rules);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (first) {
          try (IpvsEngine engine = new IpvsEngine(10_000)) {
            check(engine, table, "ipvsadm -R");
          }
        }
        return ms;
      }));
      out.printf("pair %d  B ipvsadm -R:       %8.0f ms   (A/B %.4f)%n", pair, ipvsadm.getLast(),
          tandem.getLast() / ipvsadm.getLast());
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      ratios.add(tandem.get(i) / ipvsadm.get(i));
    }
    out.printf("full sync medians: Tandem %.0f ms, ipvsadm -R %.0f ms, ratio A/B median %.4f (per pair: %s)%n",
        median(tandem), median(ipvsadm), median(ratios), ratios.stream().map(r -> String.format("%.4f", r)).toList());
    return lastB;
  }

  /** The table in IPVS (left by ipvsadm -R) is adopted by a new Reconciler, then one real server changes at a time. */
  private static void adoptionAndOneChange(IpvsEngine engine, ForwardingTable table, int changes) throws Exception {
    FakeScheduler scheduler = new FakeScheduler();
    List<ServiceEntry> entries = new ArrayList<>(table.services().values());
    try (Reconciler r = new Reconciler(engine, scheduler, RETRY)) {
      long t0 = System.nanoTime();
      r.submit(table);
      scheduler.runDue();
      out.printf("restart adoption of %d services: %d operations, %.0f ms (one dump of services + one per service)%n",
          table.services().size(), r.stats().opsApplied(), (System.nanoTime() - t0) / 1e6);

      Map<ServiceKey, ServiceEntry> current = new HashMap<>(table.services());
      List<Double> full = new ArrayList<>();
      List<Double> hinted = new ArrayList<>();
      List<Long> opCounts = new ArrayList<>();
      for (int i = 0; i < 2 * changes; i++) {
        boolean hint = i % 2 == 1; // alternate: full diff, hinted, full, hinted…
        ServiceKey victim = entries.get((int) ((i * 7919L) % entries.size())).key();
        DestSpec d = current.get(victim).dests().values().iterator().next();
        current.put(victim, current.get(victim).withDest(d.withWeight(d.weight() == 9 ? 8 : 9)));
        ForwardingTable next = new ForwardingTable(current); // the daemon's work, not timed
        long before = r.stats().opsApplied();
        long start = System.nanoTime();
        if (hint) {
          r.submit(next, Set.of(victim));
        } else {
          r.submit(next);
        }
        scheduler.runDue();
        (hint ? hinted : full).add((System.nanoTime() - start) / 1e6);
        opCounts.add(r.stats().opsApplied() - before);
      }
      if (!r.stats().inSync()) {
        throw new IllegalStateException("not in sync after the changes: " + r.stats());
      }
      out.printf("one real-server change, %d times each way: operations per change %s; whole pass with the full diff"
          + " median %.2f ms (min %.2f); with the changed service named median %.2f ms (min %.2f)%n", changes,
          opCounts.stream().distinct().toList(), median(full), min(full), median(hinted), min(hinted));
    }
    scheduler.runDue();

    ServiceEntry one = entries.get(1);
    DestSpec d = one.dests().values().iterator().next();
    List<Double> apply = new ArrayList<>();
    for (int i = 0; i < changes; i++) {
      long t0 = System.nanoTime();
      var result = engine.apply(List.of(new SyncOp.EditDest(one.key(), d.withWeight(20 + i % 2))));
      apply.add((System.nanoTime() - t0) / 1e6);
      if (!result.refused().isEmpty()) {
        throw new IllegalStateException(result.toString());
      }
    }
    List<Double> edit = new ArrayList<>();
    VipServiceKey k = (VipServiceKey) one.key();
    for (int i = 0; i < Math.min(changes, 9); i++) {
      long t0 = System.nanoTime();
      Sh.run("ipvsadm", "-e", "-t", k.vip().getHostAddress() + ":" + k.port(), "-r",
          d.address().address().getHostAddress() + ":" + d.address().port(), "-m", "-w", Integer.toString(30 + i % 2));
      edit.add((System.nanoTime() - t0) / 1e6);
    }
    out.printf("one edit-dest alone: IpvsEngine.apply median %.2f ms (min %.2f); an ipvsadm -e process median %.0f ms%n",
        median(apply), min(apply), median(edit));
  }

  /** The table as {@code ipvsadm-save -n} would print it (TCP, NAT only: what {@link DiffBench#table} builds). */
  static String ipvsadmSave(ForwardingTable table) {
    StringBuilder b = new StringBuilder();
    for (ServiceEntry e : table.services().values()) {
      VipServiceKey k = (VipServiceKey) e.key();
      String svc = "-t " + k.vip().getHostAddress() + ":" + k.port();
      b.append("-A ").append(svc).append(" -s ").append(e.spec().scheduler().ipvsName()).append('\n');
      for (DestSpec d : e.dests().values()) {
        if (d.method() != ForwardingMethod.NAT) {
          throw new IllegalArgumentException("bench table is NAT only");
        }
        b.append("-a ").append(svc).append(" -r ").append(d.address().address().getHostAddress()).append(':')
            .append(d.address().port()).append(" -m -w ").append(d.weight()).append('\n');
      }
    }
    return b.toString();
  }

  private static void check(IpvsEngine engine, ForwardingTable table, String who) throws Exception {
    long t0 = System.nanoTime();
    ForwardingTable seen = engine.observe();
    if (!seen.equals(table)) {
      throw new IllegalStateException(who + " left a different table: " + seen.services().size() + " services, "
          + seen.destCount() + " real servers");
    }
    out.printf("check: the table %s wrote is exactly the benchmark table (read back in %.0f ms)%n", who,
        (System.nanoTime() - t0) / 1e6);
  }

  private static void restore(Path rules) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ipvsadm", "-R").redirectInput(rules.toFile()).redirectErrorStream(true).start();
    byte[] output = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("ipvsadm -R failed: " + new String(output, StandardCharsets.UTF_8));
    }
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static double min(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private IpvsSyncBench() {}
}
