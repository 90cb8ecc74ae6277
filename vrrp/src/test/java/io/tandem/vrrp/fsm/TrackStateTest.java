package io.tandem.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrackStateTest {
  @Test
  void weightsAddUpAndClampForNonOwners() {
    TrackState t = TrackState.initial(List.of(TrackSpec.iface("eth1", 20), TrackSpec.iface("eth2", -50),
        TrackSpec.external("quorum")));
    assertEquals(120, t.effectivePriority(100)); // eth1 up: +20; eth2 up: nothing
    t = t.with("eth2", new TrackInput.InterfaceState(false));
    assertEquals(70, t.effectivePriority(100));
    t = t.with("quorum", new TrackInput.ExternalWeight(-200, false));
    assertEquals(1, t.effectivePriority(100)); // clamped to 1
    t = t.with("quorum", new TrackInput.ExternalWeight(200, false));
    assertEquals(254, t.effectivePriority(100)); // clamped to 254
    assertEquals(255, t.with("quorum", new TrackInput.ExternalWeight(-200, false)).effectivePriority(255));
    assertFalse(t.faulted());
  }

  @Test
  void reasonsNameOnlyTheTracksThatMoveThePriorityOrFault() {
    TrackState t = TrackState.initial(List.of(TrackSpec.iface("if:eth1", 20), TrackSpec.iface("if:eth2", -50),
        TrackSpec.iface("if:eth3", 0), TrackSpec.file("file:/w", 3), TrackSpec.external("service:web")));
    assertEquals(List.of("if:eth1 up: +20"), t.reasons());
    t = t.with("if:eth2", new TrackInput.InterfaceState(false))
        .with("if:eth3", new TrackInput.InterfaceState(false))
        .with("file:/w", new TrackInput.FileValue(-2))
        .with("service:web", new TrackInput.ExternalWeight(-60, false));
    assertEquals(List.of("if:eth1 up: +20", "if:eth2 down: -50", "if:eth3 down: FAULT", "file:/w = -2 x 3: -6",
        "service:web: -60"), t.reasons());
  }

  @Test
  void scriptsFlipOnlyAfterRiseOrFallResultsInARow() {
    TrackState t = TrackState.initial(List.of(TrackSpec.script("chk", 0, 2, 3)));
    t = t.with("chk", new TrackInput.ScriptResult(false)).with("chk", new TrackInput.ScriptResult(false));
    assertFalse(t.faulted(), "two failures of three");
    t = t.with("chk", new TrackInput.ScriptResult(true)); // breaks the run
    t = t.with("chk", new TrackInput.ScriptResult(false)).with("chk", new TrackInput.ScriptResult(false));
    assertFalse(t.faulted());
    t = t.with("chk", new TrackInput.ScriptResult(false));
    assertTrue(t.faulted());
    t = t.with("chk", new TrackInput.ScriptResult(true));
    assertTrue(t.faulted(), "one success of two");
    t = t.with("chk", new TrackInput.ScriptResult(true));
    assertFalse(t.faulted());
  }

  @Test
  void initiallyFailedScriptsStartDown() {
    TrackState t = TrackState.initial(List.of(new TrackSpec("chk", TrackSpec.Kind.SCRIPT, 10, 1, 1, true)));
    assertEquals(100, t.effectivePriority(100));
    assertEquals(110, t.with("chk", new TrackInput.ScriptResult(true)).effectivePriority(100));
  }

  @Test
  void fileValueIsMultipliedByWeightAndWeightZeroMeansFault() {
    TrackState t = TrackState.initial(List.of(TrackSpec.file("prio", 5), TrackSpec.file("maint", 0)));
    assertEquals(85, t.with("prio", new TrackInput.FileValue(-3)).effectivePriority(100));
    assertTrue(t.with("maint", new TrackInput.FileValue(1)).faulted());
    assertFalse(t.with("maint", new TrackInput.FileValue(0)).faulted());
  }

  @Test
  void externalInputCanForceFault() {
    TrackState t = TrackState.initial(List.of(TrackSpec.external("vs")));
    assertTrue(t.with("vs", new TrackInput.ExternalWeight(0, true)).faulted());
  }

  @Test
  void wrongInputKindOrUnknownTrackIsAClearError() {
    TrackState t = TrackState.initial(List.of(TrackSpec.iface("eth1", 0)));
    assertThrows(IllegalArgumentException.class, () -> t.with("eth1", new TrackInput.FileValue(1)));
    assertThrows(IllegalArgumentException.class, () -> t.with("eth9", new TrackInput.InterfaceState(true)));
    assertThrows(IllegalArgumentException.class, () -> TrackSpec.iface("x", 300));
  }
}
