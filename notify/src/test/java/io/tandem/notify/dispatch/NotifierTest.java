package io.tandem.notify.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.notify.event.VrrpInstanceTransition;
import io.tandem.notify.event.VrrpState;
import io.tandem.notify.plan.DeliveryKind;
import io.tandem.notify.plan.NotifyConfig;
import io.tandem.notify.plan.RetryPolicy;
import io.tandem.notify.plan.ScriptSpec;
import io.tandem.notify.plan.VrrpHooks;
import io.tandem.notify.plan.WebhookConfig;
import io.tandem.testkit.FakeScheduler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotifierTest {
  private static final Clock WALL = Clock.fixed(Instant.parse("2026-11-23T14:00:00Z"), ZoneOffset.UTC);
  // Distinctive back-off values, so the test can tell which wait the scheduler holds.
  private static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofMillis(7), Duration.ofMillis(50), 3.0, 0.2);
  private static final double JITTER = 0.5; // stretches each wait by 0.2 * 0.5 = 10 %

  private final FakeScheduler scheduler = new FakeScheduler();
  private final ManualExecutor workers = new ManualExecutor();
  private final RecordingSinks sinks = new RecordingSinks();

  private NotifyConfig.Builder base() {
    return NotifyConfig.builder("lb1")
        .instance("VI_1", VrrpHooks.NONE.withGeneric(ScriptSpec.of("/notify.sh")))
        .instance("VI_2", VrrpHooks.NONE.withGeneric(ScriptSpec.of("/notify.sh")))
        .webhookRetry(RETRY);
  }

  private Notifier notifier(NotifyConfig cfg) {
    return new Notifier(cfg, sinks, sinks, sinks, scheduler, workers, WALL, () -> JITTER);
  }

  private static VrrpInstanceTransition flap(String instance, int i) {
    return i % 2 == 0
        ? new VrrpInstanceTransition(instance, VrrpState.BACKUP, VrrpState.MASTER, 100 + i % 100)
        : new VrrpInstanceTransition(instance, VrrpState.MASTER, VrrpState.BACKUP, 100 + i % 100);
  }

  @AfterEach
  void nothingLeftBehind() {
    scheduler.assertNothingPending();
    assertEquals(0, workers.pending());
  }

  @Test
  void rapidFlapsAreDeliveredInPublishOrderPerInstance() {
    Notifier n = notifier(base().build());
    List<List<String>> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      VrrpInstanceTransition t = flap("VI_1", i);
      n.publish(t);
      expected.add(List.of("/notify.sh", "INSTANCE", "VI_1", t.to().name(), Integer.toString(t.priority())));
      if (i % 7 == 0) {
        workers.runAll(); // interleave delivery with publishing
      }
    }
    workers.runAll();
    assertEquals(expected, sinks.scripts);
    assertEquals(100, n.counters().deliveries(DeliveryKind.SCRIPT, DeliveryResult.OK));
    assertEquals(0, n.counters().queueDepth());
  }

  @Test
  void coalescingKeepsOnlyTheLatestPendingStatePerInstance() {
    Notifier n = notifier(base().coalesce(true).build());
    for (int i = 0; i < 10; i++) {
      n.publish(flap("VI_1", i));
      n.publish(flap("VI_2", i));
    }
    workers.runAll();
    assertEquals(List.of(
        List.of("/notify.sh", "INSTANCE", "VI_1", "BACKUP", "109"),
        List.of("/notify.sh", "INSTANCE", "VI_2", "BACKUP", "109")), sinks.scripts);
    assertEquals(18, n.counters().deliveries(DeliveryKind.SCRIPT, DeliveryResult.COALESCED));
  }

  @Test
  void coalescingKeepsBothScriptsOfTheLatestEvent() {
    Notifier n = notifier(NotifyConfig.builder("lb1")
        .instance("VI_1", VrrpHooks.NONE.withMaster(ScriptSpec.of("/master.sh")).withGeneric(ScriptSpec.of("/notify.sh")))
        .coalesce(true).build());
    n.publish(flap("VI_1", 0));
    n.publish(flap("VI_1", 1));
    n.publish(flap("VI_1", 2));
    workers.runAll();
    assertEquals(List.of(List.of("/master.sh"), List.of("/notify.sh", "INSTANCE", "VI_1", "MASTER", "102")),
        sinks.scripts);
  }

  @Test
  void coalescingNeverTouchesTheFifoLane() {
    Notifier n = notifier(base().coalesce(true).fifo(Path.of("/tmp/never-opened")).build());
    for (int i = 0; i < 4; i++) {
      n.publish(flap("VI_1", i));
    }
    workers.runAll();
    assertEquals(List.of("INSTANCE \"VI_1\" MASTER 100\n", "INSTANCE \"VI_1\" BACKUP 101\n",
        "INSTANCE \"VI_1\" MASTER 102\n", "INSTANCE \"VI_1\" BACKUP 103\n"), sinks.fifoLines);
  }

  @Test
  void fullLaneDropsItsOldestQueuedDelivery() {
    Notifier n = notifier(base().maxPending(3, 100).build());
    for (int i = 0; i < 5; i++) {
      n.publish(flap("VI_1", i));
    }
    assertEquals(3, n.counters().queueDepth());
    workers.runAll();
    assertEquals(List.of("102", "103", "104"), sinks.scripts.stream().map(a -> a.get(4)).toList());
    assertEquals(2, n.counters().deliveries(DeliveryKind.SCRIPT, DeliveryResult.DROPPED));
    assertEquals(1, scheduler.pendingCount(), "one drop summary is logged later, off the caller's thread");
    scheduler.advance(Duration.ofSeconds(1));
  }

  @Test
  void fullNotifierDropsTheNewDelivery() {
    Notifier n = notifier(base().maxPending(2, 2).build());
    n.publish(flap("VI_1", 0));
    n.publish(flap("VI_2", 0));
    n.publish(flap("VI_2", 1));
    workers.runAll();
    assertEquals(2, sinks.scripts.size());
    assertEquals(1, n.counters().deliveries(DeliveryKind.SCRIPT, DeliveryResult.DROPPED));
    scheduler.advance(Duration.ofSeconds(1));
  }

  @Test
  void failedWebhookIsRetriedAfterBackoffAndLaterEventsWait() {
    Notifier n = notifier(NotifyConfig.builder("lb1").webhook(hook()).webhookRetry(RETRY).build());
    sinks.webhookAnswers.addAll(List.of(-1, 503)); // refused, then a server error, then 200
    n.publish(flap("VI_1", 0));
    n.publish(flap("VI_1", 1));
    workers.runAll();
    assertEquals(1, sinks.webhookAttempts.size());
    assertEquals(Duration.ofNanos(7_700_000).toNanos(), scheduler.nextDueNanos(), "7 ms + 10 % jitter");

    scheduler.advance(Duration.ofNanos(7_700_000));
    workers.runAll();
    assertEquals(2, sinks.webhookAttempts.size());
    assertEquals(7_700_000 + 23_100_000, scheduler.nextDueNanos(), "then 21 ms + 10 %");

    scheduler.advance(Duration.ofNanos(23_100_000));
    workers.runAll();
    assertEquals(4, sinks.webhookAttempts.size());
    List<Long> seqs = sinks.webhookAttempts.stream().map(NotifierTest::seqOf).toList();
    assertEquals(List.of(1L, 1L, 1L, 2L), seqs, "event 2 waited for event 1's retries");
    assertEquals(2, n.counters().deliveries(DeliveryKind.WEBHOOK, DeliveryResult.OK));
  }

  @Test
  void webhookGivesUpAfterMaxAttemptsAndMovesOn() {
    Notifier n = notifier(NotifyConfig.builder("lb1").webhook(hook()).webhookRetry(RETRY).build());
    sinks.webhookAnswers.addAll(List.of(500, 500, 500));
    n.publish(flap("VI_1", 0));
    n.publish(flap("VI_1", 1));
    workers.runAll();
    while (scheduler.runNext()) {
      workers.runAll();
    }
    assertEquals(List.of(1L, 1L, 1L, 2L), sinks.webhookAttempts.stream().map(NotifierTest::seqOf).toList());
    assertEquals(1, n.counters().deliveries(DeliveryKind.WEBHOOK, DeliveryResult.FAILED));
    assertEquals(1, n.counters().deliveries(DeliveryKind.WEBHOOK, DeliveryResult.OK));
  }

  @Test
  void clientErrorIsNotRetried() {
    Notifier n = notifier(NotifyConfig.builder("lb1").webhook(hook()).webhookRetry(RETRY).build());
    sinks.webhookAnswers.add(400);
    n.publish(flap("VI_1", 0));
    workers.runAll();
    assertEquals(1, sinks.webhookAttempts.size());
    assertEquals(1, n.counters().deliveries(DeliveryKind.WEBHOOK, DeliveryResult.FAILED));
  }

  @Test
  void withCoalescingANewEventSupersedesAWaitingRetry() {
    Notifier n = notifier(NotifyConfig.builder("lb1").webhook(hook()).webhookRetry(RETRY).coalesce(true).build());
    sinks.webhookAnswers.add(-1);
    n.publish(flap("VI_1", 0));
    workers.runAll();
    n.publish(flap("VI_1", 1));
    workers.runAll();
    assertEquals(List.of(1L, 2L), sinks.webhookAttempts.stream().map(NotifierTest::seqOf).toList());
    assertEquals(1, n.counters().deliveries(DeliveryKind.WEBHOOK, DeliveryResult.COALESCED));
  }

  @Test
  void aStuckScriptLaneDoesNotHoldTheSameInstancesWebhook() {
    Notifier n = notifier(base().webhook(hook()).build());
    n.publish(flap("VI_1", 0));
    assertEquals(2, workers.pending(), "one lane for the script, one for the webhook");
    workers.runOnly(1); // the script lane's worker has not run (think: a hung script)
    assertEquals(1, sinks.webhookAttempts.size());
    assertEquals(0, sinks.scripts.size());
    workers.runAll();
  }

  @Test
  void closeDropsQueuedDeliveriesAndRetriesAndRefusesNewEvents() {
    Notifier n = notifier(base().webhook(hook()).build());
    sinks.webhookAnswers.add(-1);
    n.publish(flap("VI_2", 0));
    workers.runOnly(1); // webhook fails, retry scheduled
    n.publish(flap("VI_1", 0));
    n.close();
    n.publish(flap("VI_1", 1));
    workers.runAll();
    // Nothing queued ran: VI_2's script, VI_1's script and the post-close event are all dropped.
    assertEquals(List.of(), sinks.scripts);
    assertEquals(3, n.counters().deliveries(DeliveryKind.SCRIPT, DeliveryResult.DROPPED));
    // VI_2's waiting retry, VI_1's queued POST and the post-close event.
    assertEquals(3, n.counters().deliveries(DeliveryKind.WEBHOOK, DeliveryResult.DROPPED));
    assertEquals(1, sinks.webhookAttempts.size());
    scheduler.advance(Duration.ofSeconds(1)); // the drop summary
    assertTrue(!scheduler.runNext(), "the retry timer was cancelled");
  }

  private static WebhookConfig hook() {
    return WebhookConfig.of("chat", URI.create("http://127.0.0.1:9/hook"));
  }

  private static long seqOf(String body) {
    int i = body.indexOf("\"seq\":") + 6;
    int j = body.indexOf(',', i);
    return Long.parseLong(body.substring(i, j));
  }
}
