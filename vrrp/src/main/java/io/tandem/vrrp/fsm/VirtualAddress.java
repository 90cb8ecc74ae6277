package io.tandem.vrrp.fsm;

import java.net.InetAddress;
import java.util.Objects;

/** A virtual IP with its prefix length, e.g. 192.0.2.10/24. */
public record VirtualAddress(InetAddress address, int prefixLength) {
  public VirtualAddress {
    Objects.requireNonNull(address, "address");
    int max = address.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > max) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0.." + max + " for " + address.getHostAddress());
    }
  }

  /** Parses "192.0.2.10/24" or "2001:db8::1/64"; without a prefix the host length (/32, /128). */
  public static VirtualAddress parse(String text) {
    int slash = text.indexOf('/');
    String host = slash < 0 ? text : text.substring(0, slash);
    // Only literals reach InetAddress.getByName, so it never does a DNS lookup: a dotted quad, or
    // something with a colon (parsed as an IPv6 literal or rejected).
    boolean ipv4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 = host.contains(":") && host.matches("[0-9a-fA-F:.]+");
    if (!ipv4 && !ipv6) {
      throw new IllegalArgumentException("not an IP address literal: '" + text + "'");
    }
    try {
      InetAddress a = InetAddress.getByName(host);
      int prefix = slash < 0 ? a.getAddress().length * 8 : Integer.parseInt(text.substring(slash + 1));
      return new VirtualAddress(a, prefix);
    } catch (java.net.UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("not a virtual address: '" + text + "'", e);
    }
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefixLength;
  }
}
