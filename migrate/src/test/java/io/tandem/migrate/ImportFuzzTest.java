package io.tandem.migrate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Import never throws and never reports an internal error on arbitrary input, and every error
 * names a line that exists in the file it names. Inputs mix raw text with keepalived's own words
 * (keywords, braces, quotes, definitions, conditionals, sequences, includes) so that the parser's
 * deeper paths are reached, not only its first check.
 */
class ImportFuzzTest {
  private static final List<String> WORDS = List.of("{", "}", "\"", "#", "!", "\\", "$X", "${X}", "$X=", "$Y=a \\",
      "@lb1", "@^lb1", "~SEQ(n, 1, 3)", "~SEQ(n,5)", "~SEQx(n, 250, 2, 260)", "$n", "include", "*.conf", "x.inc",
      "global_defs", "vrrp_instance", "VI_1", "vrrp_script", "chk", "script", "vrrp_sync_group", "group",
      "virtual_server", "real_server", "fwmark", "virtual_server_group", "TCP_CHECK", "HTTP_GET", "SSL_GET", "url",
      "path", "/health", "status_code", "MISC_CHECK", "misc_path", "DNS_CHECK", "UDP_CHECK", "payload", "PING_CHECK",
      "FILE_CHECK", "SMTP_CHECK", "interface", "eth0", "virtual_router_id", "priority", "advert_int", "state", "MASTER",
      "virtual_ipaddress", "192.0.2.1/24", "192.0.2.1", "2001:db8::1", "80", "0", "-1", "255", "256", "0.5",
      "track_script", "track_interface", "weight", "-50", "reverse", "notify_master", "/bin/true", "unicast_peer",
      "authentication", "auth_type", "PASS", "auth_pass", "lb_algo", "rr", "lb_kind", "DR", "quorum", "sorry_server",
      "delay_loop", "connect_timeout", "retry", "nb_get_retry", "nopreempt", "use_vmac", "prority", "\n", "\n", "\n");

  private Path dir;

  @BeforeProperty
  void createDirectory() throws IOException {
    dir = Files.createTempDirectory("tandem-import-fuzz");
  }

  @AfterProperty
  void removeDirectory() {
    KeepalivedImporter.deleteTree(dir);
  }

  @Provide
  Arbitrary<String> keepalivedish() {
    Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of(WORDS), Arbitraries.strings().ofMaxLength(6));
    return word.list().ofMaxSize(80).map(ws -> String.join(" ", ws));
  }

  @Provide
  Arbitrary<String> raw() {
    return Arbitraries.strings().withCharRange((char) 0, (char) 0x7f).withChars('{', '}', '"', '\n', '\\', '$', '@', '~', '#')
        .ofMaxLength(400);
  }

  @Property(tries = 300)
  void keepalivedLikeInputNeverBreaksTheImporter(@ForAll("keepalivedish") String text, @ForAll("keepalivedish") String inc)
      throws IOException {
    check(text, inc);
  }

  @Property(tries = 200)
  void rawInputNeverBreaksTheImporter(@ForAll("raw") String text) throws IOException {
    check(text, "");
  }

  private void check(String text, String included) throws IOException {
    Path main = dir.resolve("keepalived.conf");
    Files.writeString(main, text);
    Files.writeString(dir.resolve("x.inc"), included);
    for (Optional<String> instance : List.of(Optional.<String>empty(), Optional.of("lb1"))) {
      ImportResult r = KeepalivedImporter.importFile(main, instance);
      for (ImportError e : r.errors()) {
        assertFalse(e.message().startsWith("internal error"), e::toString);
        Path file = dir.resolve(e.at().file());
        assertTrue(Files.isRegularFile(file), () -> "error names a missing file: " + e);
        long lines = Files.readString(file).lines().count();
        assertTrue(e.at().line() >= 1 && e.at().line() <= lines, () -> "error names line " + e.at().line() + " of "
            + lines + ": " + e);
      }
      for (ReportItem item : r.report()) {
        assertTrue(item.at().line() >= 1, item::toString);
      }
      assertTrue(r.ok() || r.files().isEmpty(), "nothing is written when there are errors");
    }
  }
}
