package io.tandem.e2e.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.daemon.cli.TandemCli;
import io.tandem.daemon.control.ControlClient;
import io.tandem.daemon.control.ControlProtocol;
import io.tandem.daemon.control.StatusView;
import io.tandem.testkit.NetnsLab;
import io.tandem.testkit.Sh;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Tandem director started from the built distribution ({@code bin/tandem run}) inside a
 * namespace, with its own config directory and control socket. The control socket is a file, so
 * the test JVM talks to it directly (Unix sockets are not bound to a network namespace).
 */
public final class TandemNode implements AutoCloseable {
  private final String name;
  private final String ns;
  private final Path dir;
  private final Path log;
  private final Process process;

  private TandemNode(String name, String ns, Path dir, Process process) {
    this.name = name;
    this.ns = ns;
    this.dir = dir;
    this.log = dir.resolve("tandem.log");
    this.process = process;
  }

  /** The distribution the build made (daemon/target/.../tandem); set by the POM. */
  public static Path home() {
    String home = System.getProperty("tandem.home");
    if (home == null || !Files.isExecutable(Path.of(home, "bin", "tandem"))) {
      throw new IllegalStateException("tandem.home (" + home + ") has no bin/tandem: run `mvn package` of the daemon first");
    }
    return Path.of(home);
  }

  /**
   * Writes {@code tandem.conf} (with node id, include dir and a control socket in {@code dir}) and
   * {@code conf.d/<name>.conf} = {@code body}, then starts the daemon in {@code ns}.
   */
  public static TandemNode start(NetnsLab lab, String ns, String name, Path dir, String mainExtra, String body) {
    return start(lab, ns, name, dir, mainExtra, body, Map.of());
  }

  /** Like {@link #start(NetnsLab, String, String, Path, String, String)}, with extra environment for the launcher. */
  public static TandemNode start(NetnsLab lab, String ns, String name, Path dir, String mainExtra, String body,
      Map<String, String> env) {
    try {
      Files.createDirectories(dir.resolve("conf.d"));
      Files.writeString(dir.resolve("tandem.conf"), "tandem { node-id = " + name + ", include-dir = conf.d\n"
          + "  control.socket = \"" + dir.resolve("tandem.sock") + "\"\n" + mainExtra + "\n}\n");
      Files.writeString(dir.resolve("conf.d").resolve(name + ".conf"), body);
      ProcessBuilder pb = new ProcessBuilder(home().resolve("bin/tandem").toString(), "run", "-f",
          dir.resolve("tandem.conf").toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("tandem.log").toFile());
      pb.environment().putAll(env);
      TandemNode node = new TandemNode(name, ns, dir, lab.start(ns, pb));
      node.awaitControl(Duration.ofSeconds(20));
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitControl(Duration bound) {
    await().atMost(bound).pollInterval(Duration.ofMillis(50)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logText());
      }
      return Files.exists(dir.resolve("tandem.sock")) && tryStatus() != null;
    });
  }

  private StatusView tryStatus() {
    try {
      return status();
    } catch (RuntimeException e) {
      return null;
    }
  }

  public StatusView status() {
    try {
      JsonNode data = new ControlClient(dir.resolve("tandem.sock")).call("status", Map.of());
      return ControlProtocol.JSON.treeToValue(data, StatusView.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String state(String instance) {
    return status().instances().stream().filter(i -> i.name().equals(instance)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " has no instance " + instance)).state();
  }

  /** Runs a {@code tandem} CLI command against this node's socket, in-process. */
  public CliResult cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--socket";
    full[args.length + 1] = dir.resolve("tandem.sock").toString();
    int status = TandemCli.execute(full, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliResult(status, out.toString(), err.toString());
  }

  public record CliResult(int status, String out, String err) {}

  /** Replaces {@code conf.d/<file>} (for reload tests). */
  public void writeConf(String file, String body) {
    try {
      Files.writeString(dir.resolve("conf.d").resolve(file), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rewrites {@code conf.d/<file>} and applies it with {@code tandem reload}; fails if the reload is refused. */
  public String reload(String file, String body) {
    writeConf(file, body);
    CliResult r = cli("reload");
    if (r.status() != 0) {
      throw new AssertionError(name + ": reload refused (" + r.status() + "): " + r.out() + r.err());
    }
    return r.out();
  }

  /**
   * The Prometheus text of {@code /metrics}, fetched with curl inside the node's namespace (the
   * listener is on the namespace's loopback, {@code tandem.metrics.listen}, default 127.0.0.1:9595).
   */
  public String metricsText() {
    Sh.Result r = Sh.exec(List.of("ip", "netns", "exec", ns, "curl", "-sf", "--max-time", "5",
        "http://127.0.0.1:9595/metrics"));
    if (r.exit() != 0) {
      throw new AssertionError(name + ": /metrics not reachable (curl exit " + r.exit() + "): " + r.out());
    }
    return r.out();
  }

  /**
   * Sum of the samples of {@code metric} whose labels include every {@code label="value"} given
   * as {@code "label", "value"} pairs (0 when there is none).
   */
  public double metric(String metric, String... labelPairs) {
    return Metrics.sum(metricsText(), metric, labelPairs);
  }

  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  public long pid() {
    return process.pid();
  }

  public String ns() {
    return ns;
  }

  public String name() {
    return name;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGTERM and wait; returns the exit status. */
  public int stop(Duration bound) {
    process.destroy();
    try {
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(name + " did not stop within " + bound + " after SIGTERM:\n" + logText());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return process.exitValue();
  }

  /** SIGKILL: a crash, leaving whatever it had configured behind. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop(Duration.ofSeconds(15));
    }
  }

  public List<String> logLines() {
    return logText().lines().toList();
  }
}
