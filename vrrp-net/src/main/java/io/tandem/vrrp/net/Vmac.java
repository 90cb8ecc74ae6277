package io.tandem.vrrp.net;

import io.tandem.netlink.Inet6AddrGenMode;
import io.tandem.netlink.LinkInfo;
import io.tandem.netlink.MacAddress;
import io.tandem.netlink.MacvlanMode;
import io.tandem.netlink.NetlinkException;
import io.tandem.netlink.RtNetlink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Virtual MAC interfaces as keepalived's use_vmac makes them: a macvlan (mode bridge) named like
 * {@code vrrp.<vrid>} on the parent, carrying the VRRP virtual MAC (RFC 5798 section 7.3), its
 * IPv6 link-local derived randomly (an EUI-64 from the shared MAC would collide between routers),
 * and the parent set to arp_ignore=1 / arp_filter=1 so that only the VMAC answers ARP for the VIP.
 * Edge: netlink plus direct writes under /proc/sys (no forked sysctl). The sysctl files seen are
 * those of the calling thread's network namespace.
 */
public final class Vmac {
  private static final Logger log = LoggerFactory.getLogger(Vmac.class);
  /** Where per-interface IPv4 sysctls live; a parameter so tests can point it elsewhere. */
  public static final Path PROC_IPV4_CONF = Path.of("/proc/sys/net/ipv4/conf");

  private final RtNetlink rtnl;
  private final Path ipv4Conf;

  public Vmac(RtNetlink rtnl) {
    this(rtnl, PROC_IPV4_CONF);
  }

  public Vmac(RtNetlink rtnl, Path ipv4Conf) {
    this.rtnl = rtnl;
    this.ipv4Conf = ipv4Conf;
  }

  /** RFC 5798 section 7.3: 00-00-5E-00-01-{VRID} for IPv4, 00-00-5E-00-02-{VRID} for IPv6. */
  public static MacAddress virtualMac(int vrid, IpVersion version) {
    if (vrid < 1 || vrid > 255) {
      throw new IllegalArgumentException("VRID must be 1..255, got " + vrid);
    }
    return MacAddress.of(new byte[] {0, 0, 0x5e, 0, (byte) (version == IpVersion.V4 ? 1 : 2), (byte) vrid});
  }

  /** "vrrp.51" for IPv4 (keepalived's default), "vrrp6.51" for IPv6 so both families can coexist. */
  public static String defaultName(int vrid, IpVersion version) {
    virtualMac(vrid, version); // validates vrid
    return (version == IpVersion.V4 ? "vrrp." : "vrrp6.") + vrid;
  }

  /**
   * Makes sure macvlan {@code name} exists on {@code parent} with the virtual MAC of {@code vrid},
   * and is up; sets the parent's ARP sysctls. An existing link of that name with the right MAC and
   * parent is kept; a wrong one is refused (it is not ours to delete).
   */
  public LinkInfo ensure(String name, String parent, int vrid, IpVersion version) {
    MacAddress mac = virtualMac(vrid, version);
    LinkInfo parentLink = rtnl.link(parent);
    LinkInfo existing = find(name);
    if (existing == null) {
      rtnl.createMacvlan(name, parent, mac, MacvlanMode.BRIDGE);
      log.info("created VMAC {} on {} with {}", name, parent, mac);
    } else if (!"macvlan".equals(existing.kind()) || !mac.equals(existing.mac())
        || existing.parentIndex() != parentLink.index()) {
      throw new IllegalStateException("interface " + name + " exists but is not the VMAC for VRID " + vrid + " on "
          + parent + " (kind '" + existing.kind() + "', MAC " + existing.mac() + ", parent ifindex "
          + existing.parentIndex() + "); remove it or choose another vmac name");
    }
    rtnl.setInet6AddrGenMode(name, Inet6AddrGenMode.RANDOM);
    // Only the VMAC may answer ARP for VIPs it carries (keepalived sets the same on the parent).
    writeSysctl(parent, "arp_ignore", "1");
    writeSysctl(parent, "arp_filter", "1");
    rtnl.setLinkUp(name, true);
    return rtnl.link(name);
  }

  /** Deletes the VMAC; false when it was already gone. */
  public boolean remove(String name) {
    return rtnl.deleteLink(name);
  }

  private LinkInfo find(String name) {
    try {
      return rtnl.link(name);
    } catch (NetlinkException e) {
      if (e.isNoSuchDevice()) {
        return null;
      }
      throw e;
    }
  }

  private void writeSysctl(String ifName, String key, String value) {
    Path p = ipv4Conf.resolve(ifName).resolve(key);
    try {
      Files.writeString(p, value);
    } catch (IOException e) {
      throw new PacketIoException("cannot set " + p + " = " + value + ": " + e.getMessage(), e);
    }
  }
}
