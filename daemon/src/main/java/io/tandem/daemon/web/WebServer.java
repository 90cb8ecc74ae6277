package io.tandem.daemon.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tandem.daemon.control.ControlProtocol;
import io.tandem.daemon.control.EventView;
import io.tandem.daemon.control.StatusView;
import io.tandem.daemon.metrics.MetricsRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves metrics and the status page; a scrape never blocks the VRRP or checker threads.
 *
 * <p>Routes are matched exactly ({@link HttpServer} contexts match by prefix, so one context
 * dispatches). The page, its script and its stylesheet are separate resources so the Content
 * Security Policy can forbid inline script: even if a value slipped past the page's escaping
 * (a real server's last-check text is whatever the server answered), an injected
 * {@code onerror=} handler would not run.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebServer.class);
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String JSON = "application/json; charset=utf-8";
  /** Same-origin script, style and fetch only; no inline script, no frames, no forms, no images. */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
      + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Route> routes;

  /** One path: its content type and how to produce the body for each request. */
  private record Route(String type, Body body) {}

  @FunctionalInterface
  private interface Body {
    byte[] get() throws IOException;
  }

  /** Without an event feed: {@code /events.json} answers an empty list. */
  public WebServer(InetSocketAddress listen, MetricsRegistry metrics, Supplier<StatusView> status) throws IOException {
    this(listen, metrics, status, List::of);
  }

  /**
   * @param events the latest state changes, oldest first (e.g. {@code EventHub::recent}); the page
   *     shows the newest ones
   */
  public WebServer(InetSocketAddress listen, MetricsRegistry metrics, Supplier<StatusView> status,
      Supplier<List<EventView>> events) throws IOException {
    byte[] page = resource("status.html");
    byte[] script = resource("status.js");
    byte[] style = resource("status.css");
    routes = Map.of(
        "/", new Route("text/html; charset=utf-8", () -> page),
        "/status.js", new Route("text/javascript; charset=utf-8", () -> script),
        "/status.css", new Route("text/css; charset=utf-8", () -> style),
        "/metrics", new Route(PROMETHEUS_TEXT, () -> metrics.scrape().getBytes(StandardCharsets.UTF_8)),
        "/status.json", new Route(JSON, () -> ControlProtocol.JSON.writeValueAsBytes(status.get())),
        "/events.json", new Route(JSON, () -> ControlProtocol.JSON.writeValueAsBytes(events.get())));
    server = HttpServer.create(listen, 16);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    log.info("metrics and status page on http://{}:{}/", listen.getHostString(), port());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Route route = routes.get(ex.getRequestURI().getPath());
      if (route == null) {
        send(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String method = ex.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body;
      try {
        body = route.body().get();
      } catch (IOException | RuntimeException e) {
        // e.g. the VRRP thread did not answer in time: say so instead of dropping the connection
        log.warn("{} {} failed: {}", method, ex.getRequestURI(), e.toString());
        send(ex, 503, "text/plain; charset=utf-8", ("unavailable: " + e + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      send(ex, 200, route.type(), body);
    }
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    var h = ex.getResponseHeaders();
    h.set("Content-Type", type);
    h.set("Cache-Control", "no-store");
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Content-Security-Policy", CSP);
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = WebServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
