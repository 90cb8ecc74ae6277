package io.tandem.checkers.probe;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.SmtpSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;

/**
 * SMTP check: banner, HELO, QUIT, each answer a 2xx. Blocking (commons-net), so it runs on the
 * blocking executor with socket timeouts; completing the attempt from outside disconnects the
 * socket, which unblocks the thread.
 */
public final class SmtpProbe implements Probe {
  private final SmtpSpec spec;
  private final ProbeContext context;

  public SmtpProbe(SmtpSpec spec, ProbeContext context) {
    this.spec = spec;
    this.context = context;
  }

  @Override
  public CompletableFuture<ProbeResult> run(Duration timeout) {
    Attempt attempt = new Attempt(context.clock());
    int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    SMTPClient client = new SMTPClient();
    client.setConnectTimeout(timeoutMillis);
    client.setDefaultTimeout(timeoutMillis);
    attempt.future.whenComplete((r, e) -> disconnect(client));
    try {
      context.blocking().execute(() -> talk(client, attempt, timeoutMillis));
    } catch (RejectedExecutionException e) {
      attempt.fail(Outcome.INTERNAL_ERROR, "blocking executor refused the probe: " + e.getMessage());
    }
    return attempt.future;
  }

  private void talk(SMTPClient client, Attempt attempt, int timeoutMillis) {
    String phase = "connect";
    try {
      if (spec.target().source().isPresent()) {
        client.connect(spec.target().address(), spec.target().port(), spec.target().source().get(), 0);
      } else {
        client.connect(spec.target().address(), spec.target().port());
      }
      // commons-net's connect timeout does not cover the banner read; the default timeout does.
      client.setSoTimeout(timeoutMillis);
      if (!SMTPReply.isPositiveCompletion(client.getReplyCode())) {
        attempt.fail(Outcome.BAD_REPLY, "banner " + client.getReplyString().strip());
        return;
      }
      phase = "HELO";
      int helo = client.helo(spec.heloName());
      if (!SMTPReply.isPositiveCompletion(helo)) {
        attempt.fail(Outcome.BAD_REPLY, "HELO answered " + client.getReplyString().strip());
        return;
      }
      phase = "QUIT";
      client.quit();
      attempt.ok();
    } catch (IOException | RuntimeException e) {
      if (!attempt.done()) {
        attempt.fail(phase, e);
      }
    } finally {
      disconnect(client);
    }
  }

  private static void disconnect(SMTPClient client) {
    try {
      if (client.isConnected()) {
        client.disconnect();
      }
    } catch (IOException ignored) {
      // closing a socket we are abandoning; nothing to report
    }
  }

  @Override
  public String toString() {
    return spec.describe();
  }
}
