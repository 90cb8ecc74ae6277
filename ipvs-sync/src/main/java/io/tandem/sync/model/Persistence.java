package io.tandem.sync.model;

/**
 * Client persistence ("sticky" connections): connections from the same client network go to the
 * same real server for {@code timeoutSeconds}. {@code prefixLength} is the client network's prefix
 * (IPVS's netmask; 32 or 128 = per client address). {@link #NONE} means no persistence.
 */
public record Persistence(int timeoutSeconds, int prefixLength) {
  public static final Persistence NONE = new Persistence(0, 0);

  public Persistence {
    if (timeoutSeconds < 0) {
      throw new IllegalArgumentException("persistence timeout must be >= 0 s: " + timeoutSeconds);
    }
    if (prefixLength < 0 || prefixLength > 128) {
      throw new IllegalArgumentException("persistence netmask prefix out of range 0..128: " + prefixLength);
    }
    if (timeoutSeconds == 0 && prefixLength != 0) {
      // No persistence: the netmask is meaningless; normalise so equal services compare equal.
      prefixLength = 0;
    }
  }

  public static Persistence of(int timeoutSeconds, int prefixLength) {
    return timeoutSeconds == 0 ? NONE : new Persistence(timeoutSeconds, prefixLength);
  }

  public boolean enabled() {
    return timeoutSeconds > 0;
  }
}
