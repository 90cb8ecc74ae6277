package io.tandem.daemon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.daemon.control.EventView;
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
      assertEquals(404, get(http, base + "/metricsx").statusCode(), "routes match exactly, not by prefix");
      assertEquals("[]", get(http, base + "/events.json").body(), "no event feed given: an empty list");
    }
  }

  @Test
  void servesThePagesScriptStyleAndEventsWithAStrictContentSecurityPolicy() throws Exception {
    StatusView s = new StatusView("lb1", "test", 5, List.of(), List.of());
    List<EventView> events = List.of(new EventView(1_700_000_000_000L, "vrrp", "web", "BACKUP", "MASTER", "<b>x</b>"));
    try (WebServer web = new WebServer(new InetSocketAddress("127.0.0.1", 0), new MetricsRegistry(), () -> s,
        () -> events)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + web.port();
      HttpResponse<String> page = get(http, base + "/");
      String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
      assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
      assertFalse(page.body().contains("<script>"), "no inline script: the CSP forbids it");
      HttpResponse<String> js = get(http, base + "/status.js");
      assertEquals("text/javascript; charset=utf-8", js.headers().firstValue("Content-Type").orElse(""));
      assertFalse(js.body().contains("innerHTML"), "the page builds its DOM from text only");
      assertEquals("text/css; charset=utf-8", get(http, base + "/status.css").headers().firstValue("Content-Type")
          .orElse(""));
      HttpResponse<String> ev = get(http, base + "/events.json");
      assertEquals(WebServer.JSON, ev.headers().firstValue("Content-Type").orElse(""));
      assertEquals("[{\"epochMillis\":1700000000000,\"kind\":\"vrrp\",\"subject\":\"web\",\"from\":\"BACKUP\","
          + "\"to\":\"MASTER\",\"reason\":\"<b>x</b>\"}]", ev.body());
      HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(base + "/status.json"))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, head.statusCode());
      assertEquals("", head.body());
    }
  }

  @Test
  void aFailingStatusSourceAnswers503InsteadOfDroppingTheConnection() throws Exception {
    try (WebServer web = new WebServer(new InetSocketAddress("127.0.0.1", 0), new MetricsRegistry(), () -> {
      throw new IllegalStateException("vrrp thread did not answer");
    })) {
      HttpResponse<String> r = get(HttpClient.newHttpClient(), "http://127.0.0.1:" + web.port() + "/status.json");
      assertEquals(503, r.statusCode());
      assertTrue(r.body().contains("vrrp thread did not answer"), r.body());
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
