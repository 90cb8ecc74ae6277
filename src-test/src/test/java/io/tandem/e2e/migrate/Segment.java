package io.tandem.e2e.migrate;

import io.tandem.testkit.NetnsLab;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One layer-2 segment of the lab: a bridge in its own namespace and two directors, A (eth0
 * 192.0.2.1/24, 2001:db8::1/64) and B (192.0.2.2/24, 2001:db8::2/64), in namespaces of their own.
 * The wire-equivalence test builds two of these in one {@link NetnsLab}, so that the reference
 * pair and the pair under test run side by side without hearing each other. (The same wiring as
 * {@code e2e.support.DirectorLab}, which holds a single bridge per lab.)
 */
final class Segment {
  private static final Set<String> BASE = Set.of("192.0.2.1/24", "192.0.2.2/24", "2001:db8::1/64", "2001:db8::2/64");

  final String name;
  final NetnsLab lab;
  /** The namespace holding the bridge {@code br0} (where the capture runs). */
  final String sw;
  private final Map<String, String> ns = new HashMap<>();
  private final Map<String, String> mac = new HashMap<>();
  /** The IPv4 and link-local IPv6 source addresses of each director → "A" or "B". */
  private final Map<String, String> sender = new HashMap<>();

  /** {@code tag}: a short name for the namespaces (at most 3 letters, not a prefix of an ip keyword). */
  Segment(NetnsLab lab, String tag, String name) {
    this.lab = lab;
    this.name = name;
    this.sw = lab.ns(tag + "sw");
    lab.exec(sw, "ip", "link", "add", "br0", "type", "bridge");
    lab.exec(sw, "ip", "link", "set", "dev", "br0", "up");
    host("A", tag + "a", 1);
    host("B", tag + "b", 2);
  }

  private void host(String side, String host, int n) {
    String hostNs = lab.ns(host);
    // Before the veth arrives (a device moved in takes the namespace defaults): no duplicate address
    // detection, so the link-local address VRRPv3 over IPv6 sends from is usable at once.
    lab.exec(hostNs, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf.all.accept_dad=0");
    lab.veth(hostNs, "eth0", sw, host);
    lab.exec(sw, "ip", "link", "set", "dev", host, "master", "br0");
    lab.exec(hostNs, "ip", "addr", "add", "192.0.2." + n + "/24", "dev", "eth0");
    lab.exec(hostNs, "ip", "-6", "addr", "add", "2001:db8::" + n + "/64", "dev", "eth0", "nodad");
    ns.put(side, hostNs);
    String link = lab.exec(hostNs, "ip", "-o", "link", "show", "dev", "eth0");
    mac.put(side, link.substring(link.indexOf("link/ether ") + 11).split("\\s+")[0]);
    sender.put("192.0.2." + n, side);
    String ll = lab.exec(hostNs, "ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link");
    sender.put(longForm(ll.trim().split("\\s+")[3].split("/")[0]), side);
  }

  String ns(String side) {
    return ns.get(side);
  }

  String mac(String side) {
    return mac.get(side);
  }

  /** "A", "B", or null for a source address that is neither director's. */
  String sender(String address) {
    return sender.get(address);
  }

  /**
   * The addresses on {@code side}'s eth0 beyond its own, as "address/prefix scope S" plus the
   * label (IPv4) and any flag but "secondary" (which only tells which address came first).
   */
  Set<String> vips(String side) {
    Set<String> out = new TreeSet<>();
    for (String line : lab.exec(ns.get(side), "ip", "-o", "addr", "show", "dev", "eth0").lines().toList()) {
      // "<idx>: eth0    inet 192.0.2.10/24 [brd X] scope global [secondary] [flags] eth0:label\  valid_lft ..."
      String[] t = line.split("\\\\")[0].trim().split("\\s+");
      if (t.length < 4 || BASE.contains(t[3]) || t[3].startsWith("fe80:")) {
        continue;
      }
      StringBuilder b = new StringBuilder(t[3]);
      for (int i = 4; i < t.length; i++) {
        if (t[i].equals("brd")) {
          i++;
        } else if (t[i].equals("scope") && i + 1 < t.length) {
          b.append(" scope ").append(t[++i]);
        } else if (t[2].equals("inet") && i == t.length - 1) {
          b.append(" label ").append(t[i]);
        } else if (!t[i].equals("secondary")) {
          b.append(' ').append(t[i]);
        }
      }
      out.add(b.toString());
    }
    return out;
  }

  /** Removes whatever a stopped (or killed) director left on its eth0, so the next case starts clean. */
  void clearVips() {
    for (String side : List.of("A", "B")) {
      for (String v : vips(side)) {
        lab.exec(ns.get(side), "ip", "addr", "del", v.split(" ")[0], "dev", "eth0");
      }
    }
  }

  /** Java's long form of an IPv6 address, the form the capture decoder prints. */
  static String longForm(String address) {
    try {
      return InetAddress.getByName(address).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(address, e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
