package io.tandem.checkers.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class EventLoopSchedulerTest {
  private static final long MS = 1_000_000L;

  @Test
  void delaysEndOnTheNextPointOfTheirGridNeverBefore() {
    long tick = 10 * MS;
    // A second: the tick grid. 1000 ms + 300 ns is due; the next 10 ms point is 1010 ms.
    assertEquals(1010 * MS - 300, EventLoopScheduler.alignedDelay(300, 1000 * MS, tick));
    assertEquals(1000 * MS, EventLoopScheduler.alignedDelay(10 * MS, 1000 * MS, tick)); // already on it
    assertEquals(1000 * MS, EventLoopScheduler.alignedDelay(-10 * MS, 1000 * MS, tick)); // nanoTime may be negative
    // 20 ms, shorter than ten ticks: the 1 ms grid. 20 ms + 300 ns is due; next point 21 ms.
    assertEquals(21 * MS - 300, EventLoopScheduler.alignedDelay(300, 20 * MS, tick));
    // Under 10 ms: exact.
    assertEquals(5 * MS + 7, EventLoopScheduler.alignedDelay(300, 5 * MS + 7, tick));
    // No grid at all with a zero tick; as soon as possible stays so.
    assertEquals(1234 * MS + 5, EventLoopScheduler.alignedDelay(300, 1234 * MS + 5, 0));
    assertEquals(0, EventLoopScheduler.alignedDelay(300, 0, tick));
    assertEquals(0, EventLoopScheduler.alignedDelay(300, -7, tick));
  }

  @Property
  void alignedDeadlinesAreOnTheirGridAndLessThanATenthOfTheDelayLate(@ForAll long now,
      @ForAll @LongRange(min = 1, max = 10_000_000_000L) long delay,
      @ForAll @LongRange(min = 2, max = 100_000_000L) long tick) {
    long aligned = EventLoopScheduler.alignedDelay(now, delay, tick);
    assertTrue(aligned >= delay && aligned - delay <= delay / 10, "delay " + delay + " became " + aligned);
    long grid = delay >= 10 * tick ? tick : delay >= 10 * MS ? Math.min(tick, MS) : 0;
    if (grid > 1) {
      assertEquals(0, Math.floorMod(Math.floorMod(now, grid) + Math.floorMod(aligned, grid), grid));
      assertTrue(aligned - delay < grid);
    }
  }
}
