package io.tandem.checkers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.checkers.spec.CheckTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CheckStateTest {
  private static final ProbeResult OK = ProbeResult.ok(1_000);
  private static final ProbeResult REFUSED = ProbeResult.fail(Outcome.REFUSED, "connect: refused", 1_000);

  private static CheckTiming timing(int fall, int rise, int retry, boolean alpha) {
    return CheckTiming.of(Duration.ofSeconds(1), Duration.ofMillis(500)).withFallRise(fall, rise)
        .withRetry(retry, Duration.ofMillis(100)).withAlpha(alpha);
  }

  @Test
  void startsUpWithoutAlphaAndDownWithAlpha() {
    assertTrue(new CheckState(timing(3, 2, 0, false)).up());
    assertFalse(new CheckState(timing(3, 2, 0, true)).up());
  }

  @Test
  void goesDownOnTheFallthFailureAndNotBefore() {
    CheckState s = new CheckState(timing(3, 2, 0, false));
    assertEquals(Optional.empty(), s.onResult(REFUSED).transition());
    assertEquals(Optional.empty(), s.onResult(REFUSED).transition());
    Transition t = s.onResult(REFUSED).transition().orElseThrow();
    assertFalse(t.up());
    assertEquals(Transition.Cause.FELL, t.cause());
    assertEquals(Outcome.REFUSED, t.result().outcome());
  }

  @Test
  void aSuccessInTheMiddleResetsTheFailureRun() {
    CheckState s = new CheckState(timing(2, 1, 0, false));
    s.onResult(REFUSED);
    s.onResult(OK);
    assertEquals(Optional.empty(), s.onResult(REFUSED).transition());
    assertTrue(s.up());
    assertTrue(s.onResult(REFUSED).transition().isPresent());
  }

  @Test
  void alphaComesUpAfterRiseSuccesses() {
    CheckState s = new CheckState(timing(3, 2, 0, true));
    assertEquals(Optional.empty(), s.onResult(OK).transition());
    Transition t = s.onResult(OK).transition().orElseThrow();
    assertTrue(t.up());
    assertEquals(Transition.Cause.ROSE, t.cause());
  }

  @Test
  void retriesDoNotCountUntilTheLastOneFails() {
    CheckState s = new CheckState(timing(1, 1, 2, false));
    assertEquals(CheckState.Next.RETRY, s.onResult(REFUSED).next());
    assertEquals(CheckState.Next.RETRY, s.onResult(REFUSED).next());
    assertTrue(s.up());
    CheckState.Step last = s.onResult(REFUSED);
    assertEquals(CheckState.Next.ROUND, last.next());
    assertFalse(last.transition().orElseThrow().up());
  }

  @Test
  void aSuccessfulRetrySavesTheRound() {
    CheckState s = new CheckState(timing(1, 1, 1, false));
    assertEquals(CheckState.Next.RETRY, s.onResult(REFUSED).next());
    CheckState.Step ok = s.onResult(OK);
    assertEquals(CheckState.Next.ROUND, ok.next());
    assertEquals(Optional.empty(), ok.transition());
    assertTrue(s.up());
    // and the retry budget is whole again for the next round
    assertEquals(CheckState.Next.RETRY, s.onResult(REFUSED).next());
  }

  @Test
  void aNewDynamicWeightWhileUpIsAWeightChange() {
    CheckState s = new CheckState(timing(1, 1, 0, false));
    Transition t = s.onResult(ProbeResult.okWithWeight(1, 7)).transition().orElseThrow();
    assertEquals(Transition.Cause.WEIGHT_CHANGED, t.cause());
    assertEquals(7, t.dynamicWeight());
    assertEquals(Optional.empty(), s.onResult(ProbeResult.okWithWeight(1, 7)).transition());
    assertEquals(3, s.onResult(ProbeResult.okWithWeight(1, 3)).transition().orElseThrow().dynamicWeight());
  }

  @Test
  void risingCarriesTheDynamicWeight() {
    CheckState s = new CheckState(timing(1, 1, 0, true));
    Transition t = s.onResult(ProbeResult.okWithWeight(1, 4)).transition().orElseThrow();
    assertEquals(Transition.Cause.ROSE, t.cause());
    assertEquals(4, t.dynamicWeight());
  }

  // ---- properties ----

  @Property
  void transitionsAlternateAndStartFromTheInitialVerdict(
      @ForAll @Size(max = 200) List<Boolean> results,
      @ForAll @IntRange(min = 1, max = 5) int fall, @ForAll @IntRange(min = 1, max = 5) int rise,
      @ForAll @IntRange(min = 0, max = 3) int retry, @ForAll boolean alpha) {
    CheckState s = new CheckState(timing(fall, rise, retry, alpha));
    boolean verdict = !alpha;
    for (boolean ok : results) {
      Optional<Transition> t = s.onResult(ok ? OK : REFUSED).transition();
      if (t.isPresent()) {
        assertEquals(!verdict, t.get().up(), "a transition must flip the verdict");
        assertEquals(ok, t.get().up(), "only a success raises, only a failure lowers");
        verdict = t.get().up();
      }
      assertEquals(verdict, s.up());
    }
  }

  @Property
  void fallTimesRetryPlusOneFailuresAlwaysEndDownAndRiseSuccessesAlwaysEndUp(
      @ForAll @Size(max = 50) List<Boolean> prefix,
      @ForAll @IntRange(min = 1, max = 5) int fall, @ForAll @IntRange(min = 1, max = 5) int rise,
      @ForAll @IntRange(min = 0, max = 3) int retry, @ForAll boolean alpha) {
    CheckState s = new CheckState(timing(fall, rise, retry, alpha));
    prefix.forEach(ok -> s.onResult(ok ? OK : REFUSED));
    for (int i = 0; i < fall * (retry + 1); i++) {
      s.onResult(REFUSED);
    }
    assertFalse(s.up());
    for (int i = 0; i < rise; i++) {
      s.onResult(OK);
    }
    assertTrue(s.up());
  }

  @Property
  void neverMoreThanRetryRetriesInARow(
      @ForAll @Size(max = 200) List<Boolean> results, @ForAll @IntRange(min = 0, max = 4) int retry) {
    CheckState s = new CheckState(timing(2, 2, retry, false));
    int run = 0;
    for (boolean ok : results) {
      if (s.onResult(ok ? OK : REFUSED).next() == CheckState.Next.RETRY) {
        run++;
        assertTrue(run <= retry, "retried " + run + " times with retry=" + retry);
      } else {
        run = 0;
      }
    }
  }

  @Property
  void withoutRetriesDownHappensExactlyWhenTheFailureRunReachesFall(
      @ForAll @Size(max = 200) List<Boolean> results, @ForAll @IntRange(min = 1, max = 6) int fall) {
    CheckState s = new CheckState(timing(fall, 1, 0, false));
    List<Integer> expectedDownAt = new ArrayList<>();
    List<Integer> actualDownAt = new ArrayList<>();
    boolean up = true;
    int failures = 0;
    for (int i = 0; i < results.size(); i++) {
      boolean ok = results.get(i);
      failures = ok ? 0 : failures + 1;
      if (up && failures >= fall) {
        expectedDownAt.add(i);
        up = false;
      } else if (!up && ok) {
        up = true; // rise = 1
      }
      Optional<Transition> t = s.onResult(ok ? OK : REFUSED).transition();
      if (t.isPresent() && !t.get().up()) {
        actualDownAt.add(i);
      }
    }
    assertEquals(expectedDownAt, actualDownAt);
  }
}
