package io.tandem.checkers.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.HttpSpec;
import io.tandem.checkers.spec.NetTarget;
import io.tandem.testkit.Sh;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS against a server whose self-signed certificate keytool makes for this test run. */
class HttpsProbeIT {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final char[] PASSWORD = "ck-test-pass".toCharArray();
  private static ProbeHarness harness;
  private static SSLServerSocket server;
  private static final List<String> requestedServerNames = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    harness = new ProbeHarness();
    Path keystore = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Sh.run(keytool, "-genkeypair", "-alias", "ck", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=www.example.test", "-ext", "SAN=dns:www.example.test", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, LOOPBACK);
    Thread.ofVirtual().start(HttpsProbeIT::serve);
  }

  private static void serve() {
    while (!server.isClosed()) {
      try {
        SSLSocket s = (SSLSocket) server.accept();
        Thread.ofVirtual().start(() -> answer(s));
      } catch (IOException e) {
        return; // closed at teardown
      }
    }
  }

  private static void answer(SSLSocket s) {
    try (s) {
      s.startHandshake();
      for (SNIServerName name : ((ExtendedSSLSession) s.getSession()).getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          requestedServerNames.add(host.getAsciiName());
        }
      }
      InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          return;
        }
        head.append((char) c);
      }
      s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecure"
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
    } catch (IOException ignored) {
      // a verifying client aborts the handshake: that is the point of one test
    }
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
    harness.close();
  }

  private static HttpSpec https(boolean verify) {
    return HttpSpec.getTls(NetTarget.of(LOOPBACK, server.getLocalPort()), "/", verify);
  }

  @Test
  void upWithoutVerificationEvenWithASelfSignedCertificate() {
    ProbeResult r = harness.run(https(false).withBodyRegex("^secure$"), Duration.ofSeconds(2));
    assertEquals(Outcome.OK, r.outcome(), r.reasonText());
  }

  @Test
  void downWithVerificationBecauseTheCertificateIsUntrusted() {
    ProbeResult r = harness.run(https(true), Duration.ofSeconds(2));
    assertEquals(Outcome.TLS_ERROR, r.outcome(), r.reasonText());
  }

  @Test
  void sendsTheConfiguredServerName() {
    requestedServerNames.clear();
    ProbeResult r = harness.run(https(false).withSni("www.example.test"), Duration.ofSeconds(2));
    assertEquals(Outcome.OK, r.outcome(), r.reasonText());
    assertTrue(requestedServerNames.contains("www.example.test"), "server saw SNI " + requestedServerNames);
  }

  @Test
  void plainHttpToATlsPortFails() {
    ProbeResult r = harness.run(HttpSpec.get(NetTarget.of(LOOPBACK, server.getLocalPort()), "/"), Duration.ofMillis(700));
    assertTrue(r.outcome() != Outcome.OK, r.reasonText());
  }
}
