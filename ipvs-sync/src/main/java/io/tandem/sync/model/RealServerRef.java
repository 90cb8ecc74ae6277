package io.tandem.sync.model;

import java.util.Objects;

/** A real server within one virtual service: how checkers and drains name it. */
public record RealServerRef(ServiceKey service, RealServerAddress server) {
  public RealServerRef {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(server, "server");
  }

  @Override
  public String toString() {
    return service + " -> " + server;
  }
}
