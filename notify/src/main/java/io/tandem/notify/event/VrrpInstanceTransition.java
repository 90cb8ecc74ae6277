package io.tandem.notify.event;

import java.util.Objects;

/**
 * A VRRP instance entered {@code to} from {@code from}.
 *
 * @param priority the instance's effective priority at the time of the change (0-255); keepalived
 *     passes {@code vrrp->effective_priority} to the generic script and the FIFO.
 */
public record VrrpInstanceTransition(String instance, VrrpState from, VrrpState to, int priority)
    implements NotifyEvent {
  public VrrpInstanceTransition {
    NotifyEvent.requireName("VRRP instance", instance);
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to == VrrpState.INIT) {
      throw new IllegalArgumentException("instance " + instance + ": INIT is never a notified new state");
    }
    // RFC 5798 section 5.2.4: priority is an 8-bit field.
    if (priority < 0 || priority > 255) {
      throw new IllegalArgumentException("instance " + instance + ": priority " + priority + " outside 0-255");
    }
  }

  @Override
  public EventKind kind() {
    return EventKind.VRRP_INSTANCE;
  }

  @Override
  public String orderingKey() {
    return "instance:" + instance;
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
    return "VRRP instance " + instance + " " + from + " -> " + to + " (priority " + priority + ")";
  }
}
