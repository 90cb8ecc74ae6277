package io.tandem.notify.bench;

import io.tandem.notify.NotifyWiring;
import io.tandem.notify.dispatch.Notifier;
import io.tandem.notify.event.VrrpInstanceTransition;
import io.tandem.notify.event.VrrpState;
import io.tandem.notify.plan.NotifyConfig;
import io.tandem.notify.plan.ScriptSpec;
import io.tandem.notify.plan.VrrpHooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;

/**
 * How long publish() holds the caller (the VRRP state machine's thread): with no hooks, and with a
 * notify_master script that hangs (sleep 3600, in its own child too) plus a generic script on the
 * same instance. Real edges (NotifyWiring.start). Not a test: run it by hand, see docs/bench-notify.md.
 */
public final class PublishLatencyBench {
  private static final int WARMUP = 20_000;
  private static final int CALLS = 100_000;

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : CALLS;
    Path dir = Files.createTempDirectory("nt-bench-");
    Path hang = dir.resolve("hang.sh");
    Files.writeString(hang, "#!/bin/sh\nsleep 3600 &\nsleep 3600\n");
    Files.setPosixFilePermissions(hang, PosixFilePermissions.fromString("rwxr-xr-x"));
    try {
      run("no hooks", NotifyConfig.builder("bench").build(), calls);
      ScriptSpec hung = ScriptSpec.of(hang.toString()).withTimeout(Duration.ofSeconds(20));
      run("hung notify_master + generic script", NotifyConfig.builder("bench")
          .instance("VI_1", VrrpHooks.NONE.withMaster(hung).withGeneric(hung))
          .build(), calls);
    } finally {
      Files.deleteIfExists(hang);
      Files.deleteIfExists(dir);
    }
  }

  private static void run(String label, NotifyConfig cfg, int calls) throws Exception {
    Notifier notifier = NotifyWiring.start(cfg);
    try {
      for (int i = 0; i < WARMUP; i++) {
        notifier.publish(event(i));
      }
      long[] nanos = new long[calls];
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        long s = System.nanoTime();
        notifier.publish(event(i));
        nanos[i] = System.nanoTime() - s;
      }
      long total = System.nanoTime() - start;
      Arrays.sort(nanos);
      System.out.printf("%-40s calls=%d p50=%.2fus p99=%.2fus p99.9=%.2fus max=%.1fus total-held=%.1fms "
              + "scripts: timeout=%d dropped=%d inflight=%d%n",
          label, calls, nanos[calls / 2] / 1e3, nanos[(int) (calls * 0.99)] / 1e3, nanos[(int) (calls * 0.999)] / 1e3,
          nanos[calls - 1] / 1e3, total / 1e6,
          notifier.counters().deliveries(io.tandem.notify.plan.DeliveryKind.SCRIPT, io.tandem.notify.dispatch.DeliveryResult.TIMEOUT),
          notifier.counters().deliveries(io.tandem.notify.plan.DeliveryKind.SCRIPT, io.tandem.notify.dispatch.DeliveryResult.DROPPED),
          notifier.counters().inFlight());
    } finally {
      notifier.close();
      // The hung script's run ends at its timeout (the group is killed); wait for it so no process outlives us.
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (notifier.counters().inFlight() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    }
  }

  private static VrrpInstanceTransition event(int i) {
    return i % 2 == 0
        ? new VrrpInstanceTransition("VI_1", VrrpState.BACKUP, VrrpState.MASTER, 150)
        : new VrrpInstanceTransition("VI_1", VrrpState.MASTER, VrrpState.BACKUP, 150);
  }
}
