package io.tandem.notify.event;

import java.util.Objects;

/** A VRRP sync group entered {@code to} from {@code from}. Groups have no priority (keepalived reports 0). */
public record SyncGroupTransition(String group, VrrpState from, VrrpState to) implements NotifyEvent {
  public SyncGroupTransition {
    NotifyEvent.requireName("sync group", group);
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to == VrrpState.INIT) {
      throw new IllegalArgumentException("sync group " + group + ": INIT is never a notified new state");
    }
  }

  @Override
  public EventKind kind() {
    return EventKind.VRRP_GROUP;
  }

  @Override
  public String orderingKey() {
    return "group:" + group;
  }

  @Override
  public String newStateName() {
    return to.keepalivedName();
  }

  @Override
  public String oldStateName() {
    return from.keepalivedName();
  }

  @Override
  public String summary() {
    return "VRRP sync group " + group + " " + from + " -> " + to;
  }
}
