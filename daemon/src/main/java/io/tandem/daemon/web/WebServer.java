package io.tandem.daemon.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tandem.daemon.control.ControlProtocol;
import io.tandem.daemon.control.StatusView;
import io.tandem.daemon.metrics.MetricsRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves metrics and the status page; a scrape never blocks the VRRP or checker threads. */
public final class WebServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebServer.class);
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final byte[] page;

  public WebServer(InetSocketAddress listen, MetricsRegistry metrics, Supplier<StatusView> status) throws IOException {
    this.page = resource("status.html");
    server = HttpServer.create(listen, 16);
    server.setExecutor(executor);
    server.createContext("/metrics", ex -> respond(ex, 200, PROMETHEUS_TEXT, metrics.scrape().getBytes(StandardCharsets.UTF_8)));
    server.createContext("/status.json", ex -> respond(ex, 200, "application/json",
        ControlProtocol.JSON.writeValueAsBytes(status.get())));
    server.createContext("/", ex -> {
      if (!ex.getRequestURI().getPath().equals("/")) {
        respond(ex, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
      } else {
        respond(ex, 200, "text/html; charset=utf-8", page);
      }
    });
    server.start();
    log.info("metrics and status page on http://{}:{}/", listen.getHostString(), port());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    try (ex; OutputStream out = ex.getResponseBody()) {
      if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      ex.getResponseHeaders().set("Content-Type", type);
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.sendResponseHeaders(status, "HEAD".equals(ex.getRequestMethod()) ? -1 : body.length);
      if (!"HEAD".equals(ex.getRequestMethod())) {
        out.write(body);
      }
    } catch (RuntimeException e) {
      log.warn("{} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
      throw e;
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
