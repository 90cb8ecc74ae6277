package io.tandem.notify.event;

/** What kind of object changed state; {@link #wireName()} is the webhook's and scripts' spelling. */
public enum EventKind {
  VRRP_INSTANCE("vrrp_instance"),
  VRRP_PRIORITY("vrrp_priority"),
  VRRP_GROUP("vrrp_group"),
  REAL_SERVER("real_server"),
  VIRTUAL_SERVICE("virtual_service");

  private final String wireName;

  EventKind(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the webhook's {@code event} field and of {@code TANDEM_EVENT}. */
  public String wireName() {
    return wireName;
  }
}
