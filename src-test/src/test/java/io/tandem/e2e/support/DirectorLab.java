package io.tandem.e2e.support;

import io.tandem.testkit.NetnsLab;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A layer-2 segment in namespaces: a switch namespace holding bridge {@code br0}, and hosts
 * attached to it by veth ({@code eth0} inside each host, a port named after the host on the
 * bridge), all in 192.0.2.0/24. Real servers are {@link io.tandem.testkit.lab.NameServer}s and
 * the client is a {@link io.tandem.testkit.lab.ProbeClient}, both run from the test class path.
 */
public final class DirectorLab implements AutoCloseable {
  public static final String VIP = "192.0.2.10";
  /** The IPv6 documentation prefix used for dual-stack hosts ({@link #hostDualStack}). */
  public static final String V6_PREFIX = "2001:db8::";

  private final NetnsLab lab;
  private final String sw;
  private final List<Path> tempDirs = Collections.synchronizedList(new ArrayList<>());

  public DirectorLab(String prefix) {
    this.lab = new NetnsLab(prefix);
    this.sw = lab.ns("sw");
    lab.exec(sw, "ip", "link", "add", "br0", "type", "bridge");
    lab.exec(sw, "ip", "link", "set", "br0", "up");
  }

  public NetnsLab netns() {
    return lab;
  }

  /** A host {@code name} with 192.0.2.{@code host}/24 on its eth0, plugged into the bridge. */
  public String host(String name, int host) {
    String ns = lab.ns(name);
    lab.veth(ns, "eth0", sw, name);
    lab.exec(sw, "ip", "link", "set", name, "master", "br0");
    lab.exec(ns, "ip", "addr", "add", "192.0.2." + host + "/24", "dev", "eth0");
    return ns;
  }

