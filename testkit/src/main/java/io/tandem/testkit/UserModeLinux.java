package io.tandem.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Boots user-mode Linux (Debian's {@code user-mode-linux}: a real Linux 6.1 kernel as an ordinary
 * process, with IPVS, no KVM) on the host's root filesystem through hostfs, runs a shell script as
 * part of its init, and powers it off. The host kernel here has no IPVS, so this is where IPVS is
 * tested for real.
 *
 * <p>Bounded: the kernel is killed (with every process it forked) when {@code timeout} passes,
 * when the calling thread is interrupted, or when the JVM exits. Everything it writes stays in the
 * given work directory: the init script, the module symlink, the console log, the UML pid file
 * ({@code uml_dir}). Inside, /run is a tmpfs, so {@code ip netns add} never touches the host's
 * /run/netns; /tmp is the host's, so programs inside are pointed at the work directory instead.
 *
 * <p>Used by ipvs-sync's IPVS tests and by src-test's migration equivalence test.
 */
public final class UserModeLinux {
  public static final Path KERNEL = Path.of("/usr/bin/linux.uml");
  public static final Path MODULES = Path.of("/usr/lib/uml/modules");

  /**
   * ip_vs, every scheduler (the kernel does not load them on demand here: its modprobe looks in
   * /lib/modules, where the host keeps its own kernel's modules), and the links the labs use.
   */
  public static final List<String> IPVS_MODULES = List.of("ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_lc", "ip_vs_wlc",
      "ip_vs_lblc", "ip_vs_lblcr", "ip_vs_dh", "ip_vs_sh", "ip_vs_sed", "ip_vs_nq", "ip_vs_mh", "ip_vs_fo",
      "ip_vs_ovf", "dummy", "veth", "bridge");

  private UserModeLinux() {}

  /** Skips the calling test (locally) or fails it (CI) unless UML, its modules, modprobe and ipvsadm are here. */
  public static void requirePrerequisites() {
    Requirements.requireRoot();
    Requirements.require(Files.isExecutable(KERNEL), KERNEL + " (apt-get install user-mode-linux)");
    Requirements.require(Files.isDirectory(MODULES), "user-mode Linux modules in " + MODULES + " (apt-get install user-mode-linux)");
    Requirements.requireCommand("modprobe");
    Requirements.requireCommand("ipvsadm");
    Requirements.requireCommand("ip");
  }

  /** How a run ended: whether the script finished (its exit status) and what the console showed. */
  public record Run(boolean finished, int scriptExit, Duration took, Path workDir) {
    public String consoleTail() {
      return tail(workDir.resolve("console.log"), 4000);
    }

    public String scriptLogTail() {
      return tail(workDir.resolve("script.log"), 6000);
    }
  }

  /**
   * Runs {@code script} (POSIX sh) inside a fresh user-mode Linux with {@code memMb} MiB of memory
   * and {@code modules} loaded; its output goes to {@code workDir/script.log}. Returns once the
   * kernel has powered off, or after killing it at {@code timeout}.
   */
  public static Run run(Path workDir, int memMb, List<String> modules, String script, Duration timeout)
      throws IOException, InterruptedException {
    Path mods = workDir.resolve("modules");
    Files.createDirectories(mods.resolve("lib"));
    Files.createDirectories(workDir.resolve("tmp"));
    Files.createDirectories(workDir.resolve("uml"));
    Path link = mods.resolve("lib/modules"); // modprobe -d DIR looks in DIR/lib/modules/<version>
    if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(link, MODULES);
    }
    Path rc = workDir.resolve("script.rc");
    Files.deleteIfExists(rc);
    Path init = workDir.resolve("init.sh");
    Files.writeString(init, String.join("\n",
        "#!/bin/sh",
        "# PID 1 of a user-mode Linux run by " + UserModeLinux.class.getName(),
        "export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=" + workDir + " TMPDIR=" + workDir.resolve("tmp"),
        "mount -t proc proc /proc",
        "mount -t sysfs sys /sys",
        "mount -t tmpfs tmpfs /run   # ip netns add writes under /run/netns: keep that inside this kernel",
        "mkdir -p /run/netns",
        "modprobe -a -d " + mods + " " + String.join(" ", modules) + " || echo 'tandem-uml: modprobe failed'",
        "ip link set lo up",
        "cd " + workDir,
        "sh " + writeScript(workDir, script) + " > " + workDir.resolve("script.log") + " 2>&1",
        "echo $? > " + rc,
        "sync",
        "poweroff -f",
        ""));
    Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));

    long t0 = System.nanoTime();
    Process uml = new ProcessBuilder(KERNEL.toString(), "mem=" + memMb + "M", "root=/dev/root", "rootfstype=hostfs",
        "rootflags=/", "rw", "init=" + init, "uml_dir=" + workDir.resolve("uml"), "con=null", "con0=null,fd:1")
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(workDir.resolve("console.log").toFile())
        .start();
    Thread killer = new Thread(() -> kill(uml), "uml-kill-" + uml.pid());
    Runtime.getRuntime().addShutdownHook(killer);
    boolean exited;
    try {
      exited = uml.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      kill(uml); // no-op after a clean power-off; otherwise the kernel and every process it forked
      Files.deleteIfExists(link); // points out of the work directory: temp-dir cleanup would follow it
      try {
        Runtime.getRuntime().removeShutdownHook(killer);
      } catch (IllegalStateException ignored) {
        // the JVM is already exiting; the hook kills it
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    int exit = -1;
    if (exited && Files.exists(rc)) {
      exit = Integer.parseInt(Files.readString(rc).trim());
    }
    return new Run(exited && exit >= 0, exit, took, workDir);
  }

  private static Path writeScript(Path workDir, String script) throws IOException {
    Path p = workDir.resolve("script.sh");
    Files.writeString(p, script.endsWith("\n") ? script : script + "\n");
    return p;
  }

  /** Kills the UML process and its descendants (the processes it started), by pid. */
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
  public static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** The last {@code chars} characters of {@code p}, for failure messages. */
  public static String tail(Path p, int chars) {
    try {
      String s = Files.readString(p);
      return s.length() > chars ? "…" + s.substring(s.length() - chars) : s;
    } catch (IOException e) {
      return "(" + p + " unreadable: " + e.getMessage() + ")";
    }
  }
}
