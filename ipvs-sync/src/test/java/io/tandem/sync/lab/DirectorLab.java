package io.tandem.sync.lab;

import io.tandem.testkit.NetnsLab;
import io.tandem.testkit.Sh;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Client namespace -> director namespace -> real-server namespaces on a bridge inside the director.
 * Client 192.0.2.2/24 routes the VIP net 203.0.113.0/24 via the director (192.0.2.1); real servers
 * sit on br0 in 198.51.100.0/24 with the director (198.51.100.1) as their default route, as NAT mode
 * needs. Each server runs a {@link NameServer} (TCP 8080, UDP 5353) answering with its address.
 */
public final class DirectorLab implements AutoCloseable {
  public static final int TCP_PORT = 8080;
  public static final int UDP_PORT = 5353;

  public final NetnsLab lab;
  public final String client;
  public final String director;
  private final List<NameServer> servers = new ArrayList<>();
  private final Map<String, String> serverNamespaces = new LinkedHashMap<>();

  /** {@code serverAddresses}: addresses in 198.51.100.0/24 (not .1), one namespace each. */
  public DirectorLab(String prefix, List<String> serverAddresses) throws Exception {
    lab = new NetnsLab(prefix);
    try {
      client = lab.ns("c");
      director = lab.ns("d");
      lab.veth(client, "eth0", director, "eth0");
      Sh.run("ip", "-n", client, "addr", "add", "192.0.2.2/24", "dev", "eth0");
      Sh.run("ip", "-n", director, "addr", "add", "192.0.2.1/24", "dev", "eth0");
      Sh.run("ip", "-n", client, "route", "add", "203.0.113.0/24", "via", "192.0.2.1");
      Sh.run("ip", "-n", director, "link", "add", "br0", "type", "bridge");
      Sh.run("ip", "-n", director, "addr", "add", "198.51.100.1/24", "dev", "br0");
      Sh.run("ip", "-n", director, "link", "set", "br0", "up");
      lab.exec(director, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
      int i = 0;
      for (String address : serverAddresses) {
        i++;
        String ns = lab.ns("s" + i);
        lab.veth(director, "p" + i, ns, "eth0");
        Sh.run("ip", "-n", director, "link", "set", "p" + i, "master", "br0");
        Sh.run("ip", "-n", ns, "addr", "add", address + "/24", "dev", "eth0");
        Sh.run("ip", "-n", ns, "route", "add", "default", "via", "198.51.100.1");
        serverNamespaces.put(address, ns);
        servers.add(new NameServer(ns, address, InetAddress.getByName(address), TCP_PORT, UDP_PORT));
      }
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    servers.forEach(NameServer::close);
    lab.close();
  }
}
