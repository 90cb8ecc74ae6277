package io.tandem.checkers.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.IcmpSpec;
import io.tandem.testkit.NetnsLab;
import io.tandem.testkit.Requirements;
import io.tandem.testkit.Sh;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Echo probes from a prober namespace to a target namespace joined by a veth pair. The probe's raw
 * socket is opened inside the prober namespace (IcmpSpec.netns), the way the daemon would probe
 * from a VRF-like namespace.
 */
class IcmpProbeIT {
  private static NetnsLab lab;
  private static ProbeHarness harness;
  private static String prober;

  @BeforeAll
  static void setUp() {
    Requirements.requireRoot();
    lab = new NetnsLab("ck");
    prober = lab.ns("p");
    String target = lab.ns("t");
    lab.veth(prober, "eth0", target, "eth0");
    Sh.run("ip", "-n", prober, "addr", "add", "192.0.2.1/24", "dev", "eth0");
    Sh.run("ip", "-n", target, "addr", "add", "192.0.2.2/24", "dev", "eth0");
    Sh.run("ip", "-n", prober, "addr", "add", "2001:db8:c::1/64", "dev", "eth0", "nodad");
    Sh.run("ip", "-n", target, "addr", "add", "2001:db8:c::2/64", "dev", "eth0", "nodad");
    harness = new ProbeHarness();
  }

  @AfterAll
  static void tearDown() {
    if (harness != null) {
      harness.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  private static ProbeResult ping(String address) throws Exception {
    return harness.run(new IcmpSpec(InetAddress.getByName(address), Optional.empty(), Optional.of(prober)),
        Duration.ofMillis(700));
  }

  @Test
  void ipv4EchoIsAnswered() throws Exception {
    ProbeResult r = ping("192.0.2.2");
    assertEquals(Outcome.OK, r.outcome(), r.reasonText());
  }

  @Test
  void ipv6EchoIsAnswered() throws Exception {
    ProbeResult r = ping("2001:db8:c::2");
    assertEquals(Outcome.OK, r.outcome(), r.reasonText());
  }

  @Test
  void anAddressWithNoHostIsDown() throws Exception {
    ProbeResult v4 = ping("192.0.2.3");
    assertFalse(v4.ok());
    assertEquals(Outcome.TIMEOUT, v4.outcome(), v4.reasonText());
    ProbeResult v6 = ping("2001:db8:c::3");
    assertEquals(Outcome.TIMEOUT, v6.outcome(), v6.reasonText());
  }

  @Test
  void manyProbesShareOneSocketAndEachGetsItsOwnReply() throws Exception {
    try (Probe a = Probes.create(new IcmpSpec(InetAddress.getByName("192.0.2.2"), Optional.empty(), Optional.of(prober)),
        harness.context);
        Probe b = Probes.create(new IcmpSpec(InetAddress.getByName("192.0.2.3"), Optional.empty(), Optional.of(prober)),
            harness.context)) {
      var up = a.run(Duration.ofMillis(700));
      var down = b.run(Duration.ofMillis(700));
      assertEquals(Outcome.OK, up.get().outcome());
      assertEquals(Outcome.TIMEOUT, down.get().outcome());
    }
  }
}
