package io.tandem.notify.event;

/**
 * VRRP states as notify reports them. The names are keepalived's spelling (vrrp/vrrp_notify.c in
 * keepalived 2.2.7), because existing notify scripts compare against these exact strings.
 */
public enum VrrpState {
  /** Before the first transition; only ever an old state, never a notified new state. */
  INIT,
  /** Listening for the master's adverts; not owning the virtual addresses. */
  BACKUP,
  /** Owning the virtual addresses and sending adverts. */
  MASTER,
  /** A tracked interface, script or address is down; the instance will not become master. */
  FAULT,
  /** The instance is being shut down (daemon stop or instance removed at reload). */
  STOP;

  /** The word keepalived writes for this state in script arguments and FIFO lines. */
  public String keepalivedName() {
    return name();
  }
}
