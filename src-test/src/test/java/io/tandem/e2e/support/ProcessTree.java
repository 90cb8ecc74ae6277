package io.tandem.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a benchmarked daemon costs, read from /proc for the process and everything it forked (a
 * launcher script's JVM, keepalived's children). A process that ends while being read counts as 0.
 */
public final class ProcessTree {
  private ProcessTree() {}

  /** utime + stime so far, in clock ticks (1/100 s). */
  public static long cpuTicks(long pid) {
    long total = 0;
    for (long p : pids(pid)) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(p), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
      } catch (IOException | RuntimeException e) {
        // gone
      }
    }
    return total;
  }

  /** Resident set size now, in KiB. */
  public static long rssKb(long pid) {
    long total = 0;
    for (long p : pids(pid)) {
      try {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(p), "status"))) {
          if (l.startsWith("VmRSS:")) {
            total += Long.parseLong(l.replaceAll("\\D", ""));
          }
        }
      } catch (IOException | RuntimeException e) {
        // gone
      }
    }
    return total;
  }

  private static List<Long> pids(long pid) {
    List<Long> pids = new ArrayList<>();
    pids.add(pid);
    ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
    return pids;
  }
}
