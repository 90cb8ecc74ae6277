package io.tandem.notify.dispatch;

import io.tandem.notify.plan.WebhookConfig;
import java.io.IOException;

/** POSTs one JSON body and returns the HTTP status; an exception means no response (retried). */
public interface WebhookSender {
  int post(WebhookConfig hook, String jsonBody) throws IOException, InterruptedException;
}
