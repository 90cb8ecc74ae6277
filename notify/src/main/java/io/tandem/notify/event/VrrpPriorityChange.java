package io.tandem.notify.event;

import java.util.Objects;

/**
 * A VRRP instance's effective priority changed without a state change (tracked interface, script
 * or weight). keepalived reports this on the FIFO only (vrrp/vrrp_notify.c
 * send_instance_priority_notifies(): MASTER_PRIORITY when master, else BACKUP_PRIORITY); Tandem
 * also sends it to webhooks, and runs no script for it.
 */
public record VrrpPriorityChange(String instance, VrrpState state, int priority) implements NotifyEvent {
  public VrrpPriorityChange {
    NotifyEvent.requireName("VRRP instance", instance);
    Objects.requireNonNull(state, "state");
    if (priority < 0 || priority > 255) {
      throw new IllegalArgumentException("instance " + instance + ": priority " + priority + " outside 0-255");
    }
  }

  @Override
  public EventKind kind() {
    return EventKind.VRRP_PRIORITY;
  }

  /** Same key as the instance's transitions, so both stay in one order. */
  @Override
  public String orderingKey() {
    return "instance:" + instance;
  }

  /** keepalived's word: MASTER_PRIORITY for a master, BACKUP_PRIORITY otherwise. */
  public String keepalivedEventName() {
    return state == VrrpState.MASTER ? "MASTER_PRIORITY" : "BACKUP_PRIORITY";
  }

  @Override
  public String newStateName() {
    return state.keepalivedName();
  }

  @Override
  public String oldStateName() {
    return state.keepalivedName();
  }

  @Override
  public String summary() {
    return "VRRP instance " + instance + " priority now " + priority + " (" + state + ")";
  }
}
