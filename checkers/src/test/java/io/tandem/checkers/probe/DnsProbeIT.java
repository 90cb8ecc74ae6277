package io.tandem.checkers.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.DnsSpec;
import io.tandem.checkers.spec.NetTarget;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DNS against a tiny responder whose answer depends on the first label of the question. */
class DnsProbeIT {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static ProbeHarness harness;
  private static DatagramSocket responder;

  @BeforeAll
  static void start() throws Exception {
    harness = new ProbeHarness();
    responder = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    Thread.ofVirtual().start(DnsProbeIT::serve);
  }

  @AfterAll
  static void stop() {
    responder.close();
    harness.close();
  }

  private static void serve() {
    byte[] buf = new byte[512];
    while (!responder.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        responder.receive(p);
        byte[] query = Arrays.copyOf(p.getData(), p.getLength());
        byte[] reply = answer(query);
        if (reply != null) {
          responder.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
        }
      } catch (Exception e) {
        return;
      }
    }
  }

  /** RFC 1035 section 4.1: header, the question echoed, and for "up" one A record 192.0.2.7. */
  private static byte[] answer(byte[] q) {
    int end = 12;
    while (q[end] != 0) {
      end += (q[end] & 0xff) + 1;
    }
    int questionEnd = end + 1 + 4; // root label, QTYPE, QCLASS
    String firstLabel = new String(q, 13, q[12] & 0xff, StandardCharsets.US_ASCII);
    int rcode = switch (firstLabel) {
      case "nx" -> 3; // NXDOMAIN
      case "fail" -> 2; // SERVFAIL
      default -> 0;
    };
    if (firstLabel.equals("slow")) {
      return null;
    }
    boolean withAnswer = firstLabel.equals("up");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(q[0]);
    out.write(q[1]); // ID
    out.write(0x81); // QR, RD
    out.write(0x80 | rcode); // RA, RCODE
    out.writeBytes(new byte[] {0, 1, 0, (byte) (withAnswer ? 1 : 0), 0, 0, 0, 0});
    out.write(q, 12, questionEnd - 12);
    if (withAnswer) {
      out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 192, 0, 2, 7});
    }
    return out.toByteArray();
  }

  private static ProbeResult ask(String name, String type) {
    return harness.run(DnsSpec.of(NetTarget.of(LOOPBACK, responder.getLocalPort()), name, type), Duration.ofMillis(400));
  }

  @Test
  void upWithNoErrorAndAnAnswerOfTheAskedType() {
    ProbeResult r = ask("up.example.test", "A");
    assertEquals(Outcome.OK, r.outcome(), r.reasonText());
  }

  @Test
  void anUnexpectedRcodeIsDownWithTheRcodeInTheReason() {
    ProbeResult r = ask("nx.example.test", "A");
    assertEquals(Outcome.BAD_RCODE, r.outcome());
    assertTrue(r.detail().contains("NXDomain"), r.detail());
    assertEquals(Outcome.BAD_RCODE, ask("fail.example.test", "A").outcome());
    DnsSpec nxIsFine = new DnsSpec(NetTarget.of(LOOPBACK, responder.getLocalPort()), "nx.example.test", "A",
        Set.of(0, 3), false);
    assertEquals(Outcome.OK, harness.run(nxIsFine, Duration.ofMillis(400)).outcome());
  }

  @Test
  void anEmptyAnswerIsDownWhenAnAnswerIsRequired() {
    assertEquals(Outcome.NO_ANSWER, ask("empty.example.test", "A").outcome());
    assertEquals(Outcome.NO_ANSWER, ask("up.example.test", "AAAA").outcome(), "an A record does not answer AAAA");
  }

  @Test
  void timeoutWhenTheServerStaysSilent() {
    assertEquals(Outcome.TIMEOUT, ask("slow.example.test", "A").outcome());
  }

  @Test
  void refusedWhenNoServerListens() throws Exception {
    int port;
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      port = s.getLocalPort();
    }
    ProbeResult r = harness.run(DnsSpec.of(NetTarget.of(LOOPBACK, port), "up.example.test", "A"), Duration.ofMillis(400));
    assertEquals(Outcome.REFUSED, r.outcome(), r.reasonText());
  }
}
