package io.tandem.checkers.probe;

import com.sun.jna.LastErrorException;
import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.ScriptSpec;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Script check (keepalived MISC_CHECK). The script starts through {@code setsid}, so it leads a new
 * session and process group whose id is its pid; at the timeout the whole group gets SIGKILL
 * ({@code kill(-pid)}), which also takes the children a shell script forked. Output is discarded.
 */
public final class ScriptProbe implements Probe {
  private static final Logger log = LoggerFactory.getLogger(ScriptProbe.class);
  private static final String SETSID = "/usr/bin/setsid";

  private final ScriptSpec spec;
  private final ProbeContext context;

  public ScriptProbe(ScriptSpec spec, ProbeContext context) {
    this.spec = spec;
    this.context = context;
  }

  /** The verdict on an exit status (keepalived check_misc.c): pure. */
  static ProbeResult judge(ScriptSpec spec, int status, long latencyNanos) {
    if (status == 0) {
      return ProbeResult.ok(latencyNanos);
    }
    if (spec.dynamicWeight() && status >= 2 && status <= 255) {
      return ProbeResult.okWithWeight(latencyNanos, status - 2);
    }
    String how = status > 128 && status <= 128 + 64 ? " (killed by signal " + (status - 128) + ")" : "";
    return ProbeResult.fail(Outcome.EXIT_STATUS, "exit status " + status + how, latencyNanos);
  }

  @Override
  public CompletableFuture<ProbeResult> run(Duration timeout) {
    Attempt attempt = new Attempt(context.clock());
    try {
      context.blocking().execute(() -> runScript(attempt, timeout));
    } catch (RejectedExecutionException e) {
      attempt.fail(Outcome.INTERNAL_ERROR, "blocking executor refused the probe: " + e.getMessage());
    }
    return attempt.future;
  }

  private void runScript(Attempt attempt, Duration timeout) {
    List<String> argv = new ArrayList<>();
    argv.add(SETSID);
    argv.add("--wait"); // if setsid has to fork, it still reports the script's exit status
    argv.addAll(spec.argv());
    Process process;
    try {
      process = new ProcessBuilder(argv)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      attempt.fail(Outcome.IO_ERROR, "cannot start " + spec.argv().get(0) + ": " + e.getMessage());
      return;
    }
    // An attempt completed from outside (watchdog, pool shutdown) must not leave the script behind.
    attempt.future.whenComplete((r, e) -> {
      if (process.isAlive()) {
        killGroup(process);
      }
    });
    try {
      if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        attempt.future.complete(judge(spec, process.exitValue(), attempt.elapsedNanos()));
        return;
      }
      killGroup(process);
      process.waitFor(1, TimeUnit.SECONDS);
      attempt.fail(Outcome.TIMEOUT, "still running after " + timeout.toMillis() + " ms; killed its process group");
    } catch (InterruptedException e) {
      killGroup(process);
      Thread.currentThread().interrupt();
      attempt.fail(Outcome.INTERNAL_ERROR, "interrupted waiting for the script");
    }
  }

  /** SIGKILL to the process group led by the script (setsid made pgid == pid). */
  static void killGroup(Process process) {
    long pid = process.pid();
    try {
      LibC.INSTANCE.kill((int) -pid, LibC.SIGKILL);
    } catch (LastErrorException e) {
      if (e.getErrorCode() != LibC.ESRCH) {
        log.warn("kill -KILL -{} failed (errno {}); killing the tree one by one", pid, e.getErrorCode());
      }
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return spec.describe();
  }
}
