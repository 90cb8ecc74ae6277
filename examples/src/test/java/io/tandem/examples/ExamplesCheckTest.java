package io.tandem.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tandem.daemon.cli.TandemCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every example configuration (each directory with a tandem.conf) passes {@code tandem check}. */
class ExamplesCheckTest {
  @TestFactory
  Stream<DynamicTest> everyExamplePassesCheck() throws IOException {
    Path root = Path.of(System.getProperty("user.dir"));
    List<Path> mains;
    try (Stream<Path> s = Files.walk(root, 3)) {
      mains = s.filter(p -> p.getFileName().toString().equals("tandem.conf"))
          .filter(p -> !p.startsWith(root.resolve("target"))).sorted().toList();
    }
    assertFalse(mains.isEmpty(), "no examples found under " + root);
    return mains.stream().map(main -> DynamicTest.dynamicTest(root.relativize(main).toString(), () -> {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = TandemCli.execute(new String[] {"check", "-f", main.toString()},
          new PrintWriter(out, true), new PrintWriter(err, true));
      assertEquals(0, exit, main + ":\n" + err);
    }));
  }
}
