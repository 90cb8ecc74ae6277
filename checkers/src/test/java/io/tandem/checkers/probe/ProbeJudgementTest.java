package io.tandem.checkers.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.spec.ProcessSpec;
import io.tandem.checkers.spec.ScriptSpec;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The pure verdict functions behind the local probes. */
class ProbeJudgementTest {
  @Test
  void fileContentWordsAndWeights() {
    assertEquals(Outcome.OK, FileProbe.judge("up", 0).outcome());
    assertEquals(Outcome.OK, FileProbe.judge(" Up \n", 0).outcome());
    assertEquals(Outcome.MARKED_DOWN, FileProbe.judge("DOWN", 0).outcome());
    assertEquals(OptionalInt.of(0), FileProbe.judge("0", 0).dynamicWeight());
    assertEquals(OptionalInt.of(250), FileProbe.judge("250\n", 0).dynamicWeight());
    assertEquals(Outcome.MARKED_DOWN, FileProbe.judge("-1", 0).outcome());
    assertEquals(Outcome.BAD_CONTENT, FileProbe.judge("", 0).outcome());
    assertEquals(Outcome.BAD_CONTENT, FileProbe.judge("maybe", 0).outcome());
    assertEquals(Outcome.BAD_CONTENT, FileProbe.judge("70000", 0).outcome());
  }

  @Test
  void scriptExitStatusAsKeepalivedMiscCheck() {
    ScriptSpec plain = new ScriptSpec(List.of("/bin/true"), false);
    ScriptSpec dynamic = new ScriptSpec(List.of("/bin/true"), true);
    assertTrue(ScriptProbe.judge(plain, 0, 0).ok());
    assertFalse(ScriptProbe.judge(plain, 2, 0).ok());
    assertFalse(ScriptProbe.judge(dynamic, 1, 0).ok());
    assertEquals(OptionalInt.of(0), ScriptProbe.judge(dynamic, 2, 0).dynamicWeight());
    assertEquals(OptionalInt.of(253), ScriptProbe.judge(dynamic, 255, 0).dynamicWeight());
    assertEquals("exit status 137 (killed by signal 9)", ScriptProbe.judge(plain, 137, 0).detail());
  }

  @Test
  void processNamesFollowTheKernelsCommTruncation() {
    assertTrue(ProcessMatcher.matches(ProcessSpec.of("nginx"), "nginx", List.of("nginx: master process")));
    assertFalse(ProcessMatcher.matches(ProcessSpec.of("nginx"), "nginx-debug", List.of("nginx-debug")));
    ProcessSpec longName = ProcessSpec.of("haproxy-wrapper-long");
    assertTrue(ProcessMatcher.matches(longName, "haproxy-wrapper", List.of("/usr/sbin/haproxy-wrapper-long", "-f")));
    assertFalse(ProcessMatcher.matches(longName, "haproxy-wrapper", List.of("/usr/sbin/haproxy-wrapper-other")));
    ProcessSpec withArgs = new ProcessSpec("sleep", List.of("30"), 1);
    assertTrue(ProcessMatcher.matches(withArgs, "sleep", List.of("/bin/sleep", "30")));
    assertFalse(ProcessMatcher.matches(withArgs, "sleep", List.of("/bin/sleep", "30", "x")));
  }

  @Test
  void cmdlineSplitsOnNul() {
    byte[] cmdline = "/bin/sleep\u000030\u0000".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(List.of("/bin/sleep", "30"), ProcessProbe.argv(cmdline));
  }

  @Test
  void icmpChecksumMatchesRfc1071() {
    // RFC 1071 section 3 example: 0001 f203 f4f5 f6f7 sums to ddf2, checksum 220d.
    byte[] data = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
    assertEquals(0x220d, IcmpEngine.checksum(data));
    byte[] request = IcmpEngine.echoRequest(false, 0x1234, 7);
    assertEquals(0, IcmpEngine.checksum(request), "a packet with its checksum in place sums to zero");
    assertEquals(8, request[0]);
    assertEquals(0x12, request[4]);
    assertEquals(7, request[7]);
  }
}
