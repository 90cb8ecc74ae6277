package io.tandem.sync.model;

import java.util.Objects;

/** The service-level attributes of a virtual service as they stand in a forwarding table. */
public record ServiceSpec(ServiceKey key, SchedulingMethod scheduler, Persistence persistence) {
  public ServiceSpec {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(persistence, "persistence");
    if (persistence.enabled() && persistence.prefixLength() > key.family().addressBits()) {
      throw new IllegalArgumentException(key + ": persistence prefix /" + persistence.prefixLength()
          + " is longer than an " + key.family() + " address");
    }
  }

  public static ServiceSpec of(ServiceKey key, SchedulingMethod scheduler) {
    return new ServiceSpec(key, scheduler, Persistence.NONE);
  }
}
