package io.tandem.migrate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The keepalived configurations under src/test/resources/keepalived/ (written for these tests).
 * {@code broken/*.conf} end with {@code # expect: LINE: text}, the error the import must report,
 * and optionally {@code # keepalived: accepts (why)} when keepalived itself only warns.
 */
final class Fixtures {
  private Fixtures() {}

  static Path dir(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/keepalived/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> confs(String name) {
    try (Stream<Path> s = Files.list(dir(name))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The "# expect: LINE: text" of a broken fixture, as "file:LINE" and the text. */
  static String[] expectation(Path broken) {
    return comment(broken, "# expect: ").map(e -> {
      int colon = e.indexOf(':');
      return new String[] {broken.getFileName() + ":" + e.substring(0, colon).strip(), e.substring(colon + 1).strip()};
    }).orElseThrow(() -> new IllegalStateException(broken + " has no '# expect: LINE: text' line"));
  }

  static boolean keepalivedAccepts(Path broken) {
    return comment(broken, "# keepalived: accepts").isPresent();
  }

  private static Optional<String> comment(Path file, String prefix) {
    try {
      return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
