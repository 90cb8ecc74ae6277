package io.tandem.sync.model;

import java.util.Locale;
import java.util.Objects;

/** A virtual service matching packets by firewall mark (set by e.g. an nftables rule). */
public record FwmarkServiceKey(int mark, AddressFamily family) implements ServiceKey {
  public FwmarkServiceKey {
    Objects.requireNonNull(family, "family");
    if (mark == 0) {
      throw new IllegalArgumentException("firewall mark 0 means 'no mark' and cannot identify a service");
    }
  }

  @Override
  public String label() {
    return "fwmark/" + family.name().toLowerCase(Locale.ROOT) + "/" + Integer.toUnsignedString(mark);
  }

  @Override
  public String toString() {
    return label();
  }
}
