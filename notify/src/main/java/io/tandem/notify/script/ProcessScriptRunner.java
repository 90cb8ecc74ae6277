package io.tandem.notify.script;

import io.tandem.notify.dispatch.DeliveryResult;
import io.tandem.notify.dispatch.ScriptOutcome;
import io.tandem.notify.dispatch.ScriptRunner;
import io.tandem.notify.plan.Delivery;
import io.tandem.notify.plan.ScriptUser;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts scripts as real processes: {@code setsid [setpriv --reuid U --regid G --init-groups --] argv...}.
 *
 * <p>setsid execs in place (a child of the JVM is never a process-group leader, so setsid does not
 * fork), which makes the script's PID its session and process-group id: on timeout {@code kill -KILL
 * -PID} reaches every process the script started that stayed in its group, and any descendant that
 * left the group is killed through the process tree. Output (stdout and stderr merged) is read in
 * the background; the first {@link #OUTPUT_LIMIT_BYTES} are kept, the rest is read and discarded so
 * a chatty script never blocks on a full pipe. No shell is involved: argv goes to execve as is.
 */
public final class ProcessScriptRunner implements ScriptRunner, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProcessScriptRunner.class);

  /** Captured output bound, per run. */
  public static final int OUTPUT_LIMIT_BYTES = 4096;
  /** How long to wait for the output reader after the script exits (its children may hold the pipe). */
  private static final Duration OUTPUT_GRACE = Duration.ofMillis(200);

  private final boolean runningAsRoot;
  private final String currentUser;
  private final String setsid;
  private final String setpriv;
  private final String kill;
  private final Map<String, String> primaryGroups = new ConcurrentHashMap<>();
  private final Map<Long, Process> running = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Detects root from the JVM's user and finds setsid, setpriv and kill on the usual paths. */
  public ProcessScriptRunner() {
    this(System.getProperty("user.name"), "root".equals(System.getProperty("user.name")));
  }

  public ProcessScriptRunner(String currentUser, boolean runningAsRoot) {
    this.currentUser = currentUser;
    this.runningAsRoot = runningAsRoot;
    this.setsid = findTool("setsid");
    this.setpriv = findTool("setpriv");
    this.kill = findTool("kill");
  }

  private static String findTool(String name) {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      File f = new File(dir, name);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    // util-linux and procps are essential on Debian; without them we cannot isolate or kill scripts.
    throw new IllegalStateException("notify: '" + name + "' not found in /usr/bin, /bin, /usr/sbin, /sbin");
  }

  @Override
  public ScriptOutcome run(Delivery.Script script) throws InterruptedException {
    long start = System.nanoTime();
    if (closed) {
      return new ScriptOutcome(DeliveryResult.FAILED, -1, "", Duration.ZERO, "not started: notify is shut down");
    }
    List<String> command;
    try {
      command = command(script);
    } catch (IllegalStateException e) {
      return new ScriptOutcome(DeliveryResult.FAILED, -1, "", elapsedSince(start), e.getMessage());
    }
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(script.env());
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return new ScriptOutcome(DeliveryResult.FAILED, -1, "", elapsedSince(start), "cannot start: " + e.getMessage());
    }
    running.put(process.pid(), process);
    try {
      return await(script, process, start);
    } finally {
      running.remove(process.pid());
    }
  }

  private ScriptOutcome await(Delivery.Script script, Process process, long start) throws InterruptedException {
    if (closed) {
      killTree(process); // close() may have missed a process registered just after it looked
    }
    BoundedOutput output = new BoundedOutput(process.getInputStream());
    Thread reader = Thread.ofPlatform().daemon().name("notify-output-" + process.pid()).start(output);
    boolean exited;
    try {
      exited = process.waitFor(script.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    }
    if (!exited) {
      killTree(process);
      process.waitFor(5, TimeUnit.SECONDS);
      reader.join(OUTPUT_GRACE);
      return new ScriptOutcome(DeliveryResult.TIMEOUT, -1, output.text(), elapsedSince(start),
          "timeout after " + script.timeout() + ", process group " + process.pid() + " killed");
    }
    reader.join(OUTPUT_GRACE);
    int exit = process.exitValue();
    if (closed && exit != 0) {
      return new ScriptOutcome(DeliveryResult.FAILED, exit, output.text(), elapsedSince(start),
          "killed: notify is shutting down");
    }
    return new ScriptOutcome(exit == 0 ? DeliveryResult.OK : DeliveryResult.FAILED, exit, output.text(),
        elapsedSince(start), exit == 0 ? "" : "exit " + exit);
  }

  /** The full command line: session isolation, privilege drop, then the script's own argv. */
  List<String> command(Delivery.Script script) {
    List<String> cmd = new ArrayList<>(script.argv().size() + 6);
    cmd.add(setsid);
    Optional<ScriptUser> user = script.user();
    if (user.isPresent() && !user.get().user().equals(currentUser)) {
      if (!runningAsRoot) {
        throw new IllegalStateException("cannot run as user " + user.get().user() + ": the daemon is not root");
      }
      String group = user.get().group().orElseGet(() -> primaryGroup(user.get().user()));
      cmd.add(setpriv);
      cmd.add("--reuid=" + user.get().user());
      cmd.add("--regid=" + group);
      cmd.add("--init-groups");
      cmd.add("--");
    }
    cmd.addAll(script.argv());
    return cmd;
  }

  private String primaryGroup(String user) {
    return primaryGroups.computeIfAbsent(user, u -> {
      try {
        Process p = new ProcessBuilder("id", "-g", "--", u).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.matches("\\d+")) {
          throw new IllegalStateException("cannot find the primary group of user " + u + ": " + out);
        }
        return out;
      } catch (IOException e) {
        throw new IllegalStateException("cannot find the primary group of user " + u + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted looking up user " + u);
      }
    });
  }

  /**
   * Kills every script still running, with its process group: scripts run in their own sessions,
   * so without this they would outlive the daemon.
   */
  @Override
  public void close() {
    closed = true;
    List<Process> victims = List.copyOf(running.values());
    for (Process p : victims) {
      killTree(p);
    }
    try {
      for (Process p : victims) {
        p.waitFor(2, TimeUnit.SECONDS); // SIGKILL is delivered asynchronously; let it land
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the script's process group, then any descendant that escaped it (own setsid, setpgid). */
  private void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    long pgid = process.pid();
    try {
      Process k = new ProcessBuilder(kill, "-KILL", "--", "-" + pgid)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!k.waitFor(5, TimeUnit.SECONDS)) {
        k.destroyForcibly();
      }
    } catch (IOException e) {
      log.warn("notify: kill -KILL -{} failed: {}", pgid, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    for (ProcessHandle h : descendants) {
      h.destroyForcibly();
    }
  }

  private static Duration elapsedSince(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Reads a stream to its end, keeping only the first {@link #OUTPUT_LIMIT_BYTES}. */
  private static final class BoundedOutput implements Runnable {
    private final InputStream in;
    private final byte[] kept = new byte[OUTPUT_LIMIT_BYTES];
    private int length;
    private boolean truncated;

    BoundedOutput(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buf = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buf)) > 0) {
          synchronized (this) {
            int room = kept.length - length;
            int take = Math.min(room, n);
            System.arraycopy(buf, 0, kept, length, take);
            length += take;
            truncated |= take < n;
          }
        }
      } catch (IOException e) {
        // The process was killed or the stream closed; what we have is what we report.
      }
    }

    synchronized String text() {
      String s = new String(kept, 0, length, StandardCharsets.UTF_8);
      return truncated ? s + "...[truncated]" : s;
    }
  }
}
