package io.tandem.checkers.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.NetTarget;
import io.tandem.checkers.spec.SmtpSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** SMTP against a tiny server that answers with the codes the test gives it. */
class SmtpProbeIT {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** Serves one dialogue: banner, then the HELO answer, then 221 to QUIT; records the commands. */
  private static final class TinySmtp implements AutoCloseable {
    final ServerSocket socket;
    final List<String> commands = new CopyOnWriteArrayList<>();

    TinySmtp(String banner, String heloAnswer) throws IOException {
      socket = new ServerSocket(0, 5, LOOPBACK);
      Thread.ofVirtual().start(() -> {
        try (Socket s = socket.accept()) {
          OutputStream out = s.getOutputStream();
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
          if (banner == null) {
            Thread.sleep(2000); // a server that accepts and never speaks
            return;
          }
          send(out, banner);
          String line;
          while ((line = in.readLine()) != null) {
            commands.add(line);
            if (line.startsWith("HELO")) {
              send(out, heloAnswer);
            } else if (line.startsWith("QUIT")) {
              send(out, "221 bye");
              return;
            } else {
              send(out, "500 what");
            }
          }
        } catch (IOException | InterruptedException ignored) {
          // the probe hung up
        }
      });
    }

    private static void send(OutputStream out, String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static ProbeResult probe(int port) {
    try (ProbeHarness h = new ProbeHarness()) {
      return h.run(new SmtpSpec(NetTarget.of(LOOPBACK, port), "checker.example.test"), Duration.ofMillis(500));
    }
  }

  @Test
  void upWhenBannerAndHeloAreAccepted() throws Exception {
    try (TinySmtp smtp = new TinySmtp("220 mx.example.test ESMTP", "250 hello")) {
      ProbeResult r = probe(smtp.socket.getLocalPort());
      assertEquals(Outcome.OK, r.outcome(), r.reasonText());
      assertEquals(List.of("HELO checker.example.test", "QUIT"), smtp.commands);
    }
  }

  @Test
  void downWhenTheBannerIsA5xx() throws Exception {
    try (TinySmtp smtp = new TinySmtp("554 go away", "250 hello")) {
      ProbeResult r = probe(smtp.socket.getLocalPort());
      assertEquals(Outcome.BAD_REPLY, r.outcome());
      assertTrue(r.detail().contains("554"), r.detail());
    }
  }

  @Test
  void downWhenHeloIsRefused() throws Exception {
    try (TinySmtp smtp = new TinySmtp("220 ok", "550 not you")) {
      ProbeResult r = probe(smtp.socket.getLocalPort());
      assertEquals(Outcome.BAD_REPLY, r.outcome());
      assertTrue(r.detail().contains("550"), r.detail());
    }
  }

  @Test
  void timeoutWhenTheServerNeverSpeaks() throws Exception {
    try (TinySmtp smtp = new TinySmtp(null, null)) {
      ProbeResult r = probe(smtp.socket.getLocalPort());
      assertEquals(Outcome.TIMEOUT, r.outcome(), r.reasonText());
    }
  }

  @Test
  void refusedWhenNothingListens() throws Exception {
    ProbeResult r = probe(TcpProbeIT.closedPort());
    assertEquals(Outcome.REFUSED, r.outcome(), r.reasonText());
  }
}
