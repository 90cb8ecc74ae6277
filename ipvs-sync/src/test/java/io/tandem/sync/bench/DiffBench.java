package io.tandem.sync.bench;

import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.ForwardingMethod;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.model.ServiceEntry;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.ServiceSpec;
import io.tandem.sync.model.SyncOp;
import io.tandem.sync.model.VipServiceKey;
import io.tandem.sync.model.Protocol;
import io.tandem.sync.nft.NftEngine;
import io.tandem.sync.nft.ProcessNftRunner;
import io.tandem.sync.reconcile.ApplyResult;
import io.tandem.sync.reconcile.TableDiff;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark harness (not a test): diff cost for 10,000 services x 10 real servers, and optionally
 * the nft apply time of that table inside a namespace. Usage:
 * {@code DiffBench [services] [netns-for-nft-or-none]}.
 */
public final class DiffBench {
  public static void main(String[] args) throws Exception {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    String netns = args.length > 1 ? args[1] : null;
    ForwardingTable table = table(services);
    System.out.printf("table: %d services, %d real servers%n", table.services().size(), table.destCount());

    List<SyncOp> all = TableDiff.diff(table, ForwardingTable.EMPTY, Set.of());
    System.out.printf("full sync diff (empty -> table): %d ops, best of %d: %.1f ms%n", all.size(), RUNS,
        best(() -> TableDiff.diff(table, ForwardingTable.EMPTY, Set.of())));

    ServiceEntry victim = table.services().values().iterator().next();
    DestSpec d = victim.dests().values().iterator().next();
    Map<ServiceKey, ServiceEntry> m = new HashMap<>(table.services());
    m.put(victim.key(), victim.withDest(d.withWeight(d.weight() + 1)));
    ForwardingTable changed = new ForwardingTable(m);
    List<SyncOp> ops = TableDiff.diff(changed, table, Set.of());
    System.out.printf("one real-server change: %d op(s) %s, best of %d: %.2f ms%n", ops.size(), ops, RUNS,
        best(() -> TableDiff.diff(changed, table, Set.of())));
    System.out.printf("the same change, diff scoped to the changed service: %d op(s), best of %d: %.4f ms%n",
        TableDiff.diff(changed, table, Set.of(), Set.of(victim.key())).size(), RUNS,
        best(() -> TableDiff.diff(changed, table, Set.of(), Set.of(victim.key()))));
    System.out.printf("known-table update for that op (ForwardingTable.apply), best of %d: %.3f ms%n", RUNS,
        best(() -> table.apply(ops)));
    System.out.printf("known-table update for a full sync (%d ops), best of %d: %.1f ms%n", all.size(), RUNS,
        best(() -> ForwardingTable.EMPTY.apply(all)));

    if (netns != null) {
      NftEngine engine = new NftEngine(new ProcessNftRunner(List.of("ip", "netns", "exec", netns, "nft"), Duration.ofMinutes(5)));
      engine.observe();
      List<SyncOp> full = TableDiff.diff(table, ForwardingTable.EMPTY, Set.of());
      long t0 = System.nanoTime();
      ApplyResult r = engine.apply(full);
      long fullNs = System.nanoTime() - t0;
      System.out.printf("nft full-table apply: %d ops applied, %d refused, %.0f ms%n", r.applied().size(), r.refused().size(), fullNs / 1e6);
      t0 = System.nanoTime();
      r = engine.apply(ops);
      System.out.printf("nft one real-server change: %d op(s), %.1f ms%n", r.applied().size(), (System.nanoTime() - t0) / 1e6);
      t0 = System.nanoTime();
      ForwardingTable read = engine.observe();
      System.out.printf("nft observe (list + parse) of %d services: %.0f ms%n", read.services().size(), (System.nanoTime() - t0) / 1e6);
    }
  }

  /** Runs per figure, after as many warm-up runs (the JIT compiles the paths first). */
  private static final int RUNS = 15;

  /** Best time in ms of {@link #RUNS} runs of {@code work}, after as many unmeasured ones. */
  private static double best(java.util.function.Supplier<?> work) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 2 * RUNS; i++) {
      long t0 = System.nanoTime();
      work.get();
      long ns = System.nanoTime() - t0;
      if (i >= RUNS) {
        best = Math.min(best, ns);
      }
    }
    return best / 1e6;
  }

  static ForwardingTable table(int services) throws Exception {
    List<ServiceEntry> entries = new ArrayList<>(services);
    for (int s = 0; s < services; s++) {
      // TEST-NET only: 250 VIPs in 192.0.2.0/24, each with up to 40+ ports.
      InetAddress vip = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) (1 + s % 250)});
      ServiceKey key = new VipServiceKey(vip, 1000 + s / 250, Protocol.TCP);
      List<DestSpec> dests = new ArrayList<>();
      for (int r = 0; r < 10; r++) {
        dests.add(new DestSpec(new RealServerAddress(InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, (byte) (r + 1)}), 8000 + (s % 1000)),
            1 + r % 3, ForwardingMethod.NAT));
      }
      entries.add(ServiceEntry.of(ServiceSpec.of(key, SchedulingMethod.WRR), dests));
    }
    return ForwardingTable.of(entries);
  }

  private DiffBench() {}

}
