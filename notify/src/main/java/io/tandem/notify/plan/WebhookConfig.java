package io.tandem.notify.plan;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * An HTTP endpoint that receives every event as a JSON POST (see {@link WebhookBody}).
 *
 * @param name short label used in logs and metrics
 * @param headers extra request headers, e.g. an Authorization token
 * @param requestTimeout bound on one attempt (connect plus response)
 */
public record WebhookConfig(String name, URI url, Map<String, String> headers, Duration requestTimeout) {
  public WebhookConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("webhook name must not be empty");
    }
    if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
      throw new IllegalArgumentException("webhook " + name + ": url must be http:// or https://, got " + url);
    }
    headers = Map.copyOf(headers);
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("webhook " + name + ": request timeout must be positive");
    }
  }

  public static WebhookConfig of(String name, URI url) {
    return new WebhookConfig(name, url, Map.of(), Duration.ofSeconds(5));
  }
}
