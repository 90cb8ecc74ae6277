package io.tandem.sync.bench;

import io.tandem.sync.uml.UmlJUnitRun;
import io.tandem.testkit.UserModeLinux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Bench mode (not a test): boots user-mode Linux once and runs {@link IpvsSyncBench} inside, then
 * prints what it measured. Usage: {@code IpvsUmlBench [services=10000] [pairs=3] [changes=21]}.
 * Needs root, user-mode-linux and ipvsadm, as IpvsEngineIT does; everything it writes lives in a
 * temporary directory that is removed at the end.
 */
public final class IpvsUmlBench {
  public static void main(String[] args) throws Exception {
    String services = args.length > 0 ? args[0] : "10000";
    String pairs = args.length > 1 ? args[1] : "3";
    String changes = args.length > 2 ? args[2] : "21";
    for (Path p : List.of(UserModeLinux.KERNEL, UserModeLinux.MODULES)) {
      if (!Files.exists(p)) {
        throw new IllegalStateException(p + " missing: apt-get install user-mode-linux kmod ipvsadm");
      }
    }
    Path work = Files.createTempDirectory("ipv-bench");
    boolean ok;
    try {
      // Full JIT here (unlike the checks): the figures are about steady-state cost, the first run shows the cold one.
      String script = UmlJUnitRun.javaCommand(work, List.of("-Xmx1g"), IpvsSyncBench.class.getName(),
          List.of(services, pairs, changes));
      UserModeLinux.Run run = UserModeLinux.run(work, 3072, UserModeLinux.IPVS_MODULES, script, Duration.ofMinutes(40));
      System.out.print(Files.readString(work.resolve("script.log")));
      System.out.printf("(user-mode Linux %s after %.0f s, bench exit %d)%n", run.finished() ? "finished" : "KILLED",
          run.took().toNanos() / 1e9, run.scriptExit());
      ok = run.finished() && run.scriptExit() == 0;
      if (!ok) {
        System.out.println(run.consoleTail());
      }
    } finally {
      try (Stream<Path> files = Files.walk(work)) { // does not follow the modules symlink
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(ok ? 0 : 1);
  }

  private IpvsUmlBench() {}
}
