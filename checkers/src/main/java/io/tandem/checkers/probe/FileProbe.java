package io.tandem.checkers.probe;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.FileSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/** File check: see {@link FileSpec} for what the content means. */
public final class FileProbe implements Probe {
  private final FileSpec spec;
  private final ProbeContext context;

  public FileProbe(FileSpec spec, ProbeContext context) {
    this.spec = spec;
    this.context = context;
  }

  /** The verdict on a file's content; pure. */
  static ProbeResult judge(String content, long latencyNanos) {
    String text = content.strip();
    String word = text.toLowerCase(Locale.ROOT);
    if (word.equals("up")) {
      return ProbeResult.ok(latencyNanos);
    }
    if (word.equals("down")) {
      return ProbeResult.fail(Outcome.MARKED_DOWN, "file says down", latencyNanos);
    }
    try {
      long value = Long.parseLong(text);
      if (value < 0) {
        return ProbeResult.fail(Outcome.MARKED_DOWN, "weight " + value, latencyNanos);
      }
      if (value > io.tandem.checkers.spec.CheckSpec.MAX_WEIGHT) {
        return ProbeResult.fail(Outcome.BAD_CONTENT, "weight " + value + " above "
            + io.tandem.checkers.spec.CheckSpec.MAX_WEIGHT, latencyNanos);
      }
      return ProbeResult.okWithWeight(latencyNanos, (int) value);
    } catch (NumberFormatException e) {
      String shown = text.length() > 20 ? text.substring(0, 20) + "..." : text;
      return ProbeResult.fail(Outcome.BAD_CONTENT, "neither up/down nor an integer: '" + shown + "'", latencyNanos);
    }
  }

  @Override
  public CompletableFuture<ProbeResult> run(Duration timeout) {
    Attempt attempt = new Attempt(context.clock());
    try {
      context.blocking().execute(() -> {
        try (InputStream in = Files.newInputStream(spec.path())) {
          byte[] bytes = in.readNBytes(FileSpec.MAX_BYTES + 1);
          if (bytes.length > FileSpec.MAX_BYTES) {
            attempt.fail(Outcome.BAD_CONTENT, "longer than " + FileSpec.MAX_BYTES + " bytes");
            return;
          }
          attempt.future.complete(judge(new String(bytes, StandardCharsets.UTF_8), attempt.elapsedNanos()));
        } catch (NoSuchFileException e) {
          attempt.fail(Outcome.BAD_CONTENT, "no such file " + spec.path());
        } catch (IOException | RuntimeException e) {
          attempt.fail("read " + spec.path(), e);
        }
      });
    } catch (RejectedExecutionException e) {
      attempt.fail(Outcome.INTERNAL_ERROR, "blocking executor refused the probe: " + e.getMessage());
    }
    return attempt.future;
  }

  @Override
  public String toString() {
    return spec.describe();
  }
}
