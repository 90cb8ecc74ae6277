package io.tandem.notify.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.notify.event.RealServerChange;
import io.tandem.notify.event.RealServerId;
import io.tandem.notify.event.ServiceProtocol;
import io.tandem.notify.event.SyncGroupTransition;
import io.tandem.notify.event.VirtualServiceId;
import io.tandem.notify.event.VirtualServiceQuorumChange;
import io.tandem.notify.event.VrrpInstanceTransition;
import io.tandem.notify.event.VrrpState;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryPlannerTest {
  private static final Instant AT = Instant.parse("2026-11-23T14:30:00.125Z");
  private static final Path FIFO = Path.of("/run/tandem/notify.fifo");
  private static final ScriptSpec MASTER = ScriptSpec.of("/etc/tandem/master.sh", "--vip", "192.0.2.10");
  private static final ScriptSpec BACKUP = ScriptSpec.of("/etc/tandem/backup.sh");
  private static final ScriptSpec GENERIC = ScriptSpec.of("/etc/tandem/notify.sh", "extra");
  private static final WebhookConfig CHAT = WebhookConfig.of("chat", URI.create("http://127.0.0.1:9/hook"));

  private static NotifyConfig config() {
    VrrpHooks hooks = VrrpHooks.NONE.withMaster(MASTER).withBackup(BACKUP).withGeneric(GENERIC);
    return NotifyConfig.builder("lb1")
        .instance("VI_1", hooks)
        .group("G1", VrrpHooks.NONE.withGeneric(GENERIC).withFault(ScriptSpec.of("/etc/tandem/gfault.sh")))
        .fifo(FIFO)
        .webhook(CHAT)
        .defaultScriptTimeout(Duration.ofSeconds(7))
        .build();
  }

  @Test
  void instanceToMasterRunsMasterScriptThenGenericThenFifoThenWebhook() {
    List<Delivery> ds = DeliveryPlanner.plan(
        new VrrpInstanceTransition("VI_1", VrrpState.BACKUP, VrrpState.MASTER, 150), config(), AT, 42);

    assertEquals(4, ds.size());
    Delivery.Script master = assertInstanceOf(Delivery.Script.class, ds.get(0));
    assertEquals("notify_master", master.hook());
    // Per-state scripts get only their configured argv: vrrp_notify.c send_instance_notifies()
    // calls notify_exec(script) with script->args untouched.
    assertEquals(List.of("/etc/tandem/master.sh", "--vip", "192.0.2.10"), master.argv());
    assertEquals(Duration.ofSeconds(7), master.timeout());

    Delivery.Script generic = assertInstanceOf(Delivery.Script.class, ds.get(1));
    // keepalived 2.2.7 keepalived/vrrp/vrrp_notify.c notify_script_exec(): configured args, then
    // "INSTANCE", vrrp->iname, "MASTER", snprintf("%d", vrrp->effective_priority).
    assertEquals(List.of("/etc/tandem/notify.sh", "extra", "INSTANCE", "VI_1", "MASTER", "150"), generic.argv());

    Delivery.FifoLine fifo = assertInstanceOf(Delivery.FifoLine.class, ds.get(2));
    // vrrp_notify.c notify_fifo(): "%s \"%s\" %s %d\n" with type, name, state, priority.
    assertEquals("INSTANCE \"VI_1\" MASTER 150\n", fifo.line());
    assertEquals(FIFO, fifo.fifo());

    Delivery.Webhook hook = assertInstanceOf(Delivery.Webhook.class, ds.get(3));
    assertEquals("{\"event\":\"vrrp_instance\",\"node\":\"lb1\",\"timestamp\":\"2026-11-23T14:30:00.125Z\","
        + "\"seq\":42,\"instance\":\"VI_1\",\"old_state\":\"BACKUP\",\"new_state\":\"MASTER\",\"priority\":150,"
        + "\"text\":\"lb1: VRRP instance VI_1 BACKUP -> MASTER (priority 150)\"}", hook.jsonBody());
  }

  @Test
  void everyStateIsSpelledAsKeepalivedDoes() {
    // vrrp_notify.c: MASTER, BACKUP, FAULT, STOP.
    Map<VrrpState, String> expected = Map.of(VrrpState.MASTER, "MASTER", VrrpState.BACKUP, "BACKUP",
        VrrpState.FAULT, "FAULT", VrrpState.STOP, "STOP");
    expected.forEach((state, word) -> {
      List<String> argv = KeepalivedFormat.genericScriptArgv(List.of("/s"),
          new VrrpInstanceTransition("VI_1", VrrpState.INIT, state, 0));
      assertEquals(List.of("/s", "INSTANCE", "VI_1", word, "0"), argv);
    });
  }

  @Test
  void groupGenericScriptGetsPriorityZeroAndGroupWord() {
    List<Delivery> ds = DeliveryPlanner.plan(
        new SyncGroupTransition("G1", VrrpState.MASTER, VrrpState.FAULT), config(), AT, 1);
    Delivery.Script fault = assertInstanceOf(Delivery.Script.class, ds.get(0));
    assertEquals(List.of("/etc/tandem/gfault.sh"), fault.argv());
    Delivery.Script generic = assertInstanceOf(Delivery.Script.class, ds.get(1));
    // vrrp_notify.c send_group_notifies(): notify_script_exec(gscript, "GROUP", state, gname, 0).
    assertEquals(List.of("/etc/tandem/notify.sh", "extra", "GROUP", "G1", "FAULT", "0"), generic.argv());
    // notify_group_fifo(): notify_fifo(gname, state, true, 0).
    assertEquals("GROUP \"G1\" FAULT 0\n", ((Delivery.FifoLine) ds.get(2)).line());
    assertTrue(((Delivery.Webhook) ds.get(3)).jsonBody().contains("\"group\":\"G1\",\"old_state\":\"MASTER\",\"new_state\":\"FAULT\",\"text\""));
  }

  @Test
  void realServerAndVirtualServiceLinesFollowKeepalivedCheckerFormat() throws Exception {
    VirtualServiceId vs = VirtualServiceId.ofAddress(InetAddress.getByName("198.51.100.10"), ServiceProtocol.TCP, 80);
    RealServerId rs = new RealServerId(InetAddress.getByName("192.0.2.21"), 8080);
    ScriptSpec up = ScriptSpec.of("/etc/tandem/rs-up.sh", "a b");
    NotifyConfig cfg = NotifyConfig.builder("lb1").fifo(FIFO)
        .realServer(new RealServerKey(vs, rs), UpDownHooks.of(up, null))
        .virtualService(vs, UpDownHooks.of(null, ScriptSpec.of("/etc/tandem/vs-down.sh")))
        .build();

    List<Delivery> rsUp = DeliveryPlanner.plan(new RealServerChange(vs, rs, true), cfg, AT, 3);
    // check/ipwrapper.c do_rs_notifies(): notify_exec(notify_up) with its configured args only.
    assertEquals(List.of("/etc/tandem/rs-up.sh", "a b"), ((Delivery.Script) rsUp.get(0)).argv());
    // check/ipwrapper.c notify_fifo_rs(): "RS %s %s %s\n" with FMT_RS = [addr]:proto:port.
    assertEquals("RS [192.0.2.21]:tcp:8080 [198.51.100.10]:tcp:80 UP\n", ((Delivery.FifoLine) rsUp.get(1)).line());

    List<Delivery> rsDown = DeliveryPlanner.plan(new RealServerChange(vs, rs, false), cfg, AT, 4);
    assertEquals(1, rsDown.size(), "no notify_down configured: only the FIFO line");
    assertEquals("RS [192.0.2.21]:tcp:8080 [198.51.100.10]:tcp:80 DOWN\n", ((Delivery.FifoLine) rsDown.get(0)).line());

    List<Delivery> vsDown = DeliveryPlanner.plan(new VirtualServiceQuorumChange(vs, false), cfg, AT, 5);
    assertEquals("quorum_down", ((Delivery.Script) vsDown.get(0)).hook());
    // check/ipwrapper.c notify_fifo_vs(): "VS %s %s\n".
    assertEquals("VS [198.51.100.10]:tcp:80 DOWN\n", ((Delivery.FifoLine) vsDown.get(1)).line());
  }

  @Test
  void virtualServiceFormatsCoverFwmarkGroupAndIpv6() throws Exception {
    // check/check_data.c format_vs(): "[%s]:%d" for groups, "FWM %u", else inet_sockaddrtotrio().
    assertEquals("FWM 7", VirtualServiceId.ofFwmark(7, ServiceProtocol.TCP).keepalivedFormat());
    assertEquals("[web]:443", VirtualServiceId.ofGroup("web", ServiceProtocol.TCP, 443).keepalivedFormat());
    assertEquals("[2001:db8::10]:udp:53",
        VirtualServiceId.ofAddress(InetAddress.getByName("2001:db8::10"), ServiceProtocol.UDP, 53).keepalivedFormat());
    VirtualServiceId fwm = VirtualServiceId.ofFwmark(7, ServiceProtocol.TCP);
    RealServerId rs = new RealServerId(InetAddress.getByName("2001:db8::21"), 80);
    assertEquals("RS [2001:db8::21]:tcp:80 FWM 7 UP\n", KeepalivedFormat.fifoLine(new RealServerChange(fwm, rs, true)));
  }

  @Test
  void priorityChangeGoesToFifoAndWebhooksButRunsNoScript() {
    List<Delivery> ds = DeliveryPlanner.plan(
        new io.tandem.notify.event.VrrpPriorityChange("VI_1", VrrpState.MASTER, 90), config(), AT, 5);
    assertEquals(2, ds.size());
    // vrrp_notify.c send_instance_priority_notifies(): VRRP_EVENT_MASTER_PRIORITY_CHANGE -> "MASTER_PRIORITY".
    assertEquals("INSTANCE \"VI_1\" MASTER_PRIORITY 90\n", ((Delivery.FifoLine) ds.get(0)).line());
    assertTrue(((Delivery.Webhook) ds.get(1)).jsonBody().contains("\"event\":\"vrrp_priority\""));
    assertEquals("INSTANCE \"VI_1\" BACKUP_PRIORITY 80\n", KeepalivedFormat.fifoLine(
        new io.tandem.notify.event.VrrpPriorityChange("VI_1", VrrpState.BACKUP, 80)));
  }

  @Test
  void instanceFifoAndWebhooksComeOnTopOfTheGlobalOnes() {
    Path own = Path.of("/run/tandem/vi2.fifo");
    WebhookConfig pager = WebhookConfig.of("pager", URI.create("https://pager.example/hook"));
    NotifyConfig cfg = NotifyConfig.builder("lb1").fifo(FIFO).webhook(CHAT)
        .instance("VI_2", VrrpHooks.NONE.withFifo(own).withWebhook(pager).withWebhook(CHAT))
        .instance("VI_3", VrrpHooks.NONE.withFifo(FIFO))
        .build();
    List<Delivery> ds = DeliveryPlanner.plan(
        new VrrpInstanceTransition("VI_2", VrrpState.BACKUP, VrrpState.MASTER, 100), cfg, AT, 1);
    assertEquals(List.of(FIFO, own), ds.stream().filter(d -> d instanceof Delivery.FifoLine)
        .map(d -> ((Delivery.FifoLine) d).fifo()).toList());
    assertEquals(List.of("chat", "pager"), ds.stream().filter(d -> d instanceof Delivery.Webhook)
        .map(d -> ((Delivery.Webhook) d).hook().name()).toList(), "each endpoint once");
    List<Delivery> same = DeliveryPlanner.plan(
        new VrrpInstanceTransition("VI_3", VrrpState.BACKUP, VrrpState.MASTER, 100), cfg, AT, 2);
    assertEquals(1, same.stream().filter(d -> d instanceof Delivery.FifoLine).count(), "same FIFO written once");
    assertThrows(IllegalArgumentException.class, () -> NotifyConfig.builder("lb1").webhook(CHAT)
        .instance("VI_1", VrrpHooks.NONE.withWebhook(WebhookConfig.of("chat", URI.create("http://other/")))).build());
  }

  @Test
  void scriptsGetTandemEnvironment() {
    Delivery.Script s = (Delivery.Script) DeliveryPlanner.plan(
        new VrrpInstanceTransition("VI_1", VrrpState.MASTER, VrrpState.BACKUP, 90), config(), AT, 9).get(0);
    assertEquals(Map.of(
        "TANDEM_EVENT", "vrrp_instance",
        "TANDEM_STATE", "BACKUP",
        "TANDEM_OLD_STATE", "MASTER",
        "TANDEM_NODE", "lb1",
        "TANDEM_TIMESTAMP", "2026-11-23T14:30:00.125Z",
        "TANDEM_SEQ", "9",
        "TANDEM_INSTANCE", "VI_1",
        "TANDEM_PRIORITY", "90"), s.env());
  }

  @Test
  void unconfiguredInstanceGetsOnlyFifoAndWebhooks() {
    List<Delivery> ds = DeliveryPlanner.plan(
        new VrrpInstanceTransition("other", VrrpState.BACKUP, VrrpState.MASTER, 100), config(), AT, 1);
    assertEquals(List.of(Delivery.FifoLine.class, Delivery.Webhook.class), ds.stream().map(Object::getClass).toList());
  }

  @Test
  void webhookTextIsEscaped() {
    String body = DeliveryPlanner.webhookBody(
        new VrrpInstanceTransition("a\\b", VrrpState.INIT, VrrpState.BACKUP, 1), "node\t1", AT, 1);
    assertTrue(body.contains("\"instance\":\"a\\\\b\""), body);
    assertTrue(body.contains("\"node\":\"node\\t1\""), body);
  }

  @Test
  void badValuesAreRefusedClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new VrrpInstanceTransition("VI\n1", VrrpState.BACKUP, VrrpState.MASTER, 100));
    assertTrue(e.getMessage().contains("control character"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new VrrpInstanceTransition("VI_1", VrrpState.BACKUP, VrrpState.MASTER, 256));
    assertThrows(IllegalArgumentException.class,
        () -> new VrrpInstanceTransition("VI_1", VrrpState.BACKUP, VrrpState.INIT, 100));
    assertThrows(IllegalArgumentException.class, () -> ScriptSpec.of("/x", "nul\0byte"));
    assertThrows(IllegalArgumentException.class, () -> WebhookConfig.of("w", URI.create("file:///etc/passwd")));
    assertThrows(IllegalArgumentException.class,
        () -> NotifyConfig.builder("lb1").maxPending(0, 10).build());
  }

  @Test
  void retryPolicyBacksOffExponentiallyWithCapAndJitter() {
    RetryPolicy p = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(250), 2.0, 0.5);
    assertEquals(Duration.ofMillis(100), p.delayAfter(1, 0.0).orElseThrow());
    assertEquals(Duration.ofMillis(200), p.delayAfter(2, 0.0).orElseThrow());
    assertEquals(Duration.ofMillis(250), p.delayAfter(3, 0.0).orElseThrow(), "capped");
    assertEquals(Duration.ofMillis(125), p.delayAfter(1, 0.5).orElseThrow(), "jitter stretches by 0.5 * 0.5");
    assertTrue(p.delayAfter(4, 0.0).isEmpty(), "four attempts made: give up");
  }
}
