package io.tandem.sync.model;

import java.util.Objects;

/** A configured real server: its address, configured weight and forwarding method. */
public record RealServerConfig(RealServerAddress address, int weight, ForwardingMethod method) {
  public RealServerConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(method, "method");
    if (weight < 0 || weight > DestSpec.MAX_WEIGHT) {
      throw new IllegalArgumentException(address + ": weight out of range 0.." + DestSpec.MAX_WEIGHT + ": " + weight);
    }
  }
}
