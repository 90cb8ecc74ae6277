package io.tandem.notify.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.notify.NotifyWiring;
import io.tandem.notify.dispatch.DeliveryResult;
import io.tandem.notify.dispatch.Notifier;
import io.tandem.notify.event.RealServerChange;
import io.tandem.notify.event.RealServerId;
import io.tandem.notify.event.ServiceProtocol;
import io.tandem.notify.event.SyncGroupTransition;
import io.tandem.notify.event.VirtualServiceId;
import io.tandem.notify.event.VrrpInstanceTransition;
import io.tandem.notify.event.VrrpState;
import io.tandem.notify.plan.DeliveryKind;
import io.tandem.notify.plan.NotifyConfig;
import io.tandem.notify.plan.RealServerKey;
import io.tandem.notify.plan.ScriptSpec;
import io.tandem.notify.plan.UpDownHooks;
import io.tandem.notify.plan.VrrpHooks;
import io.tandem.testkit.Requirements;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real scripts started by the real runner through the notifier. */
class ScriptDeliveryIT {
  private ScriptDir dir;
  private Notifier notifier;

  @BeforeEach
  void setUp() {
    Requirements.requireCommand("setsid");
    Requirements.requireCommand("kill");
    dir = new ScriptDir();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (notifier != null) {
      notifier.close();
    }
    dir.close();
  }

  /** argv as the script saw it, NUL-separated, exactly like /proc/PID/cmdline. */
  private static byte[] nulJoined(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String a : args) {
      out.writeBytes(a.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return out.toByteArray();
  }

  @Test
  void genericScriptGetsKeepalivedArgvByteForByteWithoutAnyShell() throws Exception {
    Path record = dir.script("record.sh", "printf '%s\\0' \"$0\" \"$@\" > \"$1.$TANDEM_SEQ\"");
    Path master = dir.script("master.sh", "printf '%s\\0' \"$0\" \"$@\" > \"$1.$TANDEM_SEQ.master\"");
    Path rsUp = dir.script("rs-up.sh", "printf '%s\\0' \"$0\" \"$@\" > \"$1.$TANDEM_SEQ\"\n"
        + "env | grep '^TANDEM_' | sort > \"$1.$TANDEM_SEQ.env\"");
    String out = dir.resolve("out").toString();
    // A name a shell would act on: it must arrive as one plain argument.
    String hostileName = "VI_1;touch " + dir.resolve("pwned") + ";$(id)";
    VirtualServiceId vs = VirtualServiceId.ofAddress(InetAddress.getByName("198.51.100.10"), ServiceProtocol.TCP, 80);
    RealServerId rs = new RealServerId(InetAddress.getByName("192.0.2.21"), 8080);
    NotifyConfig cfg = NotifyConfig.builder("lb1")
        .instance(hostileName, VrrpHooks.NONE.withGeneric(ScriptSpec.of(record.toString(), out))
            .withMaster(ScriptSpec.of(master.toString(), out, "two words")))
        .group("G1", VrrpHooks.NONE.withGeneric(ScriptSpec.of(record.toString(), out)))
        .realServer(new RealServerKey(vs, rs), UpDownHooks.of(ScriptSpec.of(rsUp.toString(), out), null))
        .build();
    notifier = NotifyWiring.start(cfg);

    notifier.publish(new VrrpInstanceTransition(hostileName, VrrpState.BACKUP, VrrpState.MASTER, 150)); // seq 1
    notifier.publish(new SyncGroupTransition("G1", VrrpState.MASTER, VrrpState.BACKUP)); // seq 2
    notifier.publish(new RealServerChange(vs, rs, true)); // seq 3
    assertTrue(notifier.awaitIdle(Duration.ofSeconds(20)));

    // keepalived 2.2.7 keepalived/vrrp/vrrp_notify.c notify_script_exec(): the configured args, then
    // "INSTANCE", vrrp->iname, "MASTER" (VRRP_STATE_MAST), "%d" of vrrp->effective_priority.
    assertArrayEquals(nulJoined(record.toString(), out, "INSTANCE", hostileName, "MASTER", "150"),
        Files.readAllBytes(Path.of(out + ".1")));
    // send_instance_notifies(): notify_exec(script) for notify_master, configured args only.
    assertArrayEquals(nulJoined(master.toString(), out, "two words"), Files.readAllBytes(Path.of(out + ".1.master")));
    // send_group_notifies(): notify_script_exec(gscript, "GROUP", state, gname, 0).
    assertArrayEquals(nulJoined(record.toString(), out, "GROUP", "G1", "BACKUP", "0"),
        Files.readAllBytes(Path.of(out + ".2")));
    // check/ipwrapper.c do_rs_notifies(): notify_exec(rs->notify_up), configured args only.
    assertArrayEquals(nulJoined(rsUp.toString(), out), Files.readAllBytes(Path.of(out + ".3")));
    List<String> env = Files.readAllLines(Path.of(out + ".3.env"));
    assertTrue(env.contains("TANDEM_EVENT=real_server"), env.toString());
    assertTrue(env.contains("TANDEM_REAL_SERVER=[192.0.2.21]:tcp:8080"), env.toString());
    assertTrue(env.contains("TANDEM_VIRTUAL_SERVICE=[198.51.100.10]:tcp:80"), env.toString());
    assertTrue(env.contains("TANDEM_STATE=UP") && env.contains("TANDEM_OLD_STATE=DOWN"), env.toString());
    assertTrue(env.contains("TANDEM_NODE=lb1") && env.contains("TANDEM_SEQ=3"), env.toString());
    assertFalse(Files.exists(dir.resolve("pwned")), "no shell interpreted the instance name");
    assertEquals(4, notifier.counters().deliveries(DeliveryKind.SCRIPT, DeliveryResult.OK));
  }

  @Test
  void hundredRapidTransitionsRunInPublishOrder() throws Exception {
    Path log = dir.resolve("order.log");
    Path append = dir.script("append.sh", "printf '%s %s %s\\n' \"$4\" \"$5\" \"$TANDEM_SEQ\" >> \"$1\"");
    notifier = NotifyWiring.start(NotifyConfig.builder("lb1")
        .instance("VI_1", VrrpHooks.NONE.withGeneric(ScriptSpec.of(append.toString(), log.toString())))
        .build());
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      VrrpState to = i % 2 == 0 ? VrrpState.MASTER : VrrpState.BACKUP;
      VrrpState from = i % 2 == 0 ? VrrpState.BACKUP : VrrpState.MASTER;
      notifier.publish(new VrrpInstanceTransition("VI_1", from, to, 100 + i));
      expected.add(to + " " + (100 + i) + " " + (i + 1));
    }
    assertTrue(notifier.awaitIdle(Duration.ofSeconds(60)));
    assertEquals(expected, Files.readAllLines(log));
  }

