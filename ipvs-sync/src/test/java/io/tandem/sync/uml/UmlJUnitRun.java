package io.tandem.sync.uml;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.tandem.testkit.Requirements;
import io.tandem.testkit.UserModeLinux;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Host side of running JUnit classes inside user-mode Linux: boots it, starts {@link InsideUml} on
 * this JVM's own classpath (hostfs shows the same paths inside), reads the report back and turns
 * it into one dynamic test per {@code @Test} method, so each kernel check passes or fails on its
 * own in the host's test report. A check with no result (the kernel hung, the JVM inside died)
 * fails with the console and log tails.
 */
public final class UmlJUnitRun {
  enum Status { PASSED, FAILED, ABORTED }

  static final String END = "#end";

  record Result(String name, Status status, long millis, String detail) {}

  private UmlJUnitRun() {}

  /** One report line: name, status, milliseconds and the escaped detail, tab-separated. */
  static String line(String name, Status status, long millis, String detail) {
    return name + "\t" + status + "\t" + millis + "\t"
        + detail.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "");
  }

  static Result parse(String line) {
    String[] f = line.split("\t", 4);
    StringBuilder detail = new StringBuilder();
    String raw = f.length > 3 ? f[3] : "";
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        char n = raw.charAt(++i);
        detail.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
      } else {
        detail.append(c);
      }
    }
    return new Result(f[0], Status.valueOf(f[1]), Long.parseLong(f[2]), detail.toString());
  }

  /**
   * The sh command that starts {@code mainClass} inside UML on this JVM's java and classpath, its
   * temporary files in {@code workDir}, with {@code jvmOptions} (heap, JIT) added.
   */
  public static String javaCommand(Path workDir, List<String> jvmOptions, String mainClass, List<String> args) {
    String javaBinary = ProcessHandle.current().info().command().orElseThrow();
    // Under surefire/failsafe java.class.path may be a manifest-only jar; the real one is here.
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // Absolute: the script runs in workDir.
    classpath = String.join(":", Arrays.stream(classpath.split(":")).map(e -> Path.of(e).toAbsolutePath().toString()).toList());
    List<String> argv = new ArrayList<>(List.of(javaBinary, "-XX:+UseSerialGC", "-XX:-UsePerfData",
        "-Djava.io.tmpdir=" + workDir.resolve("tmp"), "-Djna.tmpdir=" + workDir.resolve("tmp"),
        "-Dtandem.require.all=" + Requirements.strict(), "--enable-native-access=ALL-UNNAMED"));
    argv.addAll(jvmOptions);
    argv.addAll(List.of("-cp", classpath, mainClass));
    argv.addAll(args);
    return String.join(" ", argv.stream().map(UserModeLinux::quote).toList());
  }

  /**
   * Runs {@code classes} inside one user-mode Linux boot (bounded by {@code timeout}) and returns
   * their results as dynamic tests. The caller has checked {@link UserModeLinux#requirePrerequisites()}.
   */
  public static Stream<DynamicTest> run(Path workDir, List<Class<?>> classes, Duration timeout) throws Exception {
    Path report = workDir.resolve("report.txt");
    List<String> args = new ArrayList<>();
    args.add(report.toString());
    classes.forEach(c -> args.add(c.getName()));
    // C1 only: these checks are short, and the JVM inside (one slow CPU) would spend seconds in C2.
    String script = javaCommand(workDir, List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"), InsideUml.class.getName(), args);
    UserModeLinux.Run run = UserModeLinux.run(workDir, 1024, UserModeLinux.IPVS_MODULES, script, timeout);
    System.out.printf("user-mode Linux run: %s in %.1f s (script exit %d)%n",
        run.finished() ? "finished" : "killed at the time limit", run.took().toNanos() / 1e9, run.scriptExit());
    Path log = workDir.resolve("script.log");
    if (Files.exists(log)) { // where the time went: per-check lines and the kernel's uptime at start and end
      Files.readAllLines(log).stream().filter(l -> l.startsWith("tandem-uml: "))
          .forEach(System.out::println);
    }

    Map<String, Result> results = new LinkedHashMap<>();
    boolean complete = false;
    if (Files.exists(report)) {
      for (String l : Files.readAllLines(report)) {
        if (l.equals(END)) {
          complete = true;
        } else if (!l.isBlank()) {
          Result r = parse(l);
          results.put(r.name(), r);
        }
      }
    }
    String context = "\n--- UML run: " + (run.finished() ? "finished" : "KILLED after " + run.took().toSeconds() + " s")
        + ", report " + (complete ? "complete" : "INCOMPLETE")
        + "\n--- log inside (tail):\n" + run.scriptLogTail() + "\n--- console (tail):\n" + run.consoleTail();

    List<DynamicTest> tests = new ArrayList<>();
    for (Class<?> c : classes) {
      List<Method> methods = new ArrayList<>();
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Test.class)) {
          methods.add(m);
        }
      }
      methods.sort(Comparator.comparing(Method::getName));
      Result classFailure = results.remove(c.getSimpleName());
      for (Method m : methods) {
        String name = c.getSimpleName() + "#" + m.getName();
        Result r = results.remove(name);
        tests.add(dynamicTest(name, () -> verdict(name, r != null ? r : classFailure, context)));
      }
    }
    for (Result extra : results.values()) { // e.g. the launcher itself failed
      tests.add(dynamicTest(extra.name(), () -> verdict(extra.name(), extra, context)));
    }
    return tests.stream();
  }

  private static void verdict(String name, Result r, String context) {
    if (r == null) {
      throw new AssertionFailedError(name + ": no result from inside user-mode Linux" + context);
    }
    switch (r.status()) {
      case PASSED -> { }
      case ABORTED -> Requirements.require(false, name + " was skipped inside user-mode Linux: " + r.detail());
      case FAILED -> throw new AssertionFailedError(name + " failed inside user-mode Linux ("
          + r.millis() + " ms):\n" + r.detail() + context);
    }
  }
}
