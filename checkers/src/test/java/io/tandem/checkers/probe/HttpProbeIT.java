package io.tandem.checkers.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.HttpSpec;
import io.tandem.checkers.spec.NetTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpProbeIT {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final String BODY = "<html>tandem says hello</html>\n";
  private static ProbeHarness harness;
  private static HttpServer server;
  private static int port;

  @BeforeAll
  static void start() throws IOException {
    harness = new ProbeHarness();
    server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 50);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/ok", ex -> reply(ex, 200, BODY));
    server.createContext("/down", ex -> reply(ex, 503, "maintenance"));
    server.createContext("/slow", ex -> {
      sleep(4000);
      reply(ex, 200, BODY);
    });
    server.createContext("/vhost", ex -> {
      boolean match = "www.example.test".equals(ex.getRequestHeaders().getFirst("Host"));
      reply(ex, match ? 200 : 421, "host " + ex.getRequestHeaders().getFirst("Host"));
    });
    server.createContext("/big", ex -> reply(ex, 200, "x".repeat(10_000)));
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    harness.close();
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String md5(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static HttpSpec get(String path) {
    return HttpSpec.get(NetTarget.of(LOOPBACK, port), path);
  }

  private static ProbeResult run(HttpSpec spec) {
    return harness.run(spec, Duration.ofMillis(1500)); // generous for a loaded machine; /slow sleeps 4 s
  }

  @Test
  void upOnA200() {
    ProbeResult r = run(get("/ok"));
    assertEquals(Outcome.OK, r.outcome(), r.reasonText());
  }

  @Test
  void downOnAnUnexpectedStatusWithTheStatusInTheReason() {
    ProbeResult r = run(get("/down"));
    assertEquals(Outcome.BAD_STATUS, r.outcome());
    assertEquals("status 503", r.detail());
    assertEquals(Outcome.OK, run(get("/down").withExpectedStatus(Set.of(503))).outcome());
  }

  @Test
  void digestOfTheBodyAsGenhashComputesIt() throws Exception {
    assertEquals(Outcome.OK, run(get("/ok").withDigest(md5(BODY))).outcome());
    ProbeResult bad = run(get("/ok").withDigest(md5("something else")));
    assertEquals(Outcome.DIGEST_MISMATCH, bad.outcome());
    assertTrue(bad.detail().contains(md5(BODY)), bad.detail());
  }

  @Test
  void regexOnTheBody() {
    assertEquals(Outcome.OK, run(get("/ok").withBodyRegex("says h[a-z]+")).outcome());
    assertEquals(Outcome.REGEX_MISMATCH, run(get("/ok").withBodyRegex("goodbye")).outcome());
  }

  @Test
  void theVirtualHostGoesInTheHostHeader() {
    assertEquals(Outcome.BAD_STATUS, run(get("/vhost")).outcome());
    assertEquals(Outcome.OK, run(get("/vhost").withVirtualHost("www.example.test")).outcome());
  }

  @Test
  void theBodyReadIsBounded() {
    ProbeResult r = run(get("/big").withBodyRegex("x").withMaxBodyBytes(4096));
    assertEquals(Outcome.BODY_TOO_LARGE, r.outcome(), r.reasonText());
    assertEquals(Outcome.OK, run(get("/big").withBodyRegex("x")).outcome());
  }

  @Test
  void timeoutWhenTheAnswerIsLate() {
    ProbeResult r = run(get("/slow"));
    assertEquals(Outcome.TIMEOUT, r.outcome(), r.reasonText());
    assertTrue(r.latencyNanos() >= 1_490_000_000L && r.latencyNanos() < 3_000_000_000L, "took " + r.latencyNanos()); // the 1.5 s timeout; /slow answers at 4 s
  }

  @Test
  void refusedWhenNothingListens() throws Exception {
    ProbeResult r = run(HttpSpec.get(NetTarget.of(LOOPBACK, TcpProbeIT.closedPort()), "/"));
    assertEquals(Outcome.REFUSED, r.outcome(), r.reasonText());
  }

  /** A server that sends half a response, then ends the connection with a RST (or a FIN). */
  private static ProbeResult halfResponseThen(boolean reset) throws Exception {
    try (ServerSocket raw = new ServerSocket(0, 5, LOOPBACK)) {
      Thread t = Thread.ofVirtual().start(() -> {
        try (Socket s = raw.accept()) {
          InputStream in = s.getInputStream();
          byte[] buf = new byte[4096];
          in.read(buf); // the request (small; one read is enough on loopback)
          s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + "y".repeat(100))
              .getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          sleep(100);
          if (reset) {
            s.setSoLinger(true, 0); // close() now sends RST
          }
        } catch (IOException ignored) {
          // the probe may hang up first
        }
      });
      ProbeResult r = run(HttpSpec.get(NetTarget.of(LOOPBACK, raw.getLocalPort()), "/").withDigest(md5("z")));
      t.join(2000);
      return r;
    }
  }

  @Test
  void resetInTheMiddleOfTheBody() throws Exception {
    ProbeResult r = halfResponseThen(true);
    assertEquals(Outcome.RESET, r.outcome(), r.reasonText());
  }

  @Test
  void closedInTheMiddleOfTheBody() throws Exception {
    ProbeResult r = halfResponseThen(false);
    assertEquals(Outcome.PREMATURE_CLOSE, r.outcome(), r.reasonText());
    assertTrue(r.detail().contains("100 body bytes"), r.detail());
  }

  @Test
  void garbageInsteadOfHttpIsAProtocolError() throws Exception {
    try (ServerSocket raw = new ServerSocket(0, 5, LOOPBACK)) {
      Thread.ofVirtual().start(() -> {
        try (Socket s = raw.accept()) {
          s.getInputStream().read(new byte[4096]);
          s.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          sleep(300);
        } catch (IOException ignored) {
          // the probe hangs up after judging
        }
      });
      ProbeResult r = run(HttpSpec.get(NetTarget.of(LOOPBACK, raw.getLocalPort()), "/"));
      assertEquals(Outcome.PROTOCOL_ERROR, r.outcome(), r.reasonText());
    }
  }
  /** A raw server: reads the request, then {@code respond} writes (or not) and the socket closes. */
  private static ProbeResult rawServer(java.util.function.Consumer<Socket> respond) throws Exception {
    try (ServerSocket raw = new ServerSocket(0, 5, LOOPBACK)) {
      Thread t = Thread.ofVirtual().start(() -> {
        try (Socket s = raw.accept()) {
          s.getInputStream().read(new byte[4096]);
          respond.accept(s);
        } catch (IOException | java.io.UncheckedIOException ignored) {
          // the probe may hang up first
        }
      });
      ProbeResult r = run(HttpSpec.get(NetTarget.of(LOOPBACK, raw.getLocalPort()), "/"));
      t.join(2000);
      return r;
    }
  }

  private static void write(Socket s, String text) {
    try {
      s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aResponseHeadArrivingInPiecesIsJudgedWhenComplete() throws Exception {
    ProbeResult r = rawServer(s -> {
      write(s, "HTTP/1.1 200 OK\r\nContent-");
      sleep(50);
      write(s, "Length: 0\r");
      sleep(50);
      write(s, "\n\r\n");
      sleep(100);
    });
    assertEquals(Outcome.OK, r.outcome(), r.reasonText());
  }

  @Test
  void closedBeforeAnyResponseIsAPrematureClose() throws Exception {
    ProbeResult r = rawServer(s -> { });
    assertEquals(Outcome.PREMATURE_CLOSE, r.outcome(), r.reasonText());
  }

  @Test
  void resetBeforeAnyResponse() throws Exception {
    ProbeResult r = rawServer(s -> {
      try {
        s.setSoLinger(true, 0);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertEquals(Outcome.RESET, r.outcome(), r.reasonText());
  }

  @Test
  void aResponseHeadWithoutEndIsAProtocolErrorOnceTooLong() throws Exception {
    ProbeResult r = rawServer(s -> {
      write(s, "HTTP/1.1 200 OK\r\n");
      for (int i = 0; i < 400; i++) {
        write(s, "X-Filler-" + i + ": " + "z".repeat(60) + "\r\n");
      }
      sleep(300);
    });
    assertEquals(Outcome.PROTOCOL_ERROR, r.outcome(), r.reasonText());
  }
}
