package io.tandem.e2e.wire;

import java.util.List;

/**
 * What the lab's probe client saw over a stretch of its timeline ({@code <ms> OK <who>} /
 * {@code <ms> FAIL connect:<why>} / {@code <ms> FAIL read:<why>} lines).
 *
 * @param failures every failed attempt
 * @param connectFailures attempts whose TCP connect failed: nobody answered for the VIP
 * @param resets attempts connected but then reset or closed (a connection cut by the VIP moving)
 * @param darkMillis the longest time between two successful attempts (includes one probing interval)
 * @param reachDarkMillis the longest time between two attempts whose connect succeeded: the VIP's
 *     own outage, without the noise of a slow server (a read timeout means someone held the VIP)
 */
public record ClientLog(int attempts, long failures, long connectFailures, long resets, long darkMillis,
    long reachDarkMillis, String lastAnswer, String firstAnswer) {

  public static ClientLog of(List<String> lines) {
    long failures = 0;
    long connectFailures = 0;
    long resets = 0;
    long dark = 0;
    long reachDark = 0;
    long lastOk = Long.MIN_VALUE; // the window's first attempt until an OK is seen
    long lastReach = Long.MIN_VALUE;
    String last = "";
    String first = "";
    int attempts = 0;
    for (String line : lines) {
      String[] f = line.split(" ", 3);
      if (f.length < 2) {
        continue;
      }
      long t;
      try {
        t = Long.parseLong(f[0]);
      } catch (NumberFormatException e) {
        continue; // not a probe line
      }
      attempts++;
      if (lastOk == Long.MIN_VALUE) {
        lastOk = t; // failures at the start of the window count as dark from the window's start
        lastReach = t;
      }
      String why = f.length > 2 ? f[2] : "";
      boolean ok = f[1].equals("OK");
      boolean connected = ok || why.startsWith("read");
      if (ok) {
        dark = Math.max(dark, t - lastOk);
        lastOk = t;
        last = why;
        if (first.isEmpty()) {
          first = last;
        }
      } else {
        failures++;
        if (!connected) {
          connectFailures++;
        } else if (!why.contains("timed_out")) {
          resets++;
        }
      }
      if (connected) {
        reachDark = Math.max(reachDark, t - lastReach);
        lastReach = t;
      }
    }
    return new ClientLog(attempts, failures, connectFailures, resets, dark, reachDark, last, first);
  }

  /** True when the last {@code n} attempts all succeeded and were answered by {@code who}. */
  public static boolean lastAnsweredBy(List<String> lines, String who, int n) {
    if (lines.size() < n) {
      return false;
    }
    return lines.subList(lines.size() - n, lines.size()).stream().allMatch(l -> l.endsWith(" OK " + who));
  }
}
