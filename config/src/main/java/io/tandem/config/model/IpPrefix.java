package io.tandem.config.model;

import java.net.Inet6Address;
import java.net.InetAddress;

/** An address with its prefix length, written {@code 192.0.2.10/24}; without a length, /32 or /128. */
public record IpPrefix(InetAddress address, int prefixLength) {
  public boolean isIpv6() {
    return address instanceof Inet6Address;
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefixLength;
  }
}
