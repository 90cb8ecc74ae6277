package io.tandem.vrrp.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** The IP family a virtual router runs over; fixes the address size inside the advert. */
public enum IpFamily {
  IPV4(4),
  IPV6(16);

  private final int addressBytes;

  IpFamily(int addressBytes) {
    this.addressBytes = addressBytes;
  }

  public int addressBytes() {
    return addressBytes;
  }

  public boolean matches(InetAddress address) {
    return this == IPV4 ? address instanceof Inet4Address : address instanceof Inet6Address;
  }

  public static IpFamily of(InetAddress address) {
    return address instanceof Inet6Address ? IPV6 : IPV4;
  }
}
