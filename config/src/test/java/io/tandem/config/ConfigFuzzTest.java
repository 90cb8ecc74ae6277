package io.tandem.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * No input makes loading throw or fail internally: random text, and random edits of a valid
 * configuration, always end in a result whose errors all name a file and a line that exists.
 */
class ConfigFuzzTest {
  private static final String VALID = """
      vrrp.web {
        interface = eth0, vrid = 51, priority = 150, advert-interval = 100ms
        virtual-ips = ["192.0.2.10/24"]
        track { interfaces = [{ name = eth1, weight = -50 }], scripts = [{ name = s, command = ["/bin/true"] }] }
        unicast { source = 192.0.2.11, peers = [192.0.2.12] }
      }
      virtual-servers.web-http {
        vip = "192.0.2.10:80", scheduler = wlc, forwarding = dr, quorum { min = 1 }
        real-servers = [ { address = "192.0.2.101:80", weight = 2, check { type = http, path = /health, expect-status = [200] } } ]
      }
      sync-groups.g { instances = [web] }
      """;

  private static Path dir;

  @BeforeContainer
  static void makeDir() throws IOException {
    dir = Files.createTempDirectory("tandem-fuzz");
    Files.createDirectories(dir.resolve("conf.d"));
    Files.writeString(dir.resolve("tandem.conf"), "tandem { node-id = fuzz }\n");
  }

  @AfterContainer
  static void removeDir() throws IOException {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Property(tries = 400)
  void arbitraryTextNeverBreaksTheLoader(@ForAll("hoconish") String text) {
    assertWellBehaved(text);
  }

  @Property(tries = 600)
  void editedValidConfigNeverBreaksTheLoader(@ForAll("edits") String text) {
    assertWellBehaved(text);
  }

  @Provide
  Arbitrary<String> hoconish() {
    return Arbitraries.strings().withChars("{}[]=:,\"\n #.$?/abcdefvrip0123456789-_ \\")
        .ofMaxLength(200)
        .map(s -> "vrrp.x {" + s);
  }

  /** Deletes, duplicates or scrambles a span of the valid config. */
  @Provide
  Arbitrary<String> edits() {
    Arbitrary<Integer> pos = Arbitraries.integers().between(0, VALID.length() - 1);
    Arbitrary<Integer> len = Arbitraries.integers().between(1, 40);
    Arbitrary<String> insert = Arbitraries.strings().withChars("{}[]=:,\"\n x.-0123456789").ofMaxLength(8);
    return net.jqwik.api.Combinators.combine(pos, len, insert, Arbitraries.integers().between(0, 2))
        .as((p, l, ins, kind) -> {
          int end = Math.min(VALID.length(), p + l);
          return switch (kind) {
            case 0 -> VALID.substring(0, p) + VALID.substring(end);
            case 1 -> VALID.substring(0, end) + VALID.substring(p, end) + VALID.substring(end);
            default -> VALID.substring(0, p) + ins + VALID.substring(end);
          };
        });
  }

  private static void assertWellBehaved(String text) {
    try {
      Files.writeString(dir.resolve("conf.d/x.conf"), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ConfigResult r = ConfigLoader.load(dir.resolve("tandem.conf"));
    long lines = text.lines().count() + 1;
    for (ConfigError e : r.errors()) {
      assertFalse(e.message().contains("internal error"), () -> "loader failed internally on:\n" + text + "\n" + e);
      assertTrue(e.line() >= 0 && e.line() <= Math.max(lines, 1), () -> "error names a line that does not exist: " + e);
      assertTrue(e.file().equals("conf.d/x.conf") || e.file().equals("tandem.conf"), () -> "unexpected file in " + e);
    }
    assertTrue(r.ok() == r.config().isPresent());
  }
}
