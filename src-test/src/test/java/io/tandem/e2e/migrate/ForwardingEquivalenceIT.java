package io.tandem.e2e.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.daemon.cli.TandemCli;
import io.tandem.e2e.support.TandemNode;
import io.tandem.testkit.Requirements;
import io.tandem.testkit.UserModeLinux;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Equivalence of the forwarding table of {@code tandem import}: inside user-mode Linux (the host
 * kernel has no IPVS), keepalived 2.2.7 runs {@code migrate/ipvs/keepalived.conf} (virtual servers
 * only: its checker programs IPVS) until the table settles, then is stopped and the table cleared;
 * then Tandem runs what {@code tandem import} made of the same file (engine = ipvs) until its table
 * settles. The two {@code ipvsadm -Ln} tables must be equal: services (TCP, UDP, fwmark, IPv6, a
 * virtual_server_group), schedulers, persistence and its netmask, forwarding methods, and each real
 * server with its weight, after the health checks ran against real servers that answer TCP (one
 * server that is down is absent from both tables, another is kept at weight 0 by
 * {@code inhibit_on_failure}).
 *
 * <p>Shown but not compared: what each daemon leaves in the kernel when stopped (keepalived
 * removes its services; Tandem keeps them unless {@code tandem.shutdown.remove-forwarding}).
 */
class ForwardingEquivalenceIT {
  /**
   * One boot: usually about 65 s (boot, keepalived, a JVM starting inside); the script's own waits
   * are bounded at 60 s (keepalived) and 180 s (Tandem). This bounds a hung kernel.
   */
  private static final Duration UML_LIMIT = Duration.ofMinutes(6);

  @TempDir
  Path tmp;

  @Test
  void ipvsTableProgrammedFromTheImportedConfigEqualsKeepalivedsTable() throws Exception {
    UserModeLinux.requirePrerequisites();
    Requirements.requireCommand("keepalived");
    Requirements.require(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 (the real servers inside UML)");
    Path conf = resource("keepalived.conf");
    Path script = resource("inside-uml.sh");
    resource("real-servers.py"); // started by the script from beside it
    Path tandemBin = TandemNode.home().resolve("bin/tandem");
    Requirements.require(Files.isExecutable(tandemBin), "the packaged daemon (bin/tandem)");

    Path dir = tmp.resolve("tandem");
    StringWriter out = new StringWriter();
    int status = TandemCli.execute(new String[] {"import", conf.toString(), "-o", dir.toString()},
        new PrintWriter(out, true), new PrintWriter(out, true));
    // 1: the virtual_server_group is reported for review (one Tandem service per address).
    assertThat(status).as("tandem import exit status:%n%s", out).isBetween(0, 1);
    assertThat(out.toString()).as("import summary").doesNotContain("not supported");

    String command = "sh " + UserModeLinux.quote(script.toString()) + " " + UserModeLinux.quote(tmp.toString()) + " "
        + UserModeLinux.quote(conf.toString()) + " " + UserModeLinux.quote(dir.resolve("tandem.conf").toString()) + " "
        + UserModeLinux.quote(tandemBin.toString());
    UserModeLinux.Run run = UserModeLinux.run(tmp, 1024, UserModeLinux.IPVS_MODULES, command, UML_LIMIT);
    Path inside = tmp.resolve("script.log");
    List<String> progress = Files.exists(inside)
        ? Files.readAllLines(inside).stream().filter(l -> l.startsWith("mg-uml:")).toList() : List.of();
    System.out.printf("user-mode Linux: %s in %.1f s%n", run.finished() ? "powered off" : "KILLED at the limit",
        run.took().toNanos() / 1e9);
    progress.forEach(System.out::println);
    String context = "\n--- inside (tail):\n" + UserModeLinux.tail(inside, 3000) + "\n--- keepalived (tail):\n"
        + UserModeLinux.tail(tmp.resolve("keepalived.log"), 3000) + "\n--- tandem (tail):\n" + UserModeLinux.tail(tmp.resolve("tandem.log"), 4000)
        + "\n--- console (tail):\n" + run.consoleTail();

    assertThat(run.finished()).as("user-mode Linux ran the script and powered off%s", context).isTrue();
    assertThat(run.scriptExit()).as("script exit status%s", context).isZero();
    assertThat(settled("keepalived")).as("keepalived's table settled%s", context).isTrue();
    assertThat(settled("tandem")).as("Tandem's table settled%s", context).isTrue();

    List<String> tandemWarnings = Files.readAllLines(tmp.resolve("tandem.log")).stream()
        .filter(l -> l.startsWith("WARN") || l.startsWith("ERROR")).toList();
    if (!tandemWarnings.isEmpty()) {
      System.out.println("Tandem warned inside UML (" + tandemWarnings.size() + " lines):");
      tandemWarnings.stream().distinct().limit(10).forEach(l -> System.out.println("  " + l));
    }

    Map<String, TreeSet<String>> keepalived = table(tmp.resolve("ipvs-keepalived.txt"));
    Map<String, TreeSet<String>> tandem = table(tmp.resolve("ipvs-tandem.txt"));
    System.out.println("keepalived's table:\n" + render(keepalived) + "Tandem's table:\n" + render(tandem));

    // The fixture's premises, checked on keepalived: every service is there, its checker ran (the
    // server that is down was removed, the inhibited one kept at weight 0).
    assertThat(keepalived).as("keepalived's services").hasSize(7);
    assertThat(render(keepalived)).as("keepalived's table after its checks")
        .doesNotContain("198.51.100.15:9999")
        .contains("-> 198.51.100.16:443 Route 0")
        .contains("-> 198.51.100.11:8080 Masq 3");

    assertThat(render(tandem)).as("the IPVS table Tandem programmed from the imported config (%s)", dir)
        .isEqualTo(render(keepalived));
  }

  private boolean settled(String daemon) throws IOException {
    Path p = tmp.resolve(daemon + ".settled");
    return Files.exists(p) && Files.readString(p).trim().equals("0");
  }

  /**
   * {@code ipvsadm -Ln} as service line → real-server lines, whitespace collapsed and the
   * connection counters dropped (they depend on traffic, not configuration).
   */
  static Map<String, TreeSet<String>> table(Path file) throws IOException {
    Map<String, TreeSet<String>> services = new TreeMap<>();
    TreeSet<String> current = null;
    for (String line : Files.readAllLines(file)) {
      String[] t = line.trim().split("\\s+");
      if (line.startsWith("IP Virtual Server") || line.startsWith("Prot ") || line.contains("RemoteAddress:Port")
          || line.isBlank()) {
        continue;
      }
      if (t[0].equals("->")) {
        if (current == null) {
          throw new IllegalArgumentException("real server before any service in " + file + ": " + line);
        }
        current.add("-> " + t[1] + " " + t[2] + " " + t[3]);
      } else {
        current = new TreeSet<>();
        services.put(String.join(" ", t), current);
      }
    }
    return services;
  }

  static String render(Map<String, TreeSet<String>> table) {
    StringBuilder b = new StringBuilder();
    table.forEach((service, servers) -> {
      b.append(service).append('\n');
      servers.forEach(s -> b.append("  ").append(s).append('\n'));
    });
    return b.toString();
  }

  private static Path resource(String name) throws URISyntaxException {
    var url = ForwardingEquivalenceIT.class.getResource("/migrate/ipvs/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test resource migrate/ipvs/" + name);
    }
    return Path.of(url.toURI());
  }
}
