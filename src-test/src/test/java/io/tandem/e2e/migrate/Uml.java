package io.tandem.e2e.migrate;

import io.tandem.testkit.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Boots user-mode Linux (Debian's {@code user-mode-linux}: Linux 6.1 with IPVS as an ordinary
 * process, no KVM) on the host's root filesystem through hostfs, runs one shell command as part of
 * its PID 1 and powers off; the host kernel here has no IPVS. The minimal boot logic of
 * {@code io.tandem.sync.uml.UserModeLinux} (ipvs-sync's test scope, which this module cannot
 * depend on), kept to what the migration tests need.
 *
 * <p>Bounded: the kernel and every process it forked are killed, by pid, at the time limit or at
 * JVM exit. Everything written stays in the work directory; /run inside is a tmpfs, so namespaces
 * made inside never appear under the host's /run/netns.
 */
final class Uml {
  static final Path KERNEL = Path.of("/usr/bin/linux.uml");
  static final Path MODULES = Path.of("/usr/lib/uml/modules");
  /** IPVS, the schedulers the fixtures use (the kernel cannot autoload them from here), and veth. */
  static final List<String> MODULES_TO_LOAD = List.of("ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_lc", "ip_vs_wlc",
      "ip_vs_sh", "ip_vs_sed", "veth");

  private Uml() {}

  static void requirePrerequisites() {
    Requirements.requireRoot();
    Requirements.require(Files.isExecutable(KERNEL), KERNEL + " (apt-get install user-mode-linux)");
    Requirements.require(Files.isDirectory(MODULES), "user-mode Linux modules in " + MODULES);
    Requirements.requireCommand("modprobe");
    Requirements.requireCommand("ipvsadm");
  }

  /** How the boot ended, and where its console went. */
  record Run(boolean poweredOff, int commandExit, Duration took, Path console) {}

  /**
   * Runs {@code command} (a line of sh) inside a fresh user-mode Linux with {@code memMb} MiB,
   * its output to {@code workDir/inside.log}; returns after power-off or after killing the kernel
   * at {@code timeout}.
   */
  static Run run(Path workDir, int memMb, String command, Duration timeout) throws IOException, InterruptedException {
    Path mods = workDir.resolve("modules");
    Files.createDirectories(mods.resolve("lib"));
    Files.createDirectories(workDir.resolve("tmp"));
    Files.createDirectories(workDir.resolve("uml"));
    Path link = mods.resolve("lib/modules"); // modprobe -d DIR looks in DIR/lib/modules/<version>
    if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(link, MODULES);
    }
    Path rc = workDir.resolve("inside.rc");
    Files.deleteIfExists(rc);
    Path init = workDir.resolve("init.sh");
    Files.writeString(init, String.join("\n",
        "#!/bin/sh",
        "# PID 1 of a user-mode Linux booted by " + Uml.class.getName(),
        "export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=" + workDir + " TMPDIR=" + workDir.resolve("tmp"),
        "mount -t proc proc /proc",
        "mount -t sysfs sys /sys",
        "mount -t tmpfs tmpfs /run",
        "mkdir -p /run/netns",
        "modprobe -a -d " + mods + " " + String.join(" ", MODULES_TO_LOAD) + " || echo 'mg-uml: modprobe failed'",
        "ip link set lo up",
        "cd " + workDir,
        command + " > " + workDir.resolve("inside.log") + " 2>&1",
        "echo $? > " + rc,
        "sync",
        "poweroff -f",
        ""));
    Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));

    long t0 = System.nanoTime();
    Path console = workDir.resolve("console.log");
    Process uml = new ProcessBuilder(KERNEL.toString(), "mem=" + memMb + "M", "root=/dev/root", "rootfstype=hostfs",
        "rootflags=/", "rw", "init=" + init, "uml_dir=" + workDir.resolve("uml"), "con=null", "con0=null,fd:1")
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(console.toFile())
        .start();
    Thread killer = new Thread(() -> kill(uml), "uml-kill-" + uml.pid());
    Runtime.getRuntime().addShutdownHook(killer);
    boolean exited;
    try {
      exited = uml.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      kill(uml);
      Files.deleteIfExists(link); // a link out of the work directory: temp-dir cleanup would warn about it
      try {
        Runtime.getRuntime().removeShutdownHook(killer);
      } catch (IllegalStateException ignored) {
        // the JVM is exiting: the hook kills it
      }
    }
    int exit = exited && Files.exists(rc) ? Integer.parseInt(Files.readString(rc).trim()) : -1;
    return new Run(exited && exit >= 0, exit, Duration.ofNanos(System.nanoTime() - t0), console);
  }

  /** The kernel process and everything it forked, by pid. */
  private static void kill(Process uml) {
    uml.descendants().forEach(ProcessHandle::destroyForcibly);
    uml.destroyForcibly();
    try {
      uml.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Single-quotes {@code s} for sh. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  static String tail(Path p, int chars) {
    try {
      String s = Files.readString(p);
      return s.length() > chars ? "…" + s.substring(s.length() - chars) : s;
    } catch (IOException e) {
      return "(" + p + " unreadable: " + e.getMessage() + ")";
    }
  }
}
