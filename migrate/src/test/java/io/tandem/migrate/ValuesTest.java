package io.tandem.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {
  private static String v6(String s) {
    return Values.literal(Values.ip(s).orElseThrow());
  }

  @Test
  void ipv6IsWrittenAsRfc5952Recommends() {
    assertEquals("2001:db8::1:0:0:1", v6("2001:db8:0:0:1:0:0:1"), "first of two equal runs");
    assertEquals("2001:db8:0:1:1:1:1:1", v6("2001:db8:0:1:1:1:1:1"), "a single zero group is not shortened");
    assertEquals("::", v6("::"));
    assertEquals("::1", v6("::1"));
    assertEquals("fe80::", v6("fe80:0:0:0:0:0:0:0"));
    assertEquals("2001:db8::ab", v6("2001:DB8::AB"));
    assertEquals("[2001:db8::1]:80", Values.hostPort(Values.ip("2001:db8::1").orElseThrow(), 80));
  }

  @Test
  void addressesMustBeLiterals() {
    assertTrue(Values.ip("localhost").isEmpty());
    assertTrue(Values.ip("192.0.2.256").isEmpty());
    assertTrue(Values.ip("192.0.2.1").isPresent());
  }

  @Test
  void shellWordsSplitLikeKeepalivedAndSpotShellSyntax() {
    ShellWords.Split s = ShellWords.split("/usr/bin/x 'a b' \"c d\" e\\ f");
    assertEquals(List.of("/usr/bin/x", "a b", "c d", "e f"), s.words());
    assertFalse(s.shellSyntax());
    assertTrue(ShellWords.split("/usr/bin/x > /tmp/log").shellSyntax());
    assertTrue(ShellWords.split("/usr/bin/x $HOME").shellSyntax());
    assertTrue(ShellWords.split("FOO=1 /usr/bin/x").shellSyntax());
    assertFalse(ShellWords.split("/usr/bin/x --opt=1").shellSyntax());
    assertFalse(ShellWords.split("/usr/bin/x 'unbalanced").balanced());
  }
}
