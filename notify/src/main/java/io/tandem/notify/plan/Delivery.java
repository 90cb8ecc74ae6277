package io.tandem.notify.plan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One thing to do because of one event: run a script, write a FIFO line or POST a webhook.
 * Deliveries with the same {@link #laneKey()} are carried out one at a time, in publish order.
 */
public sealed interface Delivery {
  DeliveryKind kind();

  /**
   * The ordering lane: one per (sink, object). Scripts, webhooks and the FIFO of one instance are
   * separate lanes, so a hung script never delays that instance's webhook alert.
   */
  String laneKey();

  /** Runs {@code argv} (never through a shell) with {@code env} added to the daemon's environment. */
  record Script(String orderingKey, String hook, List<String> argv, Map<String, String> env,
      Duration timeout, Optional<ScriptUser> user) implements Delivery {
    public Script {
      argv = List.copyOf(argv);
      env = Map.copyOf(env);
    }

    @Override
    public DeliveryKind kind() {
      return DeliveryKind.SCRIPT;
    }

    @Override
    public String laneKey() {
      return "script|" + orderingKey;
    }
  }

  /** Writes {@code line} (newline included) to the notify FIFO. All FIFO lines share one lane. */
  record FifoLine(Path fifo, String line) implements Delivery {
    @Override
    public DeliveryKind kind() {
      return DeliveryKind.FIFO;
    }

    @Override
    public String laneKey() {
      return "fifo|" + fifo;
    }
  }

  /** POSTs {@code jsonBody} to {@code hook}. */
  record Webhook(WebhookConfig hook, String orderingKey, String jsonBody) implements Delivery {
    @Override
    public DeliveryKind kind() {
      return DeliveryKind.WEBHOOK;
    }

    @Override
    public String laneKey() {
      return "webhook|" + hook.name() + "|" + orderingKey;
    }
  }
}
