package io.tandem.sync.model;

import java.util.Objects;

/**
 * A real server ("destination" in IPVS terms) as it stands in a forwarding table. Weight 0 keeps
 * established connections but takes no new ones.
 */
public record DestSpec(RealServerAddress address, int weight, ForwardingMethod method) {
  /** IPVS stores weights as a signed 32-bit int but keepalived and ipvsadm cap them at 65535. */
  public static final int MAX_WEIGHT = 65535;

  public DestSpec {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(method, "method");
    if (weight < 0 || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException(address + ": weight out of range 0.." + MAX_WEIGHT + ": " + weight);
    }
  }

  public DestSpec withWeight(int newWeight) {
    return new DestSpec(address, newWeight, method);
  }
}
