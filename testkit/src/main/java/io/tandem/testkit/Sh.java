package io.tandem.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion for test set-up, with a bound on time; no shell involved. */
public final class Sh {
  private Sh() {}

  public record Result(int exit, String out) {
    public Result orThrow(List<String> argv) {
      if (exit != 0) {
        throw new IllegalStateException("command failed (" + exit + "): " + String.join(" ", argv) + "\n" + out);
      }
      return this;
    }
  }

  /** Runs {@code argv}, merging stderr into the output; throws when it exits non-zero. */
  public static String run(String... argv) {
    return exec(List.of(argv)).orThrow(List.of(argv)).out();
  }

  /** Runs {@code argv} and returns its exit status and output, whatever the status. */
  public static Result exec(List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("command timed out: " + String.join(" ", argv));
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + argv.get(0), e);
    }
  }
}
