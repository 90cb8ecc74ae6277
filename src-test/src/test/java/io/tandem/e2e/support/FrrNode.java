package io.tandem.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.testkit.NetnsLab;
import io.tandem.testkit.Requirements;
import io.tandem.testkit.Sh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * FRR's vrrpd (8.4) as a VRRP peer: zebra plus vrrpd in the foreground inside a namespace, with a
 * private config/socket directory. FRR always sends from the virtual MAC: it needs the macvlan
 * {@code vrrp4-<parent ifindex>-<vrid>} with the VIP on it, created here by hand as FRR's docs
 * ask; vrrpd itself only toggles the macvlan's protodown. Parent {@code arp_ignore=1}, or eth0
 * would answer ARP for the VIP too.
 */
public final class FrrNode implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String ns;
  private final Path dir;
  private final int vrid;
  private final Process zebra;
  private final Process vrrpd;

  private FrrNode(String ns, Path dir, int vrid, Process zebra, Process vrrpd) {
    this.ns = ns;
    this.dir = dir;
    this.vrid = vrid;
    this.zebra = zebra;
    this.vrrpd = vrrpd;
  }

  /**
   * Starts an IPv4 virtual router {@code vrid} on eth0 of {@code ns}: VRRP {@code version},
   * {@code priority}, advert interval in milliseconds (FRR's unit; v2 needs whole seconds),
   * one {@code vip} (no prefix length).
   */
  public static FrrNode start(NetnsLab lab, String ns, Path dir, int vrid, int version, int priority, int intervalMs,
      String vip, boolean preempt) {
    Requirements.requireCommand("/usr/lib/frr/zebra");
    Requirements.requireCommand("/usr/lib/frr/vrrpd");
    Requirements.requireCommand("vtysh");
    try {
      Files.createDirectories(dir);
      String ifindex = lab.exec(ns, "cat", "/sys/class/net/eth0/ifindex").trim();
      String vmac = vmacName(ifindex, vrid);
      lab.exec(ns, "ip", "link", "add", vmac, "link", "eth0", "address", String.format("00:00:5e:00:01:%02x", vrid),
          "type", "macvlan", "mode", "bridge");
      lab.exec(ns, "ip", "link", "set", "dev", vmac, "addrgenmode", "random");
      lab.exec(ns, "ip", "addr", "add", vip + "/24", "dev", vmac);
      // Up but protodown until vrrpd decides: a macvlan still receives frames for its MAC while
      // protodown (the kernel checks only that it is up), so if it sent anything from the shared
      // virtual MAC before vrrpd took over (an IPv6 router solicitation...), the bridge would
      // learn that MAC here and this backup would answer for the VIP with the Tandem master's
      // clients, keeping the bridge pointed at itself with every reply.
      lab.exec(ns, "ip", "link", "set", "dev", vmac, "protodown", "on");
      lab.exec(ns, "ip", "link", "set", "dev", vmac, "up");
      lab.exec(ns, "sysctl", "-qw", "net.ipv4.conf.eth0.arp_ignore=1");
      Files.writeString(dir.resolve("zebra.conf"), "hostname " + ns + "\n");
      Files.writeString(dir.resolve("vrrpd.conf"), "interface eth0\n"
          + " vrrp " + vrid + " version " + version + "\n"
          + " vrrp " + vrid + " priority " + priority + "\n"
          + " vrrp " + vrid + " advertisement-interval " + intervalMs + "\n"
          + (preempt ? "" : " no vrrp " + vrid + " preempt\n")
          + " vrrp " + vrid + " ip " + vip + "\n");
      Files.writeString(dir.resolve("vtysh.conf"), "");
      Sh.run("chown", "-R", "frr:frr", dir.toString());
      Sh.run("chmod", "755", dir.toString());
      Process zebra = lab.start(ns, daemon("zebra", dir));
      awaitFile(dir.resolve("zserv.api"), zebra, Duration.ofSeconds(20));
      Process vrrpd = lab.start(ns, daemon("vrrpd", dir));
      FrrNode node = new FrrNode(ns, dir, vrid, zebra, vrrpd);
      awaitFile(dir.resolve("vrrpd.vty"), vrrpd, Duration.ofSeconds(20));
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String vmacName(String ifindex, int vrid) {
    return "vrrp4-" + ifindex + "-" + vrid;
  }

  private static ProcessBuilder daemon(String which, Path dir) {
    return new ProcessBuilder("/usr/lib/frr/" + which, "-f", dir.resolve(which + ".conf").toString(),
        "-i", dir.resolve(which + ".pid").toString(), "-z", dir.resolve("zserv.api").toString(),
        "--vty_socket", dir.toString(), "-P", "0", "--log", "file:" + dir.resolve(which + ".log"))
        .redirectErrorStream(true).redirectOutput(dir.resolve(which + ".out").toFile());
  }

  private static void awaitFile(Path file, Process p, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!Files.exists(file)) {
      if (!p.isAlive()) {
        throw new IllegalStateException("FRR daemon exited (" + p.exitValue() + ") before creating " + file);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("FRR daemon did not create " + file + " within " + bound);
      }
      sleep(50);
    }
  }

  /** vrrpd's IPv4 status of the router: Master, Backup, Initialize ("" if vtysh cannot tell). */
  public String status() {
    JsonNode v4 = show().path("v4");
    return v4.path("status").asText("");
  }

  /** {@code show vrrp json} for our VRID (missing node if vrrpd does not answer). */
  public JsonNode show() {
    Sh.Result r = Sh.exec(List.of("ip", "netns", "exec", ns, "vtysh", "-H", "/dev/null", "--vty_socket", dir.toString(),
        "--config_dir", dir.toString(), "-c", "show vrrp json"));
    try {
      int start = r.out().indexOf('[');
      if (start < 0) {
        return JSON.missingNode();
      }
      for (JsonNode n : JSON.readTree(r.out().substring(start))) {
        if (n.path("vrid").asInt() == vrid) {
          return n;
        }
      }
    } catch (IOException e) {
      // vtysh printed something else (daemon starting): not known yet
    }
    return JSON.missingNode();
  }

  public String logText() {
    StringBuilder b = new StringBuilder();
    for (String f : List.of("vrrpd.log", "vrrpd.out", "zebra.out")) {
      try {
        Path p = dir.resolve(f);
        if (Files.exists(p)) {
          b.append("--- ").append(f).append('\n').append(Files.readString(p));
        }
      } catch (IOException e) {
        b.append("(").append(f).append(" unreadable)\n");
      }
    }
    return b.toString();
  }

  /** Stops vrrpd and zebra and deletes the VMAC link. */
  @Override
  public void close() {
    for (Process p : List.of(vrrpd, zebra)) {
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Sh.exec(List.of("ip", "-n", ns, "link", "del", "vrrp4-" + ifindexOrEmpty() + "-" + vrid));
  }

  private String ifindexOrEmpty() {
    return Sh.exec(List.of("ip", "netns", "exec", ns, "cat", "/sys/class/net/eth0/ifindex")).out().trim();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