  /**
   * Like {@link #host}, plus {@code 2001:db8::<host>/64}; duplicate address detection is off in the
   * host so its link-local address (the VRRPv3 IPv6 advert source) is usable at once.
   */
  public String hostDualStack(String name, int host) {
    String ns = lab.ns(name);
    // Set before the veth arrives: a device moved into the namespace takes the namespace defaults.
    lab.exec(ns, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf.all.accept_dad=0");
    lab.veth(ns, "eth0", sw, name);
    lab.exec(sw, "ip", "link", "set", name, "master", "br0");
    lab.exec(ns, "ip", "addr", "add", "192.0.2." + host + "/24", "dev", "eth0");
    lab.exec(ns, "ip", "-6", "addr", "add", V6_PREFIX + Integer.toHexString(host) + "/64", "dev", "eth0", "nodad");
    return ns;
  }

  /** The namespace holding the bridge (for captures and nftables rules on the segment). */
  public String switchNs() {
    return sw;
  }

  /**
   * Port isolation on the bridge: isolated ports cannot reach each other but still reach every
   * other port. Isolating two directors' ports makes a split brain while the client sees both.
   */
  public void isolate(String name, boolean on) {
    lab.exec(sw, "bridge", "link", "set", "dev", name, "isolated", on ? "on" : "off");
  }

  /** {@code ip -o addr} of {@code dev} in {@code ns}: one line per address. */
  public String addresses(String ns, String dev) {
    return lab.exec(ns, "ip", "-o", "addr", "show", "dev", dev);
  }

  /** True when {@code address} (no prefix length) is configured on any interface of {@code ns}. */
  public boolean hasAddress(String ns, String address) {
    String out = lab.exec(ns, "ip", "-o", "addr", "show");
    return out.lines().anyMatch(l -> l.contains(" " + address + "/"));
  }

  /** The MAC the client's neighbour table holds for {@code address} ("" if none). */
  public String neighbourMac(String ns, String address) {
    String out = lab.exec(ns, "ip", "neigh", "show", address);
    int i = out.indexOf("lladdr ");
    return i < 0 ? "" : out.substring(i + 7).split("\\s+")[0];
  }

  /** The MAC of {@code dev} in {@code ns}. */
  public String mac(String ns, String dev) {
    String out = lab.exec(ns, "ip", "-o", "link", "show", "dev", dev);
    int i = out.indexOf("link/ether ");
    return i < 0 ? "" : out.substring(i + 11).split("\\s+")[0];
  }

  /** Unplugs (or plugs back) a host's bridge port: its eth0 loses carrier, as a pulled cable. */
  public void plug(String name, boolean in) {
    lab.exec(sw, "ip", "link", "set", name, in ? "up" : "down");
  }

  /** Starts a real server answering HTTP with {@code name} on {@code port} in {@code ns}. */
  public Process nameServer(String ns, int port, String name) {
    Process p = lab.start(ns, java("io.tandem.testkit.lab.NameServer", Integer.toString(port), name));
    awaitLine(p, "listening");
    return p;
  }

  /** Starts the client: one connection to VIP:port every {@code intervalMs}; read its lines with {@link Timeline}. */
  public Timeline client(String ns, int port, int intervalMs, int timeoutMs) {
    Process p = lab.start(ns, java("io.tandem.testkit.lab.ProbeClient", VIP, Integer.toString(port),
        Integer.toString(intervalMs), "0", Integer.toString(timeoutMs)));
    return new Timeline(p);
  }

  /** Like {@link #client(String, int, int, int)}, to any target (e.g. the IPv6 VIP). */
  public Timeline client(String ns, String target, int port, int intervalMs, int timeoutMs) {
    Process p = lab.start(ns, java("io.tandem.testkit.lab.ProbeClient", target, Integer.toString(port),
        Integer.toString(intervalMs), "0", Integer.toString(timeoutMs)));
    return new Timeline(p);
  }

  private static ProcessBuilder java(String main, String... args) {
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(javaBin, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp",
        System.getProperty("tandem.testkit.classes"), main));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true);
  }

  private static void awaitLine(Process p, String text) {
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.contains(text)) {
          return;
        }
      }
      throw new IllegalStateException("process exited before printing '" + text + "'");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path tempDir(String name) {
    try {
      Path dir = java.nio.file.Files.createTempDirectory("tandem-e2e-" + name);
      tempDirs.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the namespaces, then the temporary directories (kept with -Dtandem.e2e.keep=true, for a post-mortem). */
  @Override
  public void close() {
    lab.close();
    if (!Boolean.getBoolean("tandem.e2e.keep")) {
      tempDirs.forEach(DirectorLab::deleteTree);
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = java.nio.file.Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover directory in /tmp is no failure
    }
  }

  /** The client's lines as they arrive: {@code <ms> OK <who>}, {@code <ms> FAIL connect:<why>} or {@code <ms> FAIL read:<why>}. */
  public static final class Timeline {
    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    Timeline(Process process) {
      this.process = process;
      Thread.ofVirtual().start(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            lines.add(line);
          }
        } catch (IOException ignored) {
          // the client was stopped
        }
      });
    }

    /** Marks where we are: attempts after the mark are {@link #since}. */
    public int mark() {
      return lines.size();
    }

    public List<String> since(int mark) {
      synchronized (lines) {
        return List.copyOf(lines.subList(mark, lines.size()));
      }
    }

    public static long failures(List<String> attempts) {
      return attempts.stream().filter(l -> l.contains(" FAIL")).count();
    }

    /** Attempts whose connection was never established: what failover targets count. */
    public static long failedConnects(List<String> attempts) {
      return attempts.stream().filter(l -> l.contains(" FAIL connect:")).count();
    }

    public static long answeredBy(List<String> attempts, String who) {
      return attempts.stream().filter(l -> l.endsWith(" OK " + who)).count();
    }

    public void stop() {
      process.destroy();
    }

    /** The client's process id (e.g. to give it real-time priority in a benchmark). */
    public long pid() {
      return process.pid();
    }
  }
}
