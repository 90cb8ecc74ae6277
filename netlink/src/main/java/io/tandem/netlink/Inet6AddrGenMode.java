package io.tandem.netlink;

/**
 * How the kernel derives an interface's IPv6 link-local address (IFLA_INET6_ADDR_GEN_MODE). A VMAC
 * carries the same MAC on every router, so EUI-64 would give every router the same link-local
 * address and DAD would fail: VMACs use {@link #RANDOM} (or {@link #NONE}), as keepalived and FRR do.
 */
public enum Inet6AddrGenMode {
  EUI64(0),
  NONE(1),
  STABLE_PRIVACY(2),
  RANDOM(3);

  private final int code;

  Inet6AddrGenMode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
