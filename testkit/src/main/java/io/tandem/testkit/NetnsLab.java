package io.tandem.testkit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A set of network namespaces (and processes started in them) that is torn down as one, also on
 * failure and at JVM exit. Every name carries the lab's prefix plus the test JVM's pid, so parallel
 * test runs never collide and a leak is easy to attribute. Only TEST-NET addresses belong inside.
 */
public final class NetnsLab implements AutoCloseable {
  private final String prefix;
  private final Set<String> namespaces = new LinkedHashSet<>();
  private final List<Process> processes = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::teardown, "netns-lab-cleanup");

  /** {@code prefix}: a short tag of the test family, e.g. "ck" for checkers; at most 6 characters. */
  public NetnsLab(String prefix) {
    if (prefix.length() > 6) {
      throw new IllegalArgumentException("prefix too long: " + prefix);
    }
    Requirements.requireRoot();
    Requirements.requireCommand("ip");
    this.prefix = "t" + prefix + (ProcessHandle.current().pid() % 100000);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Creates namespace {@code name} (lo up) and returns its full name. */
  public synchronized String ns(String name) {
    String full = prefix + name;
    Sh.exec(List.of("ip", "netns", "del", full)); // left over from a killed run with a recycled pid
    Sh.run("ip", "netns", "add", full);
    namespaces.add(full);
    Sh.run("ip", "-n", full, "link", "set", "lo", "up");
    return full;
  }

  /** Runs {@code argv} inside namespace {@code ns}; throws on failure. */
  public String exec(String ns, String... argv) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.addAll(List.of(argv));
    return Sh.exec(cmd).orThrow(cmd).out();
  }

  /** Starts a long-running process inside {@code ns}; it is killed at teardown. */
  public synchronized Process start(String ns, ProcessBuilder pb) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.addAll(pb.command());
    pb.command(cmd);
    try {
      Process p = pb.start();
      processes.add(p);
      return p;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot start " + cmd, e);
    }
  }

  /** Joins {@code a} and {@code b} with a veth pair named {@code aIf}/{@code bIf}, both up. */
  public void veth(String a, String aIf, String b, String bIf) {
    String tmp = prefix + "v" + namespaces.size() + System.nanoTime() % 1000;
    Sh.run("ip", "link", "add", tmp + "a", "type", "veth", "peer", "name", tmp + "b");
    Sh.run("ip", "link", "set", tmp + "a", "netns", a, "name", aIf);
    Sh.run("ip", "link", "set", tmp + "b", "netns", b, "name", bIf);
    Sh.run("ip", "-n", a, "link", "set", aIf, "up");
    Sh.run("ip", "-n", b, "link", "set", bIf, "up");
  }

  public String prefix() {
    return prefix;
  }

  @Override
  public void close() {
    teardown();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException ignored) {
      // JVM already shutting down
    }
  }

  private synchronized void teardown() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    processes.clear();
    for (String ns : namespaces) {
      Sh.exec(List.of("ip", "netns", "pids", ns)).out().lines()
          .forEach(pid -> Sh.exec(List.of("kill", "-9", pid.trim())));
      Sh.exec(List.of("ip", "netns", "del", ns));
    }
    namespaces.clear();
  }
}
