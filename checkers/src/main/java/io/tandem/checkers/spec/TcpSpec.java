package io.tandem.checkers.spec;

import java.util.Objects;

/** TCP connect: up when the three-way handshake completes (keepalived TCP_CHECK). */
public record TcpSpec(NetTarget target) implements ProbeSpec {
  public TcpSpec {
    Objects.requireNonNull(target, "target");
  }

  @Override
  public String type() {
    return "tcp";
  }

  @Override
  public String describe() {
    return "tcp " + target;
  }
}
