package io.tandem.checkers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class QuorumStateTest {
  @Test
  void initialStateNeedsQuorumPlusHysteresis() {
    assertTrue(new QuorumState(3, 1, 4).up());
    assertFalse(new QuorumState(3, 1, 3).up());
  }

  @Test
  void gainsAtQuorumPlusHysteresisAndLosesBelowQuorumMinusHysteresis() {
    QuorumState q = new QuorumState(10, 2, 0);
    assertEquals(Optional.empty(), q.update(11));
    QuorumState.Change gained = q.update(12).orElseThrow();
    assertTrue(gained.up());
    assertEquals(12, gained.threshold());
    assertEquals(Optional.empty(), q.update(8)); // 8 is not below 10 - 2
    QuorumState.Change lost = q.update(7).orElseThrow();
    assertFalse(lost.up());
    assertEquals(8, lost.threshold());
  }

  @Test
  void aZeroSumLosesTheQuorumEvenWhenHysteresisCoversTheQuorum() {
    QuorumState q = new QuorumState(1, 3, 5);
    assertTrue(q.up());
    assertEquals(Optional.empty(), q.update(1)); // 1 is not below 1 - 3
    assertFalse(q.update(0).orElseThrow().up());
  }

  @Test
  void zeroQuorumAndNegativeSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new QuorumState(0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new QuorumState(-1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new QuorumState(1, -1, 0));
  }

  @Property
  void sumsInsideTheHysteresisBandNeverChangeTheState(
      @ForAll @IntRange(min = 4, max = 100) int quorum, @ForAll @IntRange(min = 1, max = 3) int hysteresis,
      @ForAll boolean startUp, @ForAll @Size(max = 100) List<@IntRange(min = 0, max = 6) Integer> offsets) {
    QuorumState q = new QuorumState(quorum, hysteresis, startUp ? quorum + hysteresis : 0);
    for (int offset : offsets) {
      // quorum - hysteresis <= sum < quorum + hysteresis: neither threshold is crossed
      long sum = quorum - hysteresis + (offset % (2 * hysteresis));
      assertEquals(Optional.empty(), q.update(sum), "sum " + sum);
      assertEquals(startUp, q.up());
    }
  }

  @Property
  void theStateAlwaysMatchesTheLastCrossedThreshold(
      @ForAll @IntRange(min = 1, max = 20) int quorum, @ForAll @IntRange(min = 0, max = 5) int hysteresis,
      @ForAll @Size(max = 100) List<@IntRange(min = 0, max = 40) Integer> sums) {
    QuorumState q = new QuorumState(quorum, hysteresis, 0);
    boolean up = false;
    for (int sum : sums) {
      if (!up && sum >= quorum + hysteresis) {
        up = true;
      } else if (up && (sum == 0 || sum < quorum - hysteresis)) {
        up = false;
      }
      q.update(sum);
      assertEquals(up, q.up());
    }
  }
}
