package io.tandem.checkers.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.NetTarget;
import io.tandem.checkers.spec.UdpSpec;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UdpProbeIT {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static ProbeHarness harness;
  private static DatagramSocket echo;
  private static DatagramSocket silent;

  @BeforeAll
  static void start() throws Exception {
    harness = new ProbeHarness();
    echo = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    Thread.ofVirtual().start(() -> {
      byte[] buf = new byte[2048];
      while (!echo.isClosed()) {
        try {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          echo.receive(p);
          echo.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
        } catch (Exception e) {
          return;
        }
      }
    });
  }

  @AfterAll
  static void stop() {
    echo.close();
    silent.close();
    harness.close();
  }

  @Test
  void upWhenAReplyComesBack() {
    ProbeResult r = harness.run(new UdpSpec(NetTarget.of(LOOPBACK, echo.getLocalPort()), "c0ffee", Optional.empty()),
        Duration.ofMillis(500));
    assertEquals(Outcome.OK, r.outcome(), r.reasonText());
  }

  @Test
  void theReplyMustStartWithTheExpectedBytes() {
    NetTarget t = NetTarget.of(LOOPBACK, echo.getLocalPort());
    assertEquals(Outcome.OK, harness.run(new UdpSpec(t, "c0ffee", Optional.of("c0ff")), Duration.ofMillis(500)).outcome());
    ProbeResult bad = harness.run(new UdpSpec(t, "c0ffee", Optional.of("beef")), Duration.ofMillis(500));
    assertEquals(Outcome.BAD_REPLY, bad.outcome(), bad.reasonText());
  }

  @Test
  void portUnreachableIsRefused() throws Exception {
    int port;
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      port = s.getLocalPort();
    }
    ProbeResult r = harness.run(new UdpSpec(NetTarget.of(LOOPBACK, port), "00", Optional.empty()), Duration.ofMillis(500));
    assertEquals(Outcome.REFUSED, r.outcome(), r.reasonText());
  }

  @Test
  void timeoutWhenNoReplyComes() {
    ProbeResult r = harness.run(new UdpSpec(NetTarget.of(LOOPBACK, silent.getLocalPort()), "00", Optional.empty()),
        Duration.ofMillis(300));
    assertEquals(Outcome.TIMEOUT, r.outcome(), r.reasonText());
  }
}
