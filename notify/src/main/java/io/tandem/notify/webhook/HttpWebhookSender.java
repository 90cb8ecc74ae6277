package io.tandem.notify.webhook;

import io.tandem.notify.dispatch.WebhookSender;
import io.tandem.notify.plan.WebhookConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs a JSON body with the JDK HttpClient. Connect and request are both bounded by the hook's
 * request timeout; the response body is discarded. Redirects are not followed: an alerting
 * endpoint that moved is a config error to surface, not to chase.
 */
public final class HttpWebhookSender implements WebhookSender, AutoCloseable {
  /**
   * Made at the first POST: building a client loads the TLS stack and the trust store (~0.15 s at
   * start-up, measured), which a director without webhooks, or one just starting, should not pay.
   */
  private HttpClient client;
  private boolean closed;

  private synchronized HttpClient client() throws IOException {
    if (closed) {
      throw new IOException("webhook sender is closed");
    }
    if (client == null) {
      client = HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
    }
    return client;
  }

  @Override
  public int post(WebhookConfig hook, String jsonBody) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(hook.url())
        .timeout(hook.requestTimeout())
        .header("Content-Type", "application/json")
        .header("User-Agent", "tandem-notify")
        .POST(HttpRequest.BodyPublishers.ofString(jsonBody));
    hook.headers().forEach(request::header);
    return client().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.close(); // frees its selector thread
    }
  }
}
