package io.tandem.e2e.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.daemon.cli.TandemCli;
import io.tandem.daemon.control.ControlClient;
import io.tandem.daemon.control.ControlProtocol;
import io.tandem.daemon.control.StatusView;
import io.tandem.e2e.support.TandemNode;
import io.tandem.testkit.NetnsLab;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A configuration directory made by {@code tandem import} (the CLI command, run in-process), and
 * the daemon started from it as written ({@code bin/tandem run -f DIR/tandem.conf}) inside a
 * namespace. The only line the test adds is the control socket's path, so that parallel daemons on
 * this machine do not share {@code /run/tandem/tandem.sock}.
 */
final class ImportedTandem {
  private final Path dir;
  private final String importOutput;
  private Process process;
  private int starts;

  private ImportedTandem(Path dir, String importOutput) {
    this.dir = dir;
    this.importOutput = importOutput;
  }

  /**
   * Runs {@code tandem import keepalivedConf -o dir}; fails unless it converted cleanly (exit 0:
   * only notes), which is what an equivalence claim needs: nothing left for the operator to fix.
   */
  static ImportedTandem importClean(Path keepalivedConf, Path dir) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = TandemCli.execute(new String[] {"import", keepalivedConf.toString(), "-o", dir.toString()},
        new PrintWriter(out, true), new PrintWriter(err, true));
    String said = out + err.toString();
    assertThat(status).as("tandem import %s exit status (0 = converted cleanly):%n%s", keepalivedConf, said).isZero();
    try {
      Files.writeString(dir.resolve("tandem.conf"), "\n# added by the test: a private control socket\n"
          + "tandem.control.socket = \"" + dir.resolve("tandem.sock") + "\"\n", StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ImportedTandem(dir, said);
  }

  String importOutput() {
    return importOutput;
  }

  Path dir() {
    return dir;
  }

  /**
   * Starts the daemon in {@code ns}; returns once its control socket answers (bounded). The JVM
   * keeps a class-data archive at {@code cdsArchive} (made by the first start, used by the next):
   * start-up time only, on a loaded test machine; nothing the daemon does depends on it.
   */
  void start(NetnsLab lab, String ns, Duration bound, Path cdsArchive) {
    if (running()) {
      throw new IllegalStateException("already running");
    }
    try {
      Files.deleteIfExists(dir.resolve("tandem.sock"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    starts++;
    ProcessBuilder pb = new ProcessBuilder(TandemNode.home().resolve("bin/tandem").toString(), "run", "-f",
        dir.resolve("tandem.conf").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("tandem.log").toFile()));
    pb.environment().put("TANDEM_JAVA_OPTS", "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=" + cdsArchive);
    process = lab.start(ns, pb);
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("tandem (start " + starts + ") exited with " + process.exitValue() + ":\n" + logTail(40));
      }
      if (Files.exists(dir.resolve("tandem.sock")) && tryStatus() != null) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("tandem control socket not answering after " + bound.toMillis() + " ms:\n" + logTail(40));
      }
      Bounded.sleep(50);
    }
  }

  boolean running() {
    return process != null && process.isAlive();
  }

  /** The state of the only VRRP instance, upper case; "" when the daemon is not running. */
  String state() {
    if (!running()) {
      return "";
    }
    StatusView s = tryStatus();
    return s == null || s.instances().isEmpty() ? "" : s.instances().get(0).state().toUpperCase(java.util.Locale.ROOT);
  }

  private StatusView tryStatus() {
    try {
      JsonNode data = new ControlClient(dir.resolve("tandem.sock")).call("status", Map.of());
      return ControlProtocol.JSON.treeToValue(data, StatusView.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** SIGTERM (a graceful stop: the master hands over first) and wait, bounded. */
  void stop(Duration bound) {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError("tandem did not stop within " + bound + " of SIGTERM:\n" + logTail(30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String logTail(int lines) {
    try {
      Path log = dir.resolve("tandem.log");
      if (!Files.exists(log)) {
        return "(no log)";
      }
      var all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
