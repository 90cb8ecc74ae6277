package io.tandem.e2e.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.daemon.control.StatusView.InstanceView;
import io.tandem.e2e.support.DirectorLab;
import io.tandem.e2e.support.DirectorLab.Timeline;
import io.tandem.e2e.support.TandemNode;
import io.tandem.testkit.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three Tandem directors in one virtual router: lb1 (150, tracks a weight file), lb2 (120, tracks
 * a script with weight −50) and lb3 (100). The highest effective priority must hold the VIP as
 * priorities move: file → lb2 takes over, script fails → lb3, file restored → lb1 preempts back.
 */
class ThreeNodesIT {
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final int PORT = 8080;

  private static DirectorLab lab;
  private static TandemNode lb1;
  private static TandemNode lb2;
  private static TandemNode lb3;
  private static Timeline client;
  private static Path weightFile;
  private static Path scriptOk;

  @BeforeAll
  static void start() throws IOException {
    Requirements.requireRoot();
    lab = new DirectorLab("vw");
    try {
      String ns1 = lab.host("lb1", 1);
      String ns2 = lab.host("lb2", 2);
      String ns3 = lab.host("lb3", 3);
      String cl = lab.host("cl", 100);
      for (String[] n : new String[][] {{ns1, "lb1"}, {ns2, "lb2"}, {ns3, "lb3"}}) {
        lab.nameServer(n[0], PORT, n[1]);
      }
      Path dir1 = lab.tempDir("lb1");
      Path dir2 = lab.tempDir("lb2");
      weightFile = dir1.resolve("weight");
      Files.writeString(weightFile, "0\n");
      scriptOk = dir2.resolve("healthy");
      Files.writeString(scriptOk, "");
      lb1 = TandemNode.start(lab.netns(), ns1, "lb1", dir1, "", instance(150,
          "track.files = [{ path = \"" + weightFile + "\", weight-scale = 1 }]"));
      lb2 = TandemNode.start(lab.netns(), ns2, "lb2", dir2, "", instance(120,
          "track.scripts = [{ name = healthy, command = [\"/usr/bin/test\", \"-e\", \"" + scriptOk
              + "\"], weight = -50, interval = 200ms, timeout = 1s }]"));
      lb3 = TandemNode.start(lab.netns(), ns3, "lb3", lab.tempDir("lb3"), "", instance(100, ""));
      client = lab.client(cl, PORT, 5, 100);
    } catch (RuntimeException | Error e) {
      lab.close();
      throw e;
    }
  }

  private static String instance(int priority, String track) {
    return "vrrp.web { interface = eth0, vrid = 51, version = 3, priority = " + priority
        + ", advert-interval = 100ms, virtual-ips = [\"192.0.2.10/24\"]\n  " + track + "\n}\n";
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.stop();
    }
    for (TandemNode n : new TandemNode[] {lb1, lb2, lb3}) {
      if (n != null) {
        n.close();
      }
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void theHighestEffectivePriorityHoldsTheVipAsTrackedPrioritiesMove() throws IOException {
    awaitMaster(lb1, "initial election");
    assertEquals(List.of(150, 120, 100), priorities());

    int mark = client.mark();
    Files.writeString(weightFile, "-100\n"); // lb1: 150 - 100 = 50
    awaitMaster(lb2, "lb1's weight file drops it to 50");
    assertEquals(List.of(50, 120, 100), priorities());
    report("file drop lb1 -> lb2", mark);

    mark = client.mark();
    Files.delete(scriptOk); // lb2's script fails: 120 - 50 = 70
    awaitMaster(lb3, "lb2's track script fails (70)");
    assertEquals(List.of(50, 70, 100), priorities());
    assertTrue(lb2.status().instances().get(0).priorityReasons().stream().anyMatch(r -> r.contains("healthy")),
        "status explains lb2's priority: " + lb2.status().instances().get(0).priorityReasons());
    report("script fails lb2 -> lb3", mark);

    mark = client.mark();
    Files.writeString(weightFile, "0\n");
    awaitMaster(lb1, "lb1 back to 150 preempts");
    report("file restored lb3 -> lb1", mark);

    Files.writeString(scriptOk, "");
    Wait.until("lb2 back to 120", BOUND, () -> priorities().equals(List.of(150, 120, 100)), ThreeNodesIT::diagnosis);
    Wait.holds("lb1 stays master", Duration.ofMillis(600), () -> states().equals(List.of("MASTER", "BACKUP", "BACKUP")),
        ThreeNodesIT::diagnosis);
  }

  private static void awaitMaster(TandemNode master, String why) {
    Wait.until(master.name() + " alone MASTER with the VIP and the client (" + why + ")", BOUND, () -> {
      List<String> states = states();
      return states.stream().filter("MASTER"::equals).count() == 1 && master.state("web").equals("MASTER")
          && ClientLog.lastAnsweredBy(client.since(0), master.name(), 5);
    }, ThreeNodesIT::diagnosis);
    for (TandemNode n : new TandemNode[] {lb1, lb2, lb3}) {
      assertEquals(n == master, lab.hasAddress(n.ns(), DirectorLab.VIP), "VIP on " + n.name());
    }
    assertFalse(states().contains("FAULT"));
  }

  private static void report(String what, int mark) {
    System.out.println("[ThreeNodesIT] " + what + ": " + ClientLog.of(client.since(mark)));
  }

  private static List<String> states() {
    return List.of(lb1.state("web"), lb2.state("web"), lb3.state("web"));
  }

  private static List<Integer> priorities() {
    return List.of(prio(lb1), prio(lb2), prio(lb3));
  }

  private static int prio(TandemNode n) {
    InstanceView v = n.status().instances().get(0);
    return v.effectivePriority();
  }

  private static String diagnosis() {
    StringBuilder b = new StringBuilder();
    for (TandemNode n : new TandemNode[] {lb1, lb2, lb3}) {
      try {
        b.append("--- ").append(n.name()).append(": ").append(n.status().instances()).append('\n');
      } catch (RuntimeException e) {
        b.append("--- ").append(n.name()).append(": ").append(e.getMessage()).append('\n');
      }
      b.append(TandemPairIT.tail(n.logText(), 8)).append('\n');
    }
    var lines = client.since(0);
    return b.append("--- client: ").append(lines.subList(Math.max(0, lines.size() - 5), lines.size())).toString();
  }

}
