package io.tandem.sync.model;

import java.net.Inet4Address;
import java.net.InetAddress;

/** IPv4 or IPv6; owns the Linux AF_* number used by IPVS netlink attributes. */
public enum AddressFamily {
  INET(2, 32),
  INET6(10, 128);

  private final int linuxCode;
  private final int addressBits;

  AddressFamily(int linuxCode, int addressBits) {
    this.linuxCode = linuxCode;
    this.addressBits = addressBits;
  }

  public int linuxCode() {
    return linuxCode;
  }

  public int addressBits() {
    return addressBits;
  }

  public static AddressFamily of(InetAddress address) {
    return address instanceof Inet4Address ? INET : INET6;
  }

  public static AddressFamily ofLinuxCode(int code) {
    for (AddressFamily f : values()) {
      if (f.linuxCode == code) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown address family " + code);
  }
}
