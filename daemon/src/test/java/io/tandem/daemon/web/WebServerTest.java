package io.tandem.daemon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.daemon.control.StatusView;
import io.tandem.daemon.metrics.MetricsRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebServerTest {
  @Test
  void servesMetricsStatusJsonAndThePage() throws Exception {
    MetricsRegistry m = new MetricsRegistry();
    m.counter("tandem_test_total", "A test counter.").inc();
    StatusView s = new StatusView("lb1", "test", 5, List.of(), List.of());
    try (WebServer web = new WebServer(new InetSocketAddress("127.0.0.1", 0), m, () -> s)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + web.port();
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, metrics.statusCode());
      assertEquals(WebServer.PROMETHEUS_TEXT, metrics.headers().firstValue("Content-Type").orElse(""));
      assertTrue(metrics.body().contains("tandem_test_total 1\n"), metrics.body());
      HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create(base + "/status.json")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(json.body().contains("\"node\":\"lb1\""), json.body());
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(page.body().contains("<title>Tandem status</title>"));
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
          .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(405, post.statusCode());
      assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + "/nope")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
    }
  }
}
