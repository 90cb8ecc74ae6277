package io.tandem.sync.uml;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The JVM started inside user-mode Linux: runs the given JUnit classes (kernel checks that need
 * IPVS) through the JUnit launcher and writes one line per result to a report file, flushed as it
 * goes, which {@link UmlJUnitRun} reads back on the host. Usage: {@code InsideUml REPORT CLASS...}.
 */
public final class InsideUml {
  /** Set (to "true") on the JVM inside UML; kernel check classes run only where it is set. */
  public static final String PROPERTY = "tandem.inside.uml";

  private InsideUml() {}

  public static void main(String[] args) throws IOException {
    Path report = Path.of(args[0]);
    List<String> classes = Arrays.asList(args).subList(1, args.length);
    System.setProperty(PROPERTY, "true");
    System.out.println("tandem-uml: JVM running at " + uptime());
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(report))) {
      try {
        run(classes, out);
      } catch (Throwable t) {
        out.println(UmlJUnitRun.line("launcher", UmlJUnitRun.Status.FAILED, 0, stackTrace(t)));
      }
      out.println(UmlJUnitRun.END);
    }
    System.out.println("tandem-uml: checks done at " + uptime());
    System.exit(0); // whatever threads a check left behind, this JVM is done
  }

  private static void run(List<String> classes, PrintWriter out) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(classes.stream().map(DiscoverySelectors::selectClass).toList())
        .build();
    // Jupiter only: discovering the other engines on the classpath (jqwik) costs seconds in UML.
    Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
        .enableTestEngineAutoRegistration(false)
        .enableTestExecutionListenerAutoRegistration(false)
        .addTestEngines(new JupiterTestEngine())
        .build());
    List<Long> started = new ArrayList<>();
    launcher.execute(request, new TestExecutionListener() {
      @Override
      public void executionStarted(TestIdentifier id) {
        started.add(System.nanoTime());
        System.out.println("tandem-uml: start " + name(id).orElse(id.getDisplayName()) + " at " + uptime());
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        long millis = (System.nanoTime() - started.remove(started.size() - 1)) / 1_000_000;
        String trace = result.getThrowable().map(InsideUml::stackTrace).orElse("");
        UmlJUnitRun.Status status = switch (result.getStatus()) {
          case SUCCESSFUL -> UmlJUnitRun.Status.PASSED;
          case ABORTED -> UmlJUnitRun.Status.ABORTED;
          case FAILED -> UmlJUnitRun.Status.FAILED;
        };
        // Tests, and containers that failed (a @BeforeAll): their tests then report nothing.
        if (id.isTest() || status != UmlJUnitRun.Status.PASSED) {
          name(id).ifPresent(n -> {
            out.println(UmlJUnitRun.line(n, status, millis, trace));
            out.flush();
          });
        }
        if (id.isTest()) {
          System.out.println("tandem-uml: " + status + " " + name(id).orElse(id.getDisplayName()) + " (" + millis + " ms)");
        }
      }

      @Override
      public void executionSkipped(TestIdentifier id, String reason) {
        name(id).ifPresent(n -> {
          out.println(UmlJUnitRun.line(n, UmlJUnitRun.Status.ABORTED, 0, "skipped: " + reason));
          out.flush();
        });
      }
    });
  }

  /** "Class#method" for a test, "Class" for a class container; empty for the engine root. */
  private static Optional<String> name(TestIdentifier id) {
    return id.getSource().flatMap(s -> switch (s) {
      case MethodSource m -> Optional.of(simple(m.getClassName()) + "#" + m.getMethodName());
      case ClassSource c -> Optional.of(simple(c.getClassName()));
      default -> Optional.<String>empty();
    });
  }

  /** Seconds since this kernel booted, for the log: where the time of a run goes. */
  private static String uptime() {
    try {
      return Files.readString(Path.of("/proc/uptime")).split(" ")[0] + " s";
    } catch (IOException e) {
      return "?";
    }
  }

  private static String simple(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
