package io.tandem.netlink;

/**
 * A network interface as the kernel reports it in RTM_NEWLINK.
 *
 * @param index the ifindex (stable while the link exists, namespace-local)
 * @param name the interface name
 * @param adminUp IFF_UP: set by the operator ("ip link set up")
 * @param running IFF_RUNNING: the kernel considers the link operational (carrier present, RFC 2863 up)
 * @param lowerUp IFF_LOWER_UP: the driver reports carrier
 * @param mac the hardware address, or null for links without one
 * @param mtu the MTU in bytes, 0 when not reported
 * @param kind the IFLA_INFO_KIND ("veth", "macvlan", "bridge"...), or "" for plain devices
 * @param parentIndex IFLA_LINK (the lower device of a macvlan or VLAN), or 0
 */
public record LinkInfo(int index, String name, boolean adminUp, boolean running, boolean lowerUp, MacAddress mac,
    int mtu, String kind, int parentIndex) {

  /**
   * Whether VRRP may use the link: administratively up and running (carrier present). When this
   * turns false the daemon moves the instances on this link to Fault, keepalived-style.
   */
  public boolean usable() {
    return adminUp && running;
  }
}
