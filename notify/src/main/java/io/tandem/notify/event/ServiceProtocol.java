package io.tandem.notify.event;

/** A virtual service's L4 protocol, spelled as keepalived's inet_sockaddrtotrio() does (lib/utils.c). */
public enum ServiceProtocol {
  TCP("tcp"),
  UDP("udp"),
  SCTP("sctp"),
  /** No protocol (e.g. a firewall-mark service configured without one). */
  NONE("none");

  private final String keepalivedName;

  ServiceProtocol(String keepalivedName) {
    this.keepalivedName = keepalivedName;
  }

  public String keepalivedName() {
    return keepalivedName;
  }
}