  @Test
  void hungScriptAndItsChildrenAreKilledAtTimeoutWhilePublishNeverWaits() throws Exception {
    Path pids = dir.resolve("pids");
    Path hang = dir.script("hang.sh",
        // The child is started from a subshell that exits at once, so it is re-parented and no longer
        // a descendant of the script: only killing the process group reaches it.
        "( sleep 3600 & echo $! > \"$1.child\" )\necho $$ > \"$1.self\"\nsleep 3600\necho not-reached >> \"$1.self\"");
    Path log = dir.resolve("fast.log");
    Path append = dir.script("append.sh", "printf '%s %s\\n' \"$3\" \"$4\" >> \"$1\"");
    ScriptSpec fast = ScriptSpec.of(append.toString(), log.toString());
    Duration timeout = Duration.ofMillis(1500);
    notifier = NotifyWiring.start(NotifyConfig.builder("lb1")
        .instance("VI_1", VrrpHooks.NONE.withMaster(ScriptSpec.of(hang.toString(), pids.toString()).withTimeout(timeout))
            .withGeneric(fast))
        .instance("VI_2", VrrpHooks.NONE.withGeneric(fast))
        .build());

    long t0 = System.nanoTime();
    notifier.publish(new VrrpInstanceTransition("VI_1", VrrpState.BACKUP, VrrpState.MASTER, 150));
    Path self = Path.of(pids + ".self");
    Path child = Path.of(pids + ".child");
    while (!(Files.exists(self) && Files.size(self) > 0 && Files.exists(child) && Files.size(child) > 0)) {
      Thread.sleep(5); // polling for the script's own files; no timing claim rests on this
      assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "hang.sh never started");
    }
    long selfPid = Long.parseLong(Files.readString(self).strip());
    long childPid = Long.parseLong(Files.readString(child).strip());
    assertFalse(ScriptDir.processGone(childPid), "the orphaned child runs");
    assertFalse(ProcessHandle.of(selfPid).orElseThrow().descendants().anyMatch(h -> h.pid() == childPid),
        "the child left the script's process tree");

    // While the script hangs: 200 publishes, half of them for the hung instance itself.
    long worstNanos = 0;
    for (int i = 0; i < 200; i++) {
      String instance = i % 2 == 0 ? "VI_2" : "VI_1";
      long s = System.nanoTime();
      notifier.publish(new VrrpInstanceTransition(instance, VrrpState.MASTER, i % 4 < 2 ? VrrpState.FAULT : VrrpState.BACKUP, i));
      worstNanos = Math.max(worstNanos, System.nanoTime() - s);
    }
    assertFalse(ScriptDir.processGone(selfPid), "publishing finished while the script still hung");
    // The bound is loose on purpose (a shared CI machine can preempt or GC for tens of ms); what
    // matters is that it is far below the script's 1.5 s timeout, so no call waited for the script.
    assertTrue(worstNanos < 300_000_000L, "publish took " + worstNanos / 1000 + " us while a script hung");

