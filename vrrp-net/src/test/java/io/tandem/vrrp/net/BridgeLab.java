package io.tandem.vrrp.net;

import io.tandem.netlink.MacAddress;
import io.tandem.netlink.Namespaces;
import io.tandem.testkit.NetnsLab;
import io.tandem.testkit.Sh;
import java.nio.file.Path;

/**
 * Two router namespaces (a, b) joined through a Linux bridge that lives in a third namespace, as
 * on a real LAN segment: a = 02:00:00:00:0a:01 192.0.2.1 2001:db8::1, b = ...0b:01 .2 ::2.
 * Multicast snooping is off so ff02::12 floods like 224.0.0.18 does.
 */
final class BridgeLab implements AutoCloseable {
  static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:0a:01");
  static final MacAddress MAC_B = MacAddress.parse("02:00:00:00:0b:01");

  final NetnsLab lab;
  final String nsA;
  final String nsB;
  final String nsBridge;

  BridgeLab(String tag) {
    lab = new NetnsLab("vw");
    try {
      nsBridge = lab.ns(tag + "br");
      nsA = lab.ns(tag + "a");
      nsB = lab.ns(tag + "b");
      Sh.run("ip", "-n", nsBridge, "link", "add", "br0", "type", "bridge", "forward_delay", "0", "mcast_snooping", "0");
      Sh.run("ip", "-n", nsBridge, "link", "set", "br0", "up");
      join(nsA, "pa", MAC_A, "192.0.2.1/24", "2001:db8::1/64");
      join(nsB, "pb", MAC_B, "192.0.2.2/24", "2001:db8::2/64");
    } catch (RuntimeException | Error e) {
      lab.close();
      throw e;
    }
  }

  private void join(String ns, String port, MacAddress mac, String v4, String v6) {
    lab.veth(ns, "eth0", nsBridge, port);
    Sh.run("ip", "-n", nsBridge, "link", "set", port, "master", "br0");
    Sh.run("ip", "-n", ns, "link", "set", "eth0", "address", mac.toString());
    Sh.run("ip", "-n", ns, "addr", "add", v4, "dev", "eth0");
    Sh.run("ip", "-n", ns, "addr", "add", v6, "dev", "eth0", "nodad");
  }

  Path pathA() {
    return Namespaces.named(nsA);
  }

  Path pathB() {
    return Namespaces.named(nsB);
  }

  @Override
  public void close() {
    lab.close();
  }
}
