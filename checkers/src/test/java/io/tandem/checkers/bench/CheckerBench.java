package io.tandem.checkers.bench;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.pool.CheckerPool;
import io.tandem.checkers.pool.HealthEvent;
import io.tandem.checkers.probe.NettyTransport;
import io.tandem.checkers.spec.CheckSpec;
import io.tandem.checkers.spec.CheckTiming;
import io.tandem.checkers.spec.HttpSpec;
import io.tandem.checkers.spec.NetTarget;
import io.tandem.checkers.spec.ProbeSpec;
import io.tandem.checkers.spec.TcpSpec;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark harness (not a test; run by checkers/bench/run-bench.sh inside the checker namespace):
 * N real servers 2001:db8:1::1..N port 8080, TCP or HTTP, 1 s interval, timeout 1 s, fall 3, rise 2,
 * as the HAProxy reference. Runs {@code warmup + window} seconds counting false DOWNs, then "kills"
 * K servers by adding them to an nft set in the server namespace (reject with tcp reset) and reports
 * how long each took to be reported down.
 *
 * <p>Args: mode(tcp|http) count sourceAddr warmupSec windowSec killCount serverNetns
 */
public final class CheckerBench {
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int count = Integer.parseInt(args[1]);
    InetAddress source = InetAddress.getByName(args[2]);
    int warmup = Integer.parseInt(args[3]);
    int window = Integer.parseInt(args[4]);
    int kill = Integer.parseInt(args[5]);
    String serverNs = args[6];

    CheckTiming timing = new CheckTiming(Duration.ofSeconds(1), Duration.ofSeconds(1), 3, 2, 0, Duration.ZERO,
        Duration.ofSeconds(1), false);
    ConcurrentHashMap<Integer, Long> downAt = new ConcurrentHashMap<>();
    AtomicLong falseDowns = new AtomicLong();
    AtomicLong killStart = new AtomicLong(Long.MAX_VALUE);
    List<InetAddress> targets = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      targets.add(InetAddress.getByName(String.format("2001:db8:1::%x", i)));
    }
    try (NettyTransport transport = NettyTransport.create(1);
        ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
        CheckerPool pool = CheckerPool.create(transport, blocking, new Random(42))) {
      System.out.println("transport " + transport.name());
      for (int i = 0; i < count; i++) {
        int index = i;
        NetTarget t = NetTarget.of(targets.get(i), 8080).withSource(source);
        ProbeSpec probe = mode.equals("http") ? HttpSpec.get(t, "/") : new TcpSpec(t);
        pool.subscribe(CheckSpec.of(probe, timing, 1), e -> {
          if (e.cause() == HealthEvent.Cause.FELL) {
            long now = System.nanoTime();
            if (now < killStart.get()) {
              falseDowns.incrementAndGet();
              System.out.println("FALSE DOWN " + e.describe());
            } else {
              downAt.putIfAbsent(index, now);
            }
          }
        });
      }
      Thread.sleep((warmup + window) * 1000L + 2000);
      System.out.println("false_downs " + falseDowns.get());
      System.out.println("runs " + pool.metrics().snapshot());

      // Kill K servers spread over the address range; the clock starts before nft runs (conservative).
      List<Integer> killed = new ArrayList<>();
      StringBuilder set = new StringBuilder();
      for (int k = 0; k < kill; k++) {
        int index = (int) ((long) k * count / kill);
        killed.add(index);
        set.append(set.isEmpty() ? "" : ", ").append(targets.get(index).getHostAddress());
      }
      killStart.set(System.nanoTime());
      Process nft = new ProcessBuilder("ip", "netns", "exec", serverNs, "nft", "add", "element", "inet", "ckb",
          "killed", "{ " + set + " }").inheritIO().start();
      if (nft.waitFor() != 0) {
        throw new IllegalStateException("nft add element failed");
      }
      Thread.sleep(6000);
      long[] latencies = killed.stream().mapToLong(i -> downAt.getOrDefault(i, Long.MAX_VALUE)).map(
          t -> t == Long.MAX_VALUE ? Long.MAX_VALUE : (t - killStart.get()) / 1_000_000).sorted().toArray();
      long missed = Arrays.stream(latencies).filter(l -> l == Long.MAX_VALUE).count();
      System.out.printf("detect_ms p50 %d p99 %d max %d missed %d of %d%n", latencies[latencies.length / 2],
          latencies[(int) Math.ceil(latencies.length * 0.99) - 1], latencies[latencies.length - 1], missed, kill);
      long otherDowns = downAt.keySet().stream().filter(i -> !killed.contains(i)).count();
      System.out.println("false_downs_after_kill " + otherDowns);
      System.out.println("watchdog " + pool.metrics().watchdogFirings() + " refused "
          + pool.metrics().runs(mode, Outcome.REFUSED));
    }
  }
}
