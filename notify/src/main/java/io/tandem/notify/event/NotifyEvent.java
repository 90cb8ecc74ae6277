package io.tandem.notify.event;

/**
 * One state change to notify about. Deliveries of events with the same {@link #orderingKey()} are
 * made in publish order; events with different keys are independent of each other.
 */
public sealed interface NotifyEvent
    permits VrrpInstanceTransition, VrrpPriorityChange, SyncGroupTransition, RealServerChange, VirtualServiceQuorumChange {

  EventKind kind();

  /** Events with equal keys concern the same object, so their deliveries must stay in order. */
  String orderingKey();

  /** The new state as scripts and webhooks spell it (MASTER, BACKUP, ..., UP, DOWN). */
  String newStateName();

  /** The previous state, same spelling. */
  String oldStateName();

  /** A one-line human summary, e.g. for chat tools: {@code VRRP instance VI_1 BACKUP -> MASTER}. */
  String summary();

  /** Names from config end up in FIFO lines and argv: refuse characters that would break a line. */
  static String requireName(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(what + " name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '"') {
        throw new IllegalArgumentException(
            what + " name " + name.replaceAll("\\p{Cntrl}", "?") + " contains a control character or quote");
      }
    }
    return name;
  }
}
