package io.tandem.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the installed tandem.service under a real systemd: there is none as PID 1 on this machine,
 * so systemd boots as PID 1 of a user-mode Linux kernel (Debian's {@code user-mode-linux}) whose
 * root is this machine's filesystem through hostfs, mounted <b>read-only</b>. Only the work
 * directory is mounted writable (at /run/work); /run, /tmp and the parts of /var systemd writes are
 * tmpfs, /etc/tandem is a bind mount of the work directory's copy, and systemd-remount-fs is
 * masked, so nothing inside can change the host's files.
 *
 * <p>systemd is told to reach only {@code tandem-ci.target}: sysinit plus a oneshot driver that
 * starts, reloads and stops tandem.service and prints {@code RESULT name=value} lines. The unit is
 * the installed one, with one drop-in: a longer TimeoutStartSec, because every exec inside
 * user-mode Linux is slow (the JVM takes about a minute to be ready there).
 */
final class SystemdInUml {
  static final Path KERNEL = Path.of("/usr/bin/linux.uml");
  static final Path MODULES = Path.of("/usr/lib/uml/modules");

  private SystemdInUml() {}

  /** How the run ended: the driver's RESULT lines, and the logs to show when an assertion fails. */
  record Outcome(boolean poweredOff, Duration took, Map<String, String> results, String driverLog, String journal,
      String console) {
    String result(String name) {
      return results.getOrDefault(name, "(missing)");
    }

    String diagnostics() {
      return "--- driver:\n" + tail(driverLog) + "\n--- journal of tandem.service:\n" + tail(journal)
          + "\n--- console:\n" + tail(console);
    }

    private static String tail(String s) {
      return s.length() > 6000 ? "…" + s.substring(s.length() - 6000) : s;
    }
  }

  /**
   * Boots, runs the driver against tandem.service with {@code /etc/tandem} replaced by
   * {@code etcTandem}'s contents (copied into {@code work}), and returns once the kernel powered
   * off or {@code timeout} passed (then it is killed, with everything it forked).
   */
  static Outcome run(Path work, Path etcTandem, Duration timeout) throws IOException, InterruptedException {
    Files.createDirectories(work.resolve("modules/lib"));
    Files.createDirectories(work.resolve("uml"));
    Path link = work.resolve("modules/lib/modules"); // modprobe -d DIR reads DIR/lib/modules/<version>
    if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(link, MODULES);
    }
    copyTree(etcTandem, work.resolve("etc-tandem"));
    Path init = write(work.resolve("init.sh"), initScript(work));
    write(work.resolve("driver.sh"), DRIVER);

    long t0 = System.nanoTime();
    Process uml = new ProcessBuilder(KERNEL.toString(), "mem=1024M", "root=/dev/root", "rootfstype=hostfs", "rootflags=/",
        "ro", "init=" + init, "uml_dir=" + work.resolve("uml"), "con=null", "con0=null,fd:1")
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(work.resolve("console.log").toFile())
        .start();
    boolean exited;
    try {
      exited = uml.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      uml.descendants().forEach(ProcessHandle::destroyForcibly);
      uml.destroyForcibly();
      uml.waitFor(10, TimeUnit.SECONDS);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    String driverLog = read(work.resolve("driver.log"));
    Map<String, String> results = new LinkedHashMap<>();
    driverLog.lines().filter(l -> l.startsWith("RESULT ")).forEach(l -> {
      String kv = l.substring("RESULT ".length());
      int eq = kv.indexOf('=');
      results.put(kv.substring(0, eq), kv.substring(eq + 1).strip());
    });
    String console = read(work.resolve("console.log")).replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "");
    return new Outcome(exited, took, results, driverLog, read(work.resolve("journal.log")), console);
  }

  private static String initScript(Path work) {
    return String.join("\n",
        "#!/bin/sh",
        "# PID 1 until systemd takes over: a read-only host root with writable scratch space.",
        "export PATH=/usr/sbin:/usr/bin:/sbin:/bin",
        "mount -t proc proc /proc",
        "mount -t sysfs sys /sys",
        "mount -t tmpfs tmpfs /run",
        "mkdir -p /run/work /run/systemd/system/tandem.service.d",
        "mount -t hostfs none /run/work -o " + work,
        "for d in /tmp /var/tmp /var/log /var/lib/systemd /var/cache; do mount -t tmpfs tmpfs $d; done",
        "mount --bind /run/work/etc-tandem /etc/tandem",
        "ln -s /dev/null /run/systemd/system/systemd-remount-fs.service",
        "cat > /run/systemd/system/tandem.service.d/uml.conf <<'EOF'",
        "[Service]",
        "TimeoutStartSec=300s",
        "EOF",
        "cat > /run/systemd/system/tandem-ci.target <<'EOF'",
        "[Unit]",
        "Description=Tandem packaging test",
        "Requires=tandem-ci.service",
        "After=tandem-ci.service",
        "EOF",
        "cat > /run/systemd/system/tandem-ci.service <<'EOF'",
        "[Unit]",
        "Description=Tandem packaging test driver",
        "Wants=sysinit.target",
        "After=sysinit.target",
        "[Service]",
        "Type=oneshot",
        "ExecStart=/bin/sh /run/work/driver.sh",
        "StandardOutput=file:/run/work/driver.log",
        "StandardError=inherit",
        "EOF",
        "exec /lib/systemd/systemd --system --unit=tandem-ci.target",
        "");
  }

  /** Runs inside, as a oneshot unit; every step reports a RESULT line, the test judges them. */
  private static final String DRIVER = """
      #!/bin/sh
      # The host kernel has no dummy links; this one has them as a module.
      modprobe -d /run/work/modules dummy || echo "RESULT modprobe=failed"
      ip link add eth0 type dummy && ip link set eth0 up && ip addr add 192.0.2.1/24 dev eth0
      state() { systemctl show tandem -p ActiveState -p SubState -p MainPID -p NRestarts -p Result -p ExecMainStatus | sort | tr '\\n' ' '; }
      t0=$(date +%s)
      systemctl start tandem; echo "RESULT start=$?"
      echo "RESULT start_seconds=$(( $(date +%s) - t0 ))"
      echo "RESULT started=$(state)"
      sleep 3
      echo "RESULT addrs=$(ip -br addr show eth0 | tr -s ' ')"
      tandem status > /dev/null 2>&1; echo "RESULT status=$?"
      # Outlive WatchdogSec twice over: only the daemon's WATCHDOG=1 pings keep it from being killed.
      sleep 22
      echo "RESULT after_watchdog=$(state)"
      systemctl reload tandem; echo "RESULT reload=$?"
      echo 'vrrp.bad { interface = eth0, vrid = 300 }' > /etc/tandem/conf.d/bad.conf
      systemctl reload tandem; echo "RESULT bad_reload=$?"
      rm -f /etc/tandem/conf.d/bad.conf
      echo "RESULT after_bad_reload=$(state)"
      systemctl stop tandem; echo "RESULT stop=$?"
      echo "RESULT stopped=$(state)"
      journalctl -u tandem --no-pager -o short-monotonic > /run/work/journal.log 2>&1
      echo "RESULT done=1"
      sync
      poweroff -f
      """;

  private static Path write(Path p, String text) throws IOException {
    Files.writeString(p, text);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "(no " + p.getFileName() + ")";
    } catch (IOException e) {
      return "(" + p + " unreadable: " + e.getMessage() + ")";
    }
  }
}
