package io.tandem.checkers.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bad values fail at construction with a message that names the problem. */
class SpecValidationTest {
  private static final NetTarget TARGET = NetTarget.of(InetAddress.getLoopbackAddress(), 80);

  private static void rejects(String fragment, Runnable build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void badValuesAreRejectedWithTheirName() throws Exception {
    rejects("port", () -> NetTarget.of(InetAddress.getLoopbackAddress(), 70000));
    InetAddress v6 = InetAddress.getByName("::1");
    rejects("different address families", () -> TARGET.withSource(v6));
    rejects("path", () -> HttpSpec.get(TARGET, "health"));
    rejects("whitespace", () -> HttpSpec.get(TARGET, "/a b"));
    rejects("digest", () -> HttpSpec.get(TARGET, "/").withDigest("nothex"));
    rejects("bodyRegex", () -> HttpSpec.get(TARGET, "/").withBodyRegex("(["));
    rejects("expectedStatus", () -> HttpSpec.get(TARGET, "/").withExpectedStatus(Set.of()));
    rejects("hex", () -> new UdpSpec(TARGET, "abc", Optional.empty()));
    rejects("query type", () -> DnsSpec.of(TARGET, "example.test", "BOGUS"));
    rejects("rcode", () -> new DnsSpec(TARGET, "example.test", "A", Set.of(16), true));
    rejects("absolute", () -> new ScriptSpec(List.of("check.sh"), false));
    rejects("absolute", () -> new FileSpec(Path.of("relative")));
    rejects("heloName", () -> new SmtpSpec(TARGET, "two words"));
    rejects("interval", () -> CheckTiming.of(Duration.ofMillis(1), Duration.ofMillis(1)));
    rejects("fall", () -> CheckTiming.of(Duration.ofSeconds(1), Duration.ofSeconds(1)).withFallRise(0, 1));
    rejects("weight", () -> CheckSpec.of(new TcpSpec(TARGET), CheckTiming.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), -1));
    rejects("netns", () -> new IcmpSpec(InetAddress.getLoopbackAddress(), Optional.empty(), Optional.of("../x")));
  }

  @Test
  void theCheckKeyIsTheProbeAndTimingNotTheConsumer() {
    CheckTiming t = CheckTiming.of(Duration.ofSeconds(1), Duration.ofSeconds(1));
    HttpSpec a = HttpSpec.get(TARGET, "/").withDigest("0123456789ABCDEF0123456789abcdef");
    HttpSpec b = HttpSpec.get(TARGET, "/").withDigest("0123456789abcdef0123456789ABCDEF");
    assertEquals(a, b, "digests compare case-insensitively");
    assertEquals(CheckSpec.of(a, t, 1).key(), new CheckSpec(b, t, 7, true).key());
    assertNotEquals(CheckSpec.of(a, t, 1).key(), CheckSpec.of(a.withVirtualHost("x.test"), t, 1).key());
    assertNotEquals(CheckSpec.of(a, t, 1).key(), CheckSpec.of(a, t.withRetry(1, Duration.ZERO), 1).key());
  }
}
