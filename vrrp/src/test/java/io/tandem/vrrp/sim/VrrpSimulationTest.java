package io.tandem.vrrp.sim;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * Runs {@link RandomFaultRun} over many seeds. CI: 10,000 seeds ({@code -Dvrrp.sim.seeds=N} to
 * change, {@code -Dvrrp.sim.firstSeed=S} to shift the range); one seed with its full trace:
 * {@code -Dvrrp.sim.seed=S}.
 */
class VrrpSimulationTest {
  private static final int CI_SEEDS = 10_000;
  private static final int TRACE_LINES = 400;

  @Test
  void invariantsHoldUnderSeededFaults() {
    String single = System.getProperty("vrrp.sim.seed");
    if (single != null) {
      RandomFaultRun.Outcome o = new RandomFaultRun(Long.parseLong(single), TRACE_LINES).run();
      System.out.println(report(o));
      if (o.failed()) {
        fail(report(o));
      }
      return;
    }
    long seeds = Long.getLong("vrrp.sim.seeds", CI_SEEDS);
    long first = Long.getLong("vrrp.sim.firstSeed", 0);
    long started = System.nanoTime();
    long transitions = 0;
    long packets = 0;
    for (long seed = first; seed < first + seeds; seed++) {
      RandomFaultRun.Outcome o = new RandomFaultRun(seed, 0).run();
      if (o.failed()) {
        // Deterministic: run it again with the trace switched on for the report.
        fail(report(new RandomFaultRun(seed, TRACE_LINES).run()));
      }
      transitions += o.transitions();
      packets += o.packets();
      if (seeds >= 100_000 && (seed - first + 1) % 100_000 == 0) {
        System.out.printf("vrrp sim: %d seeds in %.1f s%n", seed - first + 1, (System.nanoTime() - started) / 1e9);
      }
    }
    System.out.printf("vrrp sim: %d seeds (from %d), %d transitions, %d adverts, %.2f s%n",
        seeds, first, transitions, packets, (System.nanoTime() - started) / 1e9);
  }

  private static String report(RandomFaultRun.Outcome o) {
    return "VRRP simulation seed " + o.seed() + (o.failed() ? " FAILED" : " passed") + "\n"
        + "reproduce: scripts/mvn -B -o -pl vrrp test -Dtest=VrrpSimulationTest -Dvrrp.sim.seed=" + o.seed() + "\n"
        + String.join("\n", o.violations()) + "\n"
        + "cluster: " + o.description()
        + "trace (last lines, virtual time):\n" + o.trace();
  }
}
