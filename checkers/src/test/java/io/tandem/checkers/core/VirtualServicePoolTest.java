package io.tandem.checkers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.checkers.core.VirtualServicePool.Member;
import io.tandem.checkers.core.VirtualServicePool.RealServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VirtualServicePoolTest {
  private static VirtualServicePool<String> pool(long quorum, long hysteresis, Optional<String> sorry) {
    return new VirtualServicePool<>(List.of(
        new RealServer<>("a", 2, false, true),
        new RealServer<>("b", 2, true, true),
        new RealServer<>("c", 1, false, true)), quorum, hysteresis, sorry, 1);
  }

  @Test
  void liveServersAreInTheTableWithTheirWeights() {
    VirtualServicePool.Decision<String> d = pool(1, 0, Optional.empty()).current();
    assertTrue(d.quorumUp());
    assertEquals(List.of(new Member<>("a", 2), new Member<>("b", 2), new Member<>("c", 1)), d.members());
    assertEquals(5, d.liveWeightSum());
  }

  @Test
  void aDeadServerLeavesTheTableUnlessInhibitedWhichKeepsItAtWeightZero() {
    VirtualServicePool<String> p = pool(1, 0, Optional.empty());
    assertEquals(List.of(new Member<>("b", 2), new Member<>("c", 1)), p.update("a", false, 2).members());
    assertEquals(List.of(new Member<>("b", 0), new Member<>("c", 1)), p.update("b", false, 2).members());
  }

  @Test
  void losingTheQuorumSwapsInTheSorryServerAndGainingItSwapsItOut() {
    VirtualServicePool<String> p = pool(4, 1, Optional.of("sorry"));
    assertTrue(p.current().quorumUp()); // 5 >= 4 + 1
    VirtualServicePool.Decision<String> d = p.update("a", false, 2); // 3 < 4 - 1? no: 3 >= 3
    assertTrue(d.quorumUp());
    assertEquals(Optional.empty(), d.quorumChange());
    d = p.update("c", false, 1); // 2 < 3: lost
    assertFalse(d.quorumUp());
    assertTrue(d.sorryServerActive());
    assertFalse(d.quorumChange().orElseThrow().up());
    assertEquals(List.of(new Member<>("sorry", 1)), d.members());
    d = p.update("a", true, 2); // 4 < 5: still lost (hysteresis)
    assertFalse(d.quorumUp());
    d = p.update("c", true, 1); // 5 >= 5: gained
    assertTrue(d.quorumChange().orElseThrow().up());
    assertFalse(d.sorryServerActive());
    assertEquals(3, d.members().size());
  }

  @Test
  void allDownWithoutSorryServerLeavesOnlyInhibitedRows() {
    VirtualServicePool<String> p = pool(1, 0, Optional.empty());
    p.update("a", false, 2);
    p.update("b", false, 2);
    VirtualServicePool.Decision<String> d = p.update("c", false, 1);
    assertFalse(d.quorumUp());
    assertEquals(List.of(new Member<>("b", 0)), d.members());
  }

  @Test
  void inhibitedDeadServersStayAtZeroWhileTheSorryServerServes() {
    VirtualServicePool<String> p = pool(1, 0, Optional.of("sorry"));
    p.update("a", false, 2);
    p.update("b", false, 2);
    VirtualServicePool.Decision<String> d = p.update("c", false, 1);
    assertEquals(List.of(new Member<>("sorry", 1), new Member<>("b", 0)), d.members());
  }

  @Test
  void unknownAndDuplicateServersAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> pool(1, 0, Optional.empty()).update("zz", true, 1));
    assertThrows(IllegalArgumentException.class, () -> new VirtualServicePool<>(
        List.of(new RealServer<>("a", 1, false, true), new RealServer<>("a", 1, false, true)), 1, 0,
        Optional.empty(), 1));
  }
}
