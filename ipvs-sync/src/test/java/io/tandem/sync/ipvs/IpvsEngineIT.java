package io.tandem.sync.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.testkit.Requirements;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPVS for real, inside user-mode Linux (this host's kernel has no IPVS): an init script loads the
 * ip_vs modules, adds a foreign service with ipvsadm, runs {@link IpvsUmlMain} on this test's
 * classpath, then dumps {@code ipvsadm -Ln}; this test boots it and checks both.
 */
class IpvsEngineIT {
  private static final String UML = "/usr/bin/linux.uml";
  private static final String UML_MODULES = "/usr/lib/uml/modules";

  @TempDir
  Path tmp;

  @Test
  void engineProgramsRealIpvsAndReadsItBack() throws Exception {
    Requirements.requireCommand(UML);
    Requirements.requireCommand("ipvsadm");
    Requirements.require(new File(UML_MODULES).isDirectory(), "user-mode Linux modules in " + UML_MODULES + " (apt user-mode-linux)");
    Requirements.requireCommand("modprobe");

    Path mods = tmp.resolve("mods/lib");
    Files.createDirectories(mods);
    Files.createSymbolicLink(mods.resolve("modules"), Path.of(UML_MODULES));
    String java = ProcessHandle.current().info().command().orElseThrow();
    String classpath = System.getProperty("java.class.path");
    Path report = tmp.resolve("report.txt");
    Path ipvsadm = tmp.resolve("ipvsadm.txt");
    Path init = tmp.resolve("init.sh");
    Files.writeString(init, String.join("\n",
        "#!/bin/sh",
        "export PATH=/usr/sbin:/usr/bin:/sbin:/bin",
        "mount -t proc proc /proc",
        "mount -t sysfs sys /sys",
        "D=" + tmp.resolve("mods"),
        "for m in ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh dummy; do modprobe -d $D $m; done",
        "ip link set lo up",
        "ip link add d0 type dummy && ip addr add 198.51.100.1/24 dev d0 && ip link set d0 up",
        "ipvsadm -A -t 192.0.2.99:22 -s rr",
        "'" + java + "' -Xmx192m -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED -cp '" + classpath
            + "' io.tandem.sync.ipvs.IpvsUmlMain " + report + " > " + tmp.resolve("java.log") + " 2>&1",
        "{ ipvsadm -Ln; echo ---; ipvsadm -L --daemon; } > " + ipvsadm + " 2>&1",
        "poweroff -f",
        ""));
    Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));

    Process uml = new ProcessBuilder(UML, "mem=768M", "root=/dev/root", "rootfstype=hostfs", "rootflags=/", "rw",
        "init=" + init, "con=null", "con0=null,fd:1")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("console.log").toFile()).start();
    try {
      boolean exited = uml.waitFor(150, TimeUnit.SECONDS);
      assertTrue(exited, "user-mode Linux did not finish within 150 s; console: " + tail(tmp.resolve("console.log")));
    } finally {
      uml.descendants().forEach(ProcessHandle::destroyForcibly);
      uml.destroyForcibly();
    }
    assertTrue(Files.exists(report), "no report from inside UML; java log: " + tail(tmp.resolve("java.log"))
        + " console: " + tail(tmp.resolve("console.log")));
    List<String> lines = Files.readAllLines(report);
    String all = String.join("\n", lines);
    assertTrue(lines.contains("done"), all);
    assertTrue(lines.contains("observe-matches-desired=true"), all);
    assertTrue(lines.contains("foreign-survives=true"), all);
    assertTrue(lines.contains("in-sync=true"), all);
    assertTrue(lines.contains("adopt-ops=0 in-sync=true"), all);
    assertTrue(all.contains("initial-ops=8 refused=0"), all);
    assertTrue(all.contains("change-ops=2 "), "one edit per changed real server: " + all);
    assertTrue(all.contains("refusal=kernel refused: no such service (ESRCH) (errno 3)"), all);

    String dump = Files.readString(ipvsadm).replaceAll("[ \\t]+", " ");
    for (String expected : List.of(
        "TCP 192.0.2.10:80 wrr",
        "-> 198.51.100.11:8080 Masq 5 0 0",
        "-> 198.51.100.12:8080 Masq 0 0 0",
        "-> 198.51.100.13:8080 Route 2 0 0",
        "UDP 192.0.2.10:53 sh persistent 300 mask 255.255.255.0",
        "-> 198.51.100.11:5353 Masq 1 0 0",
        "FWM 7 rr",
        "-> 198.51.100.14:0 Tunnel 1 0 0",
        "TCP 192.0.2.99:22 rr",
        "master sync daemon (mcast=d0, syncid=7")) {
      assertTrue(dump.contains(expected), "ipvsadm output lacks '" + expected + "':\n" + dump);
    }
    assertEquals(4, dump.lines().filter(l -> l.startsWith("TCP") || l.startsWith("UDP") || l.startsWith("FWM")).count(), dump);
  }

  private static String tail(Path p) {
    try {
      String s = Files.readString(p);
      return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    } catch (java.io.IOException e) {
      return "(" + p + " unreadable)";
    }
  }
}
