package io.tandem.checkers.spec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a network probe connects: the real server's address, the port to probe (the real server's
 * port, or keepalived's {@code connect_port} when the check uses another one) and an optional local
 * address to bind ({@code bindto}).
 */
public record NetTarget(InetAddress address, int port, Optional<InetAddress> source) {
  public NetTarget {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(source, "source");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }
    source.ifPresent(s -> {
      if (s.getClass() != address.getClass()) {
        throw new IllegalArgumentException("source " + s.getHostAddress() + " and target "
            + address.getHostAddress() + " are of different address families");
      }
    });
  }

  public static NetTarget of(InetAddress address, int port) {
    return new NetTarget(address, port, Optional.empty());
  }

  /** The real server at {@code realServerPort}, probed on {@code portOverride} when that is present. */
  public static NetTarget of(InetAddress address, int realServerPort, Optional<Integer> portOverride) {
    return new NetTarget(address, portOverride.orElse(realServerPort), Optional.empty());
  }

  public NetTarget withSource(InetAddress bind) {
    return new NetTarget(address, port, Optional.of(bind));
  }

  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(address, port);
  }

  @Override
  public String toString() {
    String host = address.getHostAddress();
    String hostPart = host.contains(":") ? "[" + host + "]" : host;
    return hostPart + ":" + port + source.map(s -> " from " + s.getHostAddress()).orElse("");
  }
}
