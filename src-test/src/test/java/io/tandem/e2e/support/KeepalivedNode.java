package io.tandem.e2e.support;

import io.tandem.testkit.NetnsLab;
import io.tandem.testkit.Requirements;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * keepalived 2.2.7 as a VRRP peer, in the foreground inside a namespace. Only its VRRP process
 * runs here (the checker needs IPVS, which this kernel lacks). Its state is read from its own log
 * lines ({@code (NAME) Entering MASTER STATE}), so no notify script is needed.
 */
public final class KeepalivedNode implements AutoCloseable {
  private final String name;
  private final Process process;
  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  private KeepalivedNode(String name, Process process) {
    this.name = name;
    this.process = process;
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // stopped
      }
    });
  }

  /** Writes {@code dir/keepalived.conf} = {@code config} and starts keepalived in {@code ns}. */
  public static KeepalivedNode start(NetnsLab lab, String ns, String name, Path dir, String config) {
    Requirements.requireCommand("keepalived");
    try {
      Files.createDirectories(dir);
      Path conf = dir.resolve("keepalived.conf");
      Files.writeString(conf, config);
      ProcessBuilder pb = new ProcessBuilder("keepalived", "-n", "-l", "-D", "-f", conf.toString(),
          "-p", dir.resolve("keepalived.pid").toString(), "-r", dir.resolve("vrrp.pid").toString(),
          "-c", dir.resolve("checkers.pid").toString()).redirectErrorStream(true);
      return new KeepalivedNode(name, lab.start(ns, pb));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A {@code vrrp_instance} block. {@code interval} is keepalived's {@code advert_int}; with v2
   * it must be whole seconds. {@code extra} goes into the block as is (unicast peers, track_file...).
   */
  public static String instance(String instance, int version, int vrid, int priority, Duration interval,
      boolean preempt, String authPass, List<String> vips, String extra) {
    StringBuilder b = new StringBuilder();
    b.append("vrrp_instance ").append(instance).append(" {\n")
        .append("  version ").append(version).append('\n')
        .append("  state BACKUP\n")
        .append("  interface eth0\n")
        .append("  virtual_router_id ").append(vrid).append('\n')
        .append("  priority ").append(priority).append('\n')
        .append("  advert_int ").append(interval.toMillis() % 1000 == 0 ? Long.toString(interval.toSeconds()) : Double.toString(interval.toMillis() / 1000.0)).append('\n');
    if (!preempt) {
      b.append("  nopreempt\n");
    }
    if (authPass != null) {
      b.append("  authentication {\n    auth_type PASS\n    auth_pass ").append(authPass).append("\n  }\n");
    }
    b.append("  virtual_ipaddress {\n");
    vips.forEach(v -> b.append("    ").append(v).append('\n'));
    b.append("  }\n");
    if (extra != null) {
      b.append(extra).append('\n');
    }
    return b.append("}\n").toString();
  }

  /** {@code global_defs} every test uses: no script security warnings, no delay before GARPs. */
  public static String globals(String routerId) {
    return "global_defs {\n  router_id " + routerId + "\n  script_user root\n  enable_script_security\n"
        + "  vrrp_garp_master_delay 0\n}\n";
  }

  /** The last state keepalived said it entered for {@code instance}: MASTER, BACKUP, FAULT or "" (none yet). */
  public String state(String instance) {
    String marker = "(" + instance + ") Entering ";
    synchronized (lines) {
      for (int i = lines.size() - 1; i >= 0; i--) {
        String l = lines.get(i);
        int at = l.indexOf(marker);
        if (at >= 0) {
          return l.substring(at + marker.length()).split(" ")[0];
        }
      }
    }
    return "";
  }

  /** How many times keepalived entered {@code state} for {@code instance} so far. */
  public long entered(String instance, String state) {
    String marker = "(" + instance + ") Entering " + state + " STATE";
    synchronized (lines) {
      return lines.stream().filter(l -> l.contains(marker)).count();
    }
  }

  /** Log lines from index {@code from} on (to follow the log incrementally; see {@link #lineCount}). */
  public List<String> linesFrom(int from) {
    synchronized (lines) {
      return List.copyOf(lines.subList(Math.min(from, lines.size()), lines.size()));
    }
  }

  public int lineCount() {
    synchronized (lines) {
      return lines.size();
    }
  }

  public String logText() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGTERM: keepalived sends priority 0 and removes its VIPs. */
  public void stop(Duration bound) {
    process.destroy();
    try {
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop(Duration.ofSeconds(5));
    }
  }
}
