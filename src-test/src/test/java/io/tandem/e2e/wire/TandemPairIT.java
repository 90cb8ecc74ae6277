package io.tandem.e2e.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.e2e.support.DirectorLab;
import io.tandem.e2e.support.DirectorLab.Timeline;
import io.tandem.e2e.support.TandemNode;
import io.tandem.testkit.Requirements;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Tandem directors on one bridge (lb1 priority 150, lb2 priority 100, VRRPv3 at 100 ms), each
 * serving HTTP with its own name, and a client connecting to the VIP every 5 ms: whoever answers
 * is the node holding the VIP. One lab and one pair of daemons for the whole class; each test
 * starts from "lb1 master, lb2 backup, client on lb1" and leaves the lab that way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TandemPairIT {
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final int PORT = 8080;

  private static DirectorLab lab;
  private static String lb1Ns;
  private static String lb2Ns;
  private static String clientNs;
  private static TandemNode lb1;
  private static TandemNode lb2;
  private static Timeline client;

  static String config(int priority, boolean preempt) {
    return "vrrp.web { interface = eth0, vrid = 51, version = 3, priority = " + priority
        + ", advert-interval = 100ms, preempt = " + preempt + ", virtual-ips = [\"192.0.2.10/24\"] }\n";
  }

  @BeforeAll
  static void startPair() {
    Requirements.requireRoot();
    Requirements.requireCommand("curl");
    lab = new DirectorLab("vw");
    try {
      lb1Ns = lab.host("lb1", 1);
      lb2Ns = lab.host("lb2", 2);
      clientNs = lab.host("cl", 100);
      lab.nameServer(lb1Ns, PORT, "lb1");
      lab.nameServer(lb2Ns, PORT, "lb2");
      lb1 = TandemNode.start(lab.netns(), lb1Ns, "lb1", lab.tempDir("lb1"), "", config(150, true));
      lb2 = TandemNode.start(lab.netns(), lb2Ns, "lb2", lab.tempDir("lb2"), "", config(100, true));
      client = lab.client(clientNs, PORT, 5, 100);
    } catch (RuntimeException | Error e) {
      lab.close();
      throw e;
    }
  }

  @AfterAll
  static void tearDown() {
    if (client != null) {
      client.stop();
    }
    for (TandemNode n : new TandemNode[] {lb1, lb2}) {
      if (n != null) {
        n.close();
      }
    }
    if (lab != null) {
      lab.close();
    }
  }

  @BeforeEach
  void steadyState() {
    Wait.until("lb1 MASTER, lb2 BACKUP, client answered by lb1", BOUND,
        () -> lb1.state("web").equals("MASTER") && lb2.state("web").equals("BACKUP") && clientOn("lb1"),
        TandemPairIT::diagnosis);
  }

  @Test
  @Order(1)
  void electsOneMasterWhichAloneHoldsTheVipAndServesTheClient() {
    assertTrue(lab.hasAddress(lb1Ns, DirectorLab.VIP), "VIP on the master");
    assertFalse(lab.hasAddress(lb2Ns, DirectorLab.VIP), "no VIP on the backup");
    int mark = client.mark();
    Wait.sleep(500);
    ClientLog seen = ClientLog.of(client.since(mark));
    assertEquals(0, seen.connectFailures(), "failed connects in steady state");
    assertEquals("lb1", seen.lastAnswer());
    assertEquals(lb1.status().instances().get(0).masterAddress(), "192.0.2.1 (this node)");
    assertEquals("192.0.2.1", lb2.status().instances().get(0).masterAddress(), "the backup knows its master");
  }

  @Test
  @Order(2)
  void masterCutOffTheBridgeFailsOverAndPreemptsBackOnReturn() {
    int mark = client.mark();
    lab.plug("lb1", false);
    Wait.until("lb2 takes over and serves the client", BOUND,
        () -> lb2.state("web").equals("MASTER") && clientOn("lb2"), TandemPairIT::diagnosis);
    assertEquals("FAULT", lb1.state("web"), "lb1 lost its link");
    assertFalse(lab.hasAddress(lb1Ns, DirectorLab.VIP), "a node in FAULT holds no VIP");
    assertTrue(lab.hasAddress(lb2Ns, DirectorLab.VIP));
    ClientLog cut = ClientLog.of(client.since(mark));
    // Protocol bound: 3 × 100 ms + skew (~61 ms), plus the client's probing interval and timeout.
    assertTrue(cut.reachDarkMillis() < 1500, "dark time after the cut: " + cut);
    System.out.println("[TandemPairIT] cut: " + cut);

    mark = client.mark();
    lab.plug("lb1", true);
    Wait.until("lb1 preempts back", BOUND,
        () -> lb1.state("web").equals("MASTER") && lb2.state("web").equals("BACKUP") && clientOn("lb1"),
        TandemPairIT::diagnosis);
    assertFalse(lab.hasAddress(lb2Ns, DirectorLab.VIP), "the old backup gave the VIP back");
    ClientLog back = ClientLog.of(client.since(mark));
    System.out.println("[TandemPairIT] preempt back: " + back);
  }

  @Test
  @Order(3)
  void withoutPreemptTheReturningNodeStaysBackup() {
    lb1.reload("lb1.conf", config(150, false));
    lb2.reload("lb2.conf", config(100, false));
    steadyState(); // both instances were restarted by the reload; lb1 wins the fresh election
    lab.plug("lb1", false);
    Wait.until("lb2 takes over", BOUND, () -> lb2.state("web").equals("MASTER") && clientOn("lb2"),
        TandemPairIT::diagnosis);
    lab.plug("lb1", true);
    Wait.until("lb1 back as BACKUP", BOUND, () -> lb1.state("web").equals("BACKUP"), TandemPairIT::diagnosis);
    // Five Master_Down_Intervals: a preempting node would have taken over long before.
    Wait.holds("lb2 stays master (no preemption)", Duration.ofMillis(1700),
        () -> lb2.state("web").equals("MASTER") && lb1.state("web").equals("BACKUP"), TandemPairIT::diagnosis);
    assertTrue(clientOn("lb2"));
    assertFalse(lab.hasAddress(lb1Ns, DirectorLab.VIP));

    lb1.reload("lb1.conf", config(150, true));
    lb2.reload("lb2.conf", config(100, true));
  }

  @Test
  @Order(4)
  void splitBrainHealsToOneMasterThatReannouncesAndTakesTheClient() {
    double reconfirmedBefore = lb1.metric("tandem_vrrp_master_reconfirmed_total");
    lab.isolate("lb1", true);
    lab.isolate("lb2", true);
    Wait.until("both masters while they cannot hear each other", BOUND,
        () -> lb1.state("web").equals("MASTER") && lb2.state("web").equals("MASTER"), TandemPairIT::diagnosis);
    assertTrue(lab.hasAddress(lb1Ns, DirectorLab.VIP) && lab.hasAddress(lb2Ns, DirectorLab.VIP));
    // lb2's gratuitous burst came last: the client follows the wrong master now.
    Wait.until("client follows lb2's announcement", BOUND, () -> clientOn("lb2"), TandemPairIT::diagnosis);

    int mark = client.mark();
    lab.isolate("lb1", false);
    lab.isolate("lb2", false);
    long healMs = Wait.until("one master (lb1) and the client on it", BOUND,
        () -> lb1.state("web").equals("MASTER") && lb2.state("web").equals("BACKUP") && clientOn("lb1"),
        TandemPairIT::diagnosis);
    System.out.println("[TandemPairIT] split brain healed, client on the winner after " + healMs + " ms: "
        + ClientLog.of(client.since(mark)));
    assertFalse(lab.hasAddress(lb2Ns, DirectorLab.VIP));
    assertEquals(lab.mac(lb1Ns, "eth0"), lab.neighbourMac(clientNs, DirectorLab.VIP),
        "the client's ARP entry points at the winner");
    assertTrue(lb1.metric("tandem_vrrp_master_reconfirmed_total") > reconfirmedBefore,
        "the winner re-announced (master reconfirmed)");
    assertTrue(lb1.logText().contains("stayed MASTER and re-announced"), "logged loudly");
    assertTrue(healMs < 2000, "client back on the winner " + healMs + " ms after the heal");
  }

  private static boolean clientOn(String who) {
    return ClientLog.lastAnsweredBy(client.since(0), who, 5);
  }

  private static String diagnosis() {
    StringBuilder b = new StringBuilder();
    for (TandemNode n : new TandemNode[] {lb1, lb2}) {
      b.append("--- ").append(n.name()).append(": ");
      try {
        b.append(n.status().instances());
      } catch (RuntimeException e) {
        b.append("(status unavailable: ").append(e.getMessage()).append(')');
      }
      b.append('\n').append(tail(n.logText(), 15)).append('\n');
    }
    var lines = client.since(0);
    b.append("--- client (last 5): ").append(lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    return b.toString();
  }

  static String tail(String text, int n) {
    var lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }
}
