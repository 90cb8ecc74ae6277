package io.tandem.vrrp.fsm;

/** The states of a virtual router instance (RFC 5798 §6.4, plus keepalived's FAULT). */
public enum VrrpState {
  /**
   * Not running: before {@code Startup} and after {@code Shutdown} (RFC 5798 §6.4.1). Holds no
   * VIPs, except during the bounded release phase after a graceful shutdown (see {@link
   * VrrpSnapshot#releasing()}). Waits for a Startup event.
   */
  INITIALIZE,
  /**
   * Monitoring the master (RFC 5798 §6.4.2): entered at startup (non-owners), when a higher-priority
   * master is heard, or when a fault clears. Holds no VIPs; the Master_Down timer runs and becomes
   * MASTER when it expires without an acceptable advert.
   */
  BACKUP,
  /**
   * Forwarding for the VIPs (RFC 5798 §6.4.3): entered when the Master_Down timer expires, at
   * startup for the address owner (priority 255), after preempt delay, or following a sync group.
   * Holds the VIPs, sends an advert every Advertisement_Interval, and yields to a higher-priority
   * master.
   */
  MASTER,
  /**
   * Unable to serve (keepalived's FAULT): the VRRP interface is down, a track with weight 0 failed,
   * or a member of the sync group is in FAULT. Holds no VIPs and sends nothing; leaves like a
   * startup once every fault clears.
   */
  FAULT
}
