package io.tandem.notify.dispatch;

import io.tandem.notify.plan.DeliveryKind;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters for the daemon's metrics: deliveries by kind and result, and current queue depth. */
public final class NotifyCounters {
  private final Map<DeliveryKind, Map<DeliveryResult, LongAdder>> deliveries = new EnumMap<>(DeliveryKind.class);
  final AtomicInteger queued = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final LongAdder published = new LongAdder();

  NotifyCounters() {
    for (DeliveryKind k : DeliveryKind.values()) {
      Map<DeliveryResult, LongAdder> byResult = new EnumMap<>(DeliveryResult.class);
      for (DeliveryResult r : DeliveryResult.values()) {
        byResult.put(r, new LongAdder());
      }
      deliveries.put(k, byResult);
    }
  }

  void count(DeliveryKind kind, DeliveryResult result) {
    deliveries.get(kind).get(result).increment();
  }

  /** Deliveries of {@code kind} that ended with {@code result} since start. */
  public long deliveries(DeliveryKind kind, DeliveryResult result) {
    return deliveries.get(kind).get(result).sum();
  }

  /** Deliveries queued and not yet started (retry waits not included). */
  public int queueDepth() {
    return queued.get();
  }

  /** Deliveries being carried out right now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Events published since start. */
  public long published() {
    return published.sum();
  }

  /** All non-zero counters as {@code kind.result -> count}, e.g. for a status page. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new LinkedHashMap<>();
    deliveries.forEach((k, m) -> m.forEach((r, n) -> {
      long v = n.sum();
      if (v != 0) {
        out.put(k.name().toLowerCase() + "." + r.name().toLowerCase(), v);
      }
    }));
    return out;
  }
}
