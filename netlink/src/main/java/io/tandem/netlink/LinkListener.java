package io.tandem.netlink;

/**
 * Receives {@link LinkMonitor} events, on the monitor's own thread: implementations must be quick
 * and hand work to their own executor. A listener that throws is logged; the monitor carries on.
 */
public interface LinkListener {
  /**
   * A link's usability ({@link LinkInfo#usable()}: admin up and running) changed, or a link
   * appeared. Link-down here is what puts a VRRP instance into Fault.
   */
  default void linkChanged(LinkInfo link) {}

  /** A link was deleted. */
  default void linkRemoved(LinkInfo link) {}

  default void addressAdded(InterfaceAddress address) {}

  /** An address was removed, by us or behind our back (e.g. "ip addr del" of a VIP). */
  default void addressRemoved(InterfaceAddress address) {}

  /**
   * The kernel dropped notifications (ENOBUFS): address events may have been missed, so the
   * listener should re-read the addresses it cares about. Link state is re-read by the monitor
   * itself and any change is reported through {@link #linkChanged}.
   */
  default void eventsLost() {}
}
