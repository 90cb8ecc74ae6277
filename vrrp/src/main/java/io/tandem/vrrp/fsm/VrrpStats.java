package io.tandem.vrrp.fsm;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one instance, written on its scheduler thread and readable from any thread (metrics).
 */
public final class VrrpStats {
  private final AtomicLongArray transitions = new AtomicLongArray(VrrpState.values().length * VrrpState.values().length);
  private final AtomicLongArray reasons = new AtomicLongArray(TransitionReason.values().length);
  private final AtomicLongArray rejects = new AtomicLongArray(RejectReason.values().length);

  void countStep(VrrpState from, VrrpState to, TransitionReason reason) {
    reasons.incrementAndGet(reason.ordinal());
    if (from != to) {
      transitions.incrementAndGet(from.ordinal() * VrrpState.values().length + to.ordinal());
    }
  }

  void countReject(RejectReason reason) {
    rejects.incrementAndGet(reason.ordinal());
  }

  /** How many times the instance went from {@code from} to {@code to}. */
  public long transitions(VrrpState from, VrrpState to) {
    return transitions.get(from.ordinal() * VrrpState.values().length + to.ordinal());
  }

  /** All state changes. */
  public long totalTransitions() {
    long n = 0;
    for (int i = 0; i < transitions.length(); i++) {
      n += transitions.get(i);
    }
    return n;
  }

  /** How many steps ended with {@code reason}; {@link TransitionReason#UNEXPECTED_EVENT} counts unexpected events. */
  public long steps(TransitionReason reason) {
    return reasons.get(reason.ordinal());
  }

  public long unexpectedEvents() {
    return steps(TransitionReason.UNEXPECTED_EVENT);
  }

  /** Adverts rejected (or, for ADDRESS_LIST_MISMATCH, logged) per reason. */
  public long rejects(RejectReason reason) {
    return rejects.get(reason.ordinal());
  }

  public Map<RejectReason, Long> rejectsByReason() {
    Map<RejectReason, Long> m = new EnumMap<>(RejectReason.class);
    for (RejectReason r : RejectReason.values()) {
      if (rejects.get(r.ordinal()) > 0) {
        m.put(r, rejects.get(r.ordinal()));
      }
    }
    return m;
  }
}