    assertTrue(notifier.awaitIdle(Duration.ofSeconds(60)));
    long elapsed = System.nanoTime() - t0;
    assertTrue(elapsed >= timeout.toNanos(), "script was killed before its timeout");
    assertTrue(ScriptDir.processGone(selfPid), "script " + selfPid + " still alive after timeout");
    assertTrue(ScriptDir.awaitGone(childPid, 5), "its child " + childPid + " still alive after timeout");
    assertEquals(1, notifier.counters().deliveries(DeliveryKind.SCRIPT, DeliveryResult.TIMEOUT));
    assertEquals(1, Files.readAllLines(self).size(), "the script did not go on after its sleep");

    List<String> lines = Files.readAllLines(log);
    assertEquals(1 + 200, lines.size());
    List<String> vi1 = lines.stream().filter(l -> l.startsWith("VI_1 ")).toList();
    assertEquals("VI_1 MASTER", vi1.get(0), "VI_1's generic script ran after its hung master script, in order");
    for (int k = 1; k < vi1.size(); k++) {
      int i = 2 * k - 1;
      assertEquals("VI_1 " + (i % 4 < 2 ? "FAULT" : "BACKUP"), vi1.get(k));
    }
  }

  @Test
  void closingTheNotifierKillsScriptsStillRunning() throws Exception {
    Path pids = dir.resolve("pids");
    Path hang = dir.script("hang.sh", "( sleep 3600 & echo $! > \"$1.child\" )\necho $$ > \"$1.self\"\nsleep 3600");
    notifier = NotifyWiring.start(NotifyConfig.builder("lb1")
        .instance("VI_1", VrrpHooks.NONE.withStop(ScriptSpec.of(hang.toString(), pids.toString())
            .withTimeout(Duration.ofHours(1))))
        .build());
    notifier.publish(new VrrpInstanceTransition("VI_1", VrrpState.MASTER, VrrpState.STOP, 150));
    Path self = Path.of(pids + ".self");
    Path child = Path.of(pids + ".child");
    long t0 = System.nanoTime();
    while (!(Files.exists(self) && Files.size(self) > 0 && Files.exists(child) && Files.size(child) > 0)) {
      Thread.sleep(5);
      assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "hang.sh never started");
    }
    long selfPid = Long.parseLong(Files.readString(self).strip());
    long childPid = Long.parseLong(Files.readString(child).strip());
    assertFalse(notifier.awaitIdle(Duration.ofMillis(200)), "the STOP script hangs past the shutdown grace");
    notifier.close();
    notifier = null;
    assertTrue(ScriptDir.processGone(selfPid), "script killed by close()");
    // The re-parented child is not ours to wait for: SIGKILL lands asynchronously.
    assertTrue(ScriptDir.awaitGone(childPid, 5), "and its process group with it");
  }

  @Test
  void failureExitCodeAndBoundedOutputAreReported() throws Exception {
    ProcessScriptRunner runner = new ProcessScriptRunner();
    Path fail = dir.script("fail.sh", "echo oops >&2\nexit 3");
    var outcome = runner.run(delivery(List.of(fail.toString()), Duration.ofSeconds(10), java.util.Optional.empty()));
    assertEquals(DeliveryResult.FAILED, outcome.result());
    assertEquals(3, outcome.exitCode());
    assertEquals("oops\n", outcome.output());

    Path chatty = dir.script("chatty.sh", "head -c 100000 /dev/zero | tr '\\0' x");
    var big = runner.run(delivery(List.of(chatty.toString()), Duration.ofSeconds(10), java.util.Optional.empty()));
    assertEquals(DeliveryResult.OK, big.result());
    assertEquals("x".repeat(ProcessScriptRunner.OUTPUT_LIMIT_BYTES) + "...[truncated]", big.output());

    var missing = runner.run(delivery(List.of(dir.resolve("absent.sh").toString()), Duration.ofSeconds(10),
        java.util.Optional.empty()));
    assertEquals(DeliveryResult.FAILED, missing.result());
    assertTrue(missing.output().contains("absent.sh"), missing.output());
  }

  @Test
  void scriptRunsAsTheConfiguredUserWhenRoot() throws Exception {
    Requirements.requireRoot();
    Requirements.requireCommand("setpriv");
    Path who = dir.script("who.sh", "id -u\nid -g");
    var outcome = new ProcessScriptRunner().run(delivery(List.of(who.toString()), Duration.ofSeconds(10),
        java.util.Optional.of(io.tandem.notify.plan.ScriptUser.of("nobody"))));
    assertEquals(DeliveryResult.OK, outcome.result(), outcome.detail() + " " + outcome.output());
    String uid = io.tandem.testkit.Sh.run("id", "-u", "nobody").strip();
    String gid = io.tandem.testkit.Sh.run("id", "-g", "nobody").strip();
    assertEquals(uid + "\n" + gid + "\n", outcome.output());
  }

  private static io.tandem.notify.plan.Delivery.Script delivery(List<String> argv, Duration timeout,
      java.util.Optional<io.tandem.notify.plan.ScriptUser> user) {
    return new io.tandem.notify.plan.Delivery.Script("test", "notify", argv, java.util.Map.of(), timeout, user);
  }
}
