package io.tandem.sync.model;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/** Address and port of a real server (port 0: same as the packet's, e.g. for fwmark services). */
public record RealServerAddress(InetAddress address, int port) implements Comparable<RealServerAddress> {
  /**
   * IPv4 before IPv6, then by address bytes (unsigned), then port. On the raw bytes: real-server
   * maps are rebuilt on every health change, and formatting two IPv6 addresses to text per
   * comparison made a 10,000-server table cost milliseconds of garbage.
   */
  private static final Comparator<RealServerAddress> ORDER =
      Comparator.comparing((RealServerAddress a) -> a.address.getAddress(), RealServerAddress::compareBytes)
          .thenComparingInt(a -> a.port);

  public RealServerAddress {
    Objects.requireNonNull(address, "address");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("real server port out of range 0..65535: " + port);
    }
  }

  public static RealServerAddress of(String address, int port) {
    return new RealServerAddress(Addresses.parse(address), port);
  }

  public AddressFamily family() {
    return AddressFamily.of(address);
  }

  private static int compareBytes(byte[] a, byte[] b) {
    return a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compareUnsigned(a, b);
  }

  @Override
  public int compareTo(RealServerAddress o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return VipServiceKey.hostPort(address, port);
  }
}
