package io.tandem.e2e.director;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.daemon.control.StatusView;
import io.tandem.e2e.support.DirectorLab;
import io.tandem.e2e.support.DirectorLab.Timeline;
import io.tandem.e2e.support.TandemNode;
import io.tandem.testkit.Requirements;
import io.tandem.testkit.Sh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Tandem directors (user-space proxy engine) in front of two real servers, and a client
 * calling the VIP every 10 ms, all in namespaces on one bridge. The steps build on each other, as
 * an operator's day would: election, a real server dying, reloads good and bad, a VIP deleted by
 * hand, drain, a planned handover, the master cut off, and a clean stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectorIT {
  private static final Duration CONVERGE = Duration.ofSeconds(10);

  private DirectorLab lab;
  private String lb1Ns;
  private String cliNs;
  private TandemNode lb1;
  private TandemNode lb2;
  private Process rs1;
  private Timeline client;

  static String service(int rs2Weight) {
    return """
        virtual-servers.web {
          vip = "192.0.2.10:80", protocol = tcp, scheduler = wrr, forwarding = nat, engine = userspace
          real-servers = [
            { address = "192.0.2.101:8080", weight = 1, check { type = tcp, interval = 200ms, timeout = 150ms, fall = 2, rise = 2 } }
            { address = "192.0.2.102:8080", weight = %d, check { type = tcp, interval = 200ms, timeout = 150ms, fall = 2, rise = 2 } }
          ]
        }
        """.formatted(rs2Weight);
  }

  static String director(int priority, int rs2Weight) {
    return """
        vrrp.web {
          interface = eth0, vrid = 51, version = 3, priority = %d, advert-interval = 100ms
          virtual-ips = ["192.0.2.10/24"]
          track.services = [{ name = web, weight = -100 }]
        }
        """.formatted(priority) + service(rs2Weight);
  }

  @BeforeAll
  void lab() {
    Requirements.requireRoot();
    Requirements.requireCommand("curl");
    Requirements.requireCommand("promtool");
    lab = new DirectorLab("dir");
    lb1Ns = lab.host("lb1", 11);
    String lb2Ns = lab.host("lb2", 12);
    String rs1Ns = lab.host("rs1", 101);
    String rs2Ns = lab.host("rs2", 102);
    cliNs = lab.host("cli", 50);
    rs1 = lab.nameServer(rs1Ns, 8080, "rs1");
    lab.nameServer(rs2Ns, 8080, "rs2");
    lb1 = TandemNode.start(lab.netns(), lb1Ns, "lb1", lab.tempDir("lb1"), "metrics.listen = \"192.0.2.11:9595\"",
        director(150, 1));
    lb2 = TandemNode.start(lab.netns(), lb2Ns, "lb2", lab.tempDir("lb2"), "metrics.listen = \"192.0.2.12:9595\"",
        director(100, 1));
    client = lab.client(cliNs, 80, 10, 200);
  }

  @AfterAll
  void teardown() {
    if (client != null) {
      client.stop();
    }
    for (TandemNode n : new TandemNode[] {lb1, lb2}) {
      if (n != null && n.alive()) {
        n.kill();
      }
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void electsOneMasterAndServesTheVipFromBothRealServers() {
    await().atMost(CONVERGE).until(() -> lb1.state("web").equals("MASTER") && lb2.state("web").equals("BACKUP"));
    assertThat(addresses(lb1Ns)).contains("192.0.2.10/24");
    assertThat(addresses(lab.netns().prefix() + "lb2")).doesNotContain("192.0.2.10/");
    int mark = client.mark();
    await().atMost(CONVERGE).until(() -> {
      List<String> seen = client.since(mark);
      return Timeline.answeredBy(seen, "rs1") >= 5 && Timeline.answeredBy(seen, "rs2") >= 5;
    });
  }

  @Test
  @Order(2)
  void aKilledRealServerIsNeverUsedOnceItsCheckFails() {
    rs1.destroyForcibly();
    await().atMost(CONVERGE).until(() -> !server(lb1, "192.0.2.101:8080").up());
    int mark = client.mark();
    sleep(1500);
    List<String> after = client.since(mark);
    assertThat(after).hasSizeGreaterThan(20); // ~150 at 10 ms; fewer on a loaded machine
    assertThat(Timeline.answeredBy(after, "rs1")).isZero();
    assertThat(Timeline.failures(after)).isZero();
    assertThat(lb1.status().services().get(0).quorumUp()).isTrue();
  }

  @Test
  @Order(3)
  void reloadWithAChangedWeightAppliesItWithoutATransition() {
    StatusView.InstanceView before = instance(lb1);
    lb1.writeConf("lb1.conf", director(150, 5));
    TandemNode.CliResult dry = lb1.cli("reload", "--dry-run");
    assertThat(dry.status()).isZero();
    assertThat(dry.out()).contains("192.0.2.102:8080").contains("weight").contains("dry run");
    assertThat(server(lb1, "192.0.2.102:8080").configuredWeight()).isEqualTo(1);
    TandemNode.CliResult applied = lb1.cli("reload");
    assertThat(applied.status()).as(applied.err()).isZero();
    assertThat(server(lb1, "192.0.2.102:8080").weight()).isEqualTo(5);
    StatusView.InstanceView after = instance(lb1);
    assertThat(after.state()).isEqualTo("MASTER");
    assertThat(after.lastTransitionEpochMillis()).isEqualTo(before.lastTransitionEpochMillis());
  }

  @Test
  @Order(4)
  void reloadWithABrokenFileChangesNothing() {
    lb1.writeConf("lb1.conf", director(150, 5).replace("priority = 150", "prority = 150"));
    TandemNode.CliResult r = lb1.cli("reload");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("prority").contains("unchanged");
    assertThat(instance(lb1).state()).isEqualTo("MASTER");
    assertThat(instance(lb1).basePriority()).isEqualTo(150);
    lb1.writeConf("lb1.conf", director(150, 5));
  }

  @Test
  @Order(5)
  void aVipDeletedByHandOnTheMasterIsRestored() {
    lab.netns().exec(lb1Ns, "ip", "addr", "del", "192.0.2.10/24", "dev", "eth0");
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
        .until(() -> addresses(lb1Ns).contains("192.0.2.10/24"));
    assertThat(metrics("192.0.2.11")).contains("tandem_vrrp_vip_restorations_total{vrrp_instance=\"web\"} 1");
    assertThat(lb1.logText()).contains("behind Tandem's back");
  }

  @Test
  @Order(6)
  void drainStopsNewConnectionsToAServer() {
    // rs1 is dead since step 2; start it again, wait for it to rise, then drain it.
    rs1 = lab.nameServer(lab.netns().prefix() + "rs1", 8080, "rs1");
    await().atMost(CONVERGE).until(() -> server(lb1, "192.0.2.101:8080").up());
    TandemNode.CliResult r = lb1.cli("drain", "web", "192.0.2.101:8080");
    assertThat(r.status()).as(r.err()).isZero();
    sleep(100); // the forwarding table is updated asynchronously, within milliseconds
    // The client is sequential: the first line after the mark is the attempt in flight at the
    // mark, which may have been accepted before the drain (a drain keeps such connections; seen
    // in CI: one attempt that took 138 ms under load). Count only attempts started after it.
    int mark = client.mark() + 1;
    sleep(1000);
    assertThat(Timeline.answeredBy(client.since(mark), "rs1"))
        .as("rs1 answered after the drain (timeline since it):%n%s", String.join("\n", client.since(mark))).isZero();
    assertThat(lb1.cli("undrain", "web", "192.0.2.101:8080").status()).isZero();
    int mark2 = client.mark();
    await().atMost(CONVERGE).until(() -> Timeline.answeredBy(client.since(mark2), "rs1") > 0);
  }

  @Test
  @Order(7)
  void plannedHandoverLosesNoConnection() {
    int mark = client.mark();
    TandemNode.CliResult r = lb1.cli("handover", "web");
    assertThat(r.status()).as(r.err()).isZero();
    await().atMost(CONVERGE).until(() -> lb2.state("web").equals("MASTER") && lb1.state("web").equals("BACKUP"));
    sleep(1000);
    List<String> during = client.since(mark);
    assertThat(during).hasSizeGreaterThan(10);
    // A request in flight at the instant the VIP moves can be reset (its flow lived on the old
    // master); no new connection may fail.
    assertThat(Timeline.failedConnects(during)).as(String.join("\n", during)).isZero();
    assertThat(Timeline.failures(during)).as(String.join("\n", during)).isLessThanOrEqualTo(3);
  }

  @Test
  @Order(8)
  void whenTheMasterIsCutOffTheBackupTakesOver() {
    // lb2 is master after the handover; lb1 does not preempt back until lb2 goes away.
    int cut = client.mark();
    lab.plug("lb2", false);
    try {
      await().atMost(CONVERGE).until(() -> lb1.state("web").equals("MASTER"));
      sleep(300);
      int mark = client.mark();
      sleep(500);
      List<String> outage = client.since(cut).subList(0, mark - cut);
      assertThat(Timeline.failures(outage)).as("takeover should be quick").isLessThan(40); // 10 ms apart: < 0.4 s dark
      assertThat(Timeline.failures(client.since(mark))).as(String.join("\n", client.since(mark))).isZero();
      assertThat(metrics("192.0.2.11")).contains("tandem_vrrp_state{vrrp_instance=\"web\"} 2");
    } finally {
      lab.plug("lb2", true);
    }
    // Cut off, lb2 saw both real servers time out and lost its quorum (priority 100 - 100). The day
    // goes on only once it is a healthy backup again: the next step stops lb1 and hands over to it.
    await().atMost(CONVERGE).until(() -> lb2.state("web").equals("BACKUP") && healthyBackup(lb2));
  }

  @Test
  @Order(9)
  void metricsPassPromtoolAndStatusJsonReflectsTheDay() throws Exception {
    String text = metrics("192.0.2.11");
    Path file = Files.createTempFile("tandem-metrics", ".prom");
    Files.writeString(file, text);
    Sh.Result check = Sh.exec(List.of("sh", "-c", "promtool check metrics < " + file));
    assertThat(check.exit()).as(check.out()).isZero();
    assertThat(text).contains("tandem_vrrp_transitions_total{vrrp_instance=\"web\",from=\"BACKUP\",to=\"MASTER\"");
    assertThat(text).contains("tandem_real_server_transitions_total{service=\"web\",to=\"down\"} 1");
    TandemNode.CliResult json = lb1.cli("status", "--json");
    assertThat(json.out()).contains("\"state\" : \"MASTER\"").contains("192.0.2.101:8080");
  }

  @Test
  @Order(10)
  void sigtermHandsOverAndExitsZero() {
    assertThat(healthyBackup(lb2)).as("lb2 must be a healthy backup before lb1 stops").isTrue();
    int mark = client.mark();
    assertThat(lb1.stop(Duration.ofSeconds(15))).isZero();
    await().atMost(CONVERGE).until(() -> lb2.state("web").equals("MASTER"));
    assertThat(addresses(lb1Ns)).doesNotContain("192.0.2.10/");
    sleep(300);
    List<String> since = client.since(mark);
    assertThat(Timeline.failedConnects(since)).as(String.join("\n", since)).isZero();
    assertThat(Timeline.failures(since)).as(String.join("\n", since)).isLessThanOrEqualTo(3);
  }

  @Test
  @Order(11)
  void afterACrashTheLeftoverVipIsRemovedBeforeJoining() {
    // lb2 is master now; SIGKILL leaves its VIP configured, as a crash would.
    String lb2Ns = lab.netns().prefix() + "lb2";
    lb2.kill();
    assertThat(addresses(lb2Ns)).contains("192.0.2.10/24");
    lb2 = TandemNode.start(lab.netns(), lb2Ns, "lb2", lab.tempDir("lb2-again"), "metrics.listen = \"192.0.2.12:9595\"",
        director(100, 1));
    assertThat(lb2.logText()).contains("removed leftover VIP 192.0.2.10/24");
    // Alone on the segment, it then takes over through the normal path: Backup first.
    await().atMost(CONVERGE).until(() -> lb2.state("web").equals("MASTER"));
    assertThat(instance(lb2).lastTransition()).isEqualTo("BACKUP -> MASTER");
  }

  @Test
  @Order(12)
  void aMissingInterfaceIsWaitedForNotFatal() {
    String lb3Ns = lab.netns().ns("lb3");
    TandemNode lb3 = TandemNode.start(lab.netns(), lb3Ns, "lb3", lab.tempDir("lb3"), "", director(90, 1));
    try {
      assertThat(lb3.state("web")).isEqualTo("WAITING");
      lab.netns().veth(lb3Ns, "eth0", lab.netns().prefix() + "sw", "lb3");
      lab.netns().exec(lab.netns().prefix() + "sw", "ip", "link", "set", "lb3", "master", "br0");
      lab.netns().exec(lb3Ns, "ip", "addr", "add", "192.0.2.13/24", "dev", "eth0");
      await().atMost(CONVERGE).until(() -> lb3.state("web").equals("BACKUP")
          && lb3.status().instances().get(0).masterAddress().equals("192.0.2.12"));
    } finally {
      assertThat(lb3.stop(Duration.ofSeconds(15))).isZero();
    }
  }

  private String addresses(String ns) {
    return lab.netns().exec(ns, "ip", "-o", "addr", "show", "dev", "eth0");
  }

  private String metrics(String director) {
    return lab.netns().exec(cliNs, "curl", "-sf", "http://" + director + ":9595/metrics");
  }

  /** Full priority and every real server up: what a backup needs to take traffic without loss. */
  private static boolean healthyBackup(TandemNode n) {
    StatusView.InstanceView i = instance(n);
    return i.effectivePriority() == i.basePriority()
        && n.status().services().get(0).servers().stream().allMatch(StatusView.ServerView::up);
  }

  private static StatusView.InstanceView instance(TandemNode n) {
    return n.status().instances().get(0);
  }

  private static StatusView.ServerView server(TandemNode n, String address) {
    return n.status().services().get(0).servers().stream().filter(s -> s.address().equals(address)).findFirst()
        .orElseThrow();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
