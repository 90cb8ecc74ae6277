package io.tandem.config.model;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** An IP address and port, written {@code 192.0.2.1:80} or {@code [2001:db8::1]:80}. */
public record HostPort(InetAddress address, int port) {
  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(address, port);
  }

  @Override
  public String toString() {
    String host = address.getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
