package io.tandem.sync.model;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/** A virtual service addressed by VIP, port and transport protocol. */
public record VipServiceKey(InetAddress vip, int port, Protocol protocol) implements ServiceKey {
  public VipServiceKey {
    Objects.requireNonNull(vip, "vip");
    Objects.requireNonNull(protocol, "protocol");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("virtual service port out of range 0..65535: " + port);
    }
  }

  @Override
  public AddressFamily family() {
    return AddressFamily.of(vip);
  }

  @Override
  public String label() {
    return protocol.lowerName() + "/" + hostPort(vip, port);
  }

  @Override
  public String toString() {
    return label();
  }

  static String hostPort(InetAddress address, int port) {
    String host = address.getHostAddress();
    return address instanceof Inet6Address ? "[" + host + "]:" + port : host + ":" + port;
  }
}
