package io.tandem.notify.dispatch;

import io.tandem.notify.plan.Delivery;
import io.tandem.notify.plan.WebhookConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Fake sinks that record what reached them; the webhook answers from a scripted list. */
final class RecordingSinks implements ScriptRunner, FifoSink, WebhookSender {
  final List<List<String>> scripts = Collections.synchronizedList(new ArrayList<>());
  final List<String> fifoLines = Collections.synchronizedList(new ArrayList<>());
  /** Every POST attempt, successful or not. */
  final List<String> webhookAttempts = Collections.synchronizedList(new ArrayList<>());
  /** Statuses to answer, in order; -1 means connection refused; empty means 200. */
  final ArrayDeque<Integer> webhookAnswers = new ArrayDeque<>();

  @Override
  public ScriptOutcome run(Delivery.Script script) {
    scripts.add(script.argv());
    return new ScriptOutcome(DeliveryResult.OK, 0, "", Duration.ZERO, "");
  }

  @Override
  public void write(Path fifo, String line) {
    fifoLines.add(line);
  }

  @Override
  public int post(WebhookConfig hook, String jsonBody) throws IOException {
    webhookAttempts.add(jsonBody);
    Integer answer = webhookAnswers.poll();
    if (answer == null) {
      return 200;
    }
    if (answer == -1) {
      throw new ConnectException("Connection refused");
    }
    return answer;
  }
}
