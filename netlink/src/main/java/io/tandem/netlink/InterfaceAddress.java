package io.tandem.netlink;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An IP address on an interface, as in RTM_NEWADDR/RTM_DELADDR.
 *
 * @param ifIndex the interface's ifindex
 * @param address the local address (IFA_LOCAL for IPv4, IFA_ADDRESS for IPv6)
 * @param prefixLength the prefix length
 * @param label the IPv4 label (IFA_LABEL, e.g. "eth0:vip"), or null (always null for IPv6)
 * @param flags the IFA_F_* flags (e.g. 0x40 tentative, 0x02 nodad), from IFA_FLAGS when present
 */
public record InterfaceAddress(int ifIndex, InetAddress address, int prefixLength, String label, int flags) {
  public static final int IFA_F_NODAD = 0x02;
  public static final int IFA_F_TENTATIVE = 0x40;
  public static final int IFA_F_PERMANENT = 0x80;

  public boolean isIpv6() {
    return address instanceof Inet6Address;
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefixLength + " on ifindex " + ifIndex + (label == null ? "" : " label " + label);
  }
}
