package io.tandem.sync.model;

import java.util.Comparator;

/**
 * What identifies a virtual service in a forwarding table: a VIP:port/protocol triple or a
 * firewall mark. Two services with the same key are the same service.
 */
public sealed interface ServiceKey extends Comparable<ServiceKey> permits VipServiceKey, FwmarkServiceKey {
  AddressFamily family();

  /** A stable, human-readable form, e.g. {@code tcp/192.0.2.10:80} or {@code fwmark/inet/7}. */
  String label();

  Comparator<ServiceKey> ORDER = Comparator.comparing(ServiceKey::label);

  @Override
  default int compareTo(ServiceKey other) {
    return ORDER.compare(this, other);
  }
}
