package io.tandem.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.vrrp.packet.VrrpVersion;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InstanceSpecTest {
  private static InstanceSpec.Builder valid() {
    return InstanceSpec.builder("vi_1", 51).primaryAddress("192.0.2.1").vip("192.0.2.100/24");
  }

  @Test
  void builderAppliesKeepalivedDefaults() {
    InstanceSpec s = valid().build();
    assertEquals(VrrpVersion.V3, s.version());
    assertEquals(100, s.basePriority());
    assertEquals(Duration.ofSeconds(1), s.advertInterval());
    assertTrue(s.preempt());
    assertEquals(5, s.gratuitousRepeat());
  }

  @Test
  void badValuesAreErrorsNamingTheInstance() {
    assertMessage("vrrp instance 'vi_1': vrid must be 1..255", () -> InstanceSpec.builder("vi_1", 0).primaryAddress("192.0.2.1").vip("192.0.2.100").build());
    assertMessage("VRRPv2 supports IPv4 only", () -> valid().version(VrrpVersion.V2).primaryAddress("2001:db8::1").build());
    assertMessage("whole seconds", () -> valid().version(VrrpVersion.V2).advertInterval(Duration.ofMillis(500)).build());
    assertMessage("whole centiseconds", () -> valid().advertInterval(Duration.ofMillis(15)).build());
    assertMessage("authentication exists only in VRRPv2", () -> valid().password("x").build());
    assertMessage("password must be 1..8 bytes", () -> valid().version(VrrpVersion.V2).password("123456789").build());
    assertMessage("is not IPV4", () -> valid().vip("2001:db8::5/64").build());
    assertMessage("primary address is required", () -> InstanceSpec.builder("vi_1", 5).vip("192.0.2.1").build());
    assertMessage("listed twice", () -> valid().track(TrackSpec.iface("a", 1)).track(TrackSpec.iface("a", 2)).build());
    assertMessage("not an IP address literal", () -> valid().vip("example.com/24").build());
    assertMessage("not an IP address literal", () -> valid().vip("cafe/24").build()); // hex letters, still a hostname
    assertMessage("not an IP address literal", () -> valid().vip("192.0.2/24").build());
    assertMessage("needs 1..255 virtual addresses", () -> InstanceSpec.builder("vi_1", 5).primaryAddress("192.0.2.1").build());
  }

  private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    assertTrue(ex.getMessage().contains(fragment), () -> "'" + ex.getMessage() + "' lacks '" + fragment + "'");
  }
}
