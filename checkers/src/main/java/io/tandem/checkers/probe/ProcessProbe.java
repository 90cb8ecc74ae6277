package io.tandem.checkers.probe;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.ProcessSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Process check (keepalived track_process): scans {@code /proc/PID/comm} and {@code cmdline}
 * directly, without forking ps or pgrep. Processes that exit mid-scan are skipped.
 */
public final class ProcessProbe implements Probe {
  private final ProcessSpec spec;
  private final ProbeContext context;
  private final Path procRoot;

  public ProcessProbe(ProcessSpec spec, ProbeContext context) {
    this(spec, context, Path.of("/proc"));
  }

  /** {@code procRoot}: a directory laid out like /proc, for tests. */
  ProcessProbe(ProcessSpec spec, ProbeContext context, Path procRoot) {
    this.spec = spec;
    this.context = context;
    this.procRoot = procRoot;
  }

  @Override
  public CompletableFuture<ProbeResult> run(Duration timeout) {
    Attempt attempt = new Attempt(context.clock());
    try {
      context.blocking().execute(() -> {
        try {
          int found = count();
          if (found >= spec.minCount()) {
            attempt.ok();
          } else {
            attempt.fail(Outcome.NOT_RUNNING, found + " matching process(es), need " + spec.minCount());
          }
        } catch (IOException | RuntimeException e) {
          attempt.fail("scan " + procRoot, e);
        }
      });
    } catch (RejectedExecutionException e) {
      attempt.fail(Outcome.INTERNAL_ERROR, "blocking executor refused the probe: " + e.getMessage());
    }
    return attempt.future;
  }

  private int count() throws IOException {
    int n = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(procRoot, p -> isPid(p.getFileName().toString()))) {
      for (Path dir : dirs) {
        try {
          String comm = Files.readString(dir.resolve("comm"), StandardCharsets.UTF_8).strip();
          if (!comm.equals(spec.name()) && !(spec.name().length() > ProcessMatcher.COMM_MAX
              && spec.name().startsWith(comm))) {
            continue; // cheap reject before reading cmdline
          }
          if (ProcessMatcher.matches(spec, comm, argv(Files.readAllBytes(dir.resolve("cmdline"))))) {
            n++;
          }
        } catch (IOException gone) {
          // the process exited between listing and reading: it is not running
        }
      }
    }
    return n;
  }

  static List<String> argv(byte[] cmdline) {
    List<String> argv = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < cmdline.length; i++) {
      if (cmdline[i] == 0) {
        argv.add(new String(cmdline, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start < cmdline.length) {
      argv.add(new String(cmdline, start, cmdline.length - start, StandardCharsets.UTF_8));
    }
    return argv;
  }

  private static boolean isPid(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!Character.isDigit(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return spec.describe();
  }
}
