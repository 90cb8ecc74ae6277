package io.tandem.checkers.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.CheckSpec;
import io.tandem.checkers.spec.CheckTiming;
import io.tandem.checkers.spec.NetTarget;
import io.tandem.checkers.spec.ProbeSpec;
import io.tandem.checkers.spec.TcpSpec;
import io.tandem.testkit.FakeScheduler;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CheckerPoolTest {
  private static final long MS = 1_000_000L;
  private static final ProbeResult OK = ProbeResult.ok(MS);
  private static final ProbeResult REFUSED = ProbeResult.fail(Outcome.REFUSED, "connect: refused", MS);

  private final FakeScheduler clock = new FakeScheduler();
  private final Map<ProbeSpec, ScriptedProbe> probes = new HashMap<>();
  private final List<ProbeSpec> created = new ArrayList<>();

  /** A random whose nextLong(bound) is a fixed, distinctive value, so the warm-up delay is known. */
  private static RandomGenerator fixedJitter(long nanos) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return nanos;
      }

      @Override
      public long nextLong(long bound) {
        return Math.min(nanos, bound - 1);
      }
    };
  }

  private CheckerPool pool(IntFunction<ProbeResult> results, long jitterNanos) {
    return new CheckerPool(clock, spec -> {
      created.add(spec);
      ScriptedProbe p = new ScriptedProbe(clock, results);
      probes.put(spec, p);
      return p;
    }, fixedJitter(jitterNanos));
  }

  private static TcpSpec tcp(int lastOctet) {
    try {
      return new TcpSpec(NetTarget.of(InetAddress.getByName("192.0.2." + lastOctet), 80));
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static CheckTiming timing() {
    return CheckTiming.of(Duration.ofSeconds(1), Duration.ofMillis(300)).withFallRise(2, 2);
  }

  @Test
  void identicalChecksRunOnceAndFeedEveryConsumer() {
    CheckerPool pool = pool(n -> n < 3 ? OK : REFUSED, 0);
    List<HealthEvent> vs1 = new ArrayList<>();
    List<HealthEvent> vs2 = new ArrayList<>();
    pool.subscribe(CheckSpec.of(tcp(1), timing(), 5), vs1::add);
    pool.subscribe(new CheckSpec(tcp(1), timing(), 9, true), vs2::add);
    clock.runDue();
    assertEquals(1, created.size());
    assertEquals(1, pool.runningChecks());
    assertEquals(2, pool.subscriptions());

    clock.advance(Duration.ofMillis(4500)); // rounds at 0,1,2 ok; 3,4 refused -> down at 4 s
    assertEquals(5, probes.get(tcp(1)).runs());
    assertEquals(List.of(HealthEvent.Cause.INITIAL, HealthEvent.Cause.FELL), vs1.stream().map(HealthEvent::cause).toList());
    HealthEvent down1 = vs1.get(1);
    HealthEvent down2 = vs2.get(1);
    assertFalse(down1.up());
    assertEquals(0, down1.weight());
    assertFalse(down1.inTable());
    assertTrue(down2.inTable(), "the inhibit-on-failure consumer keeps the server at weight 0");
    assertEquals(4000 * MS, down1.atNanos());
    assertEquals(Outcome.REFUSED, down1.result().orElseThrow().outcome());
    assertTrue(down1.describe().contains("is down (weight 0), because REFUSED"), down1.describe());
    assertEquals(5, vs1.get(0).weight());
    assertEquals(9, vs2.get(0).weight());
  }

  @Test
  void differentParametersAreDifferentChecks() {
    CheckerPool pool = pool(n -> OK, 0);
    pool.subscribe(CheckSpec.of(tcp(1), timing(), 1), e -> {});
    pool.subscribe(CheckSpec.of(tcp(2), timing(), 1), e -> {});
    pool.subscribe(CheckSpec.of(tcp(1), timing().withFallRise(5, 5), 1), e -> {});
    assertEquals(3, pool.runningChecks());
  }

  @Test
  void theProbeStopsWhenTheLastConsumerLeaves() {
    CheckerPool pool = pool(n -> OK, 0);
    List<HealthEvent> events = new ArrayList<>();
    Subscription a = pool.subscribe(CheckSpec.of(tcp(1), timing(), 1), events::add);
    Subscription b = pool.subscribe(CheckSpec.of(tcp(1), timing(), 1), events::add);
    clock.advance(Duration.ofMillis(1500));
    a.close();
    a.close(); // idempotent
    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, pool.runningChecks());
    assertEquals(3, probes.get(tcp(1)).runs());
    b.close();
    clock.runDue();
    assertEquals(0, pool.runningChecks());
    assertTrue(probes.get(tcp(1)).closed);
    clock.assertNothingPending();
    // a new subscriber after that starts a fresh check
    pool.subscribe(CheckSpec.of(tcp(1), timing(), 1), events::add);
    clock.runDue();
    assertEquals(2, created.size());
  }

  @Test
  void aLateSubscriberLearnsTheCurrentVerdictAtOnce() {
    CheckerPool pool = pool(n -> REFUSED, 0);
    pool.subscribe(CheckSpec.of(tcp(1), timing(), 1), e -> {});
    clock.advance(Duration.ofMillis(1500)); // two failures: down
    List<HealthEvent> late = new ArrayList<>();
    pool.subscribe(CheckSpec.of(tcp(1), timing(), 3), late::add);
    clock.runDue();
    assertEquals(1, late.size());
    assertEquals(HealthEvent.Cause.INITIAL, late.get(0).cause());
    assertFalse(late.get(0).up());
    assertEquals(Outcome.REFUSED, late.get(0).result().orElseThrow().outcome());
  }

  @Test
  void theFirstRoundWaitsForTheInjectedJitterAndRoundsKeepTheirCadence() {
    CheckerPool pool = pool(n -> OK, 123 * MS);
    pool.subscribe(CheckSpec.of(tcp(1), timing(), 1), e -> {});
    clock.advance(Duration.ofMillis(3200));
    assertEquals(List.of(123 * MS, 1123 * MS, 2123 * MS, 3123 * MS), probes.get(tcp(1)).startTimes);
  }

  @Test
  void retriesWaitTheirDelayAndAFailedRoundStillKeepsTheCadence() {
    CheckTiming t = timing().withFallRise(1, 1).withRetry(2, Duration.ofMillis(100)).withWarmup(Duration.ZERO);
    CheckerPool pool = pool(n -> n == 0 ? OK : REFUSED, 0);
    List<HealthEvent> events = new ArrayList<>();
    pool.subscribe(CheckSpec.of(tcp(1), t, 1), events::add);
    clock.advance(Duration.ofMillis(1250));
    assertEquals(List.of(0L, 1000 * MS, 1100 * MS, 1200 * MS), probes.get(tcp(1)).startTimes);
    assertEquals(HealthEvent.Cause.FELL, events.get(1).cause());
    assertEquals(1200 * MS, events.get(1).atNanos());
    clock.advance(Duration.ofMillis(800));
    assertEquals(2000 * MS, probes.get(tcp(1)).startTimes.get(4));
  }

  @Test
  void aProbeThatNeverAnswersIsAbandonedByTheWatchdog() {
    CheckTiming t = timing().withFallRise(1, 1).withWarmup(Duration.ZERO);
    CheckerPool pool = pool(n -> null, 0);
    List<HealthEvent> events = new ArrayList<>();
    pool.subscribe(CheckSpec.of(tcp(1), t, 1), events::add);
    clock.advance(Duration.ofMillis(1299));
    assertEquals(1, events.size());
    clock.advance(Duration.ofMillis(1));
    assertEquals(1, pool.metrics().watchdogFirings());
    assertEquals(Outcome.TIMEOUT, events.get(1).result().orElseThrow().outcome());
    assertTrue(probes.get(tcp(1)).open.get(0).isDone(), "the abandoned attempt is completed so the probe cleans up");
    // the next round starts at once: the overrun round used up its interval
    assertEquals(2, probes.get(tcp(1)).runs());
  }

  @Test
  void aDynamicWeightReplacesTheConfiguredOne() {
    CheckTiming t = timing().withFallRise(1, 1).withWarmup(Duration.ZERO);
    CheckerPool pool = pool(n -> ProbeResult.okWithWeight(MS, 7), 0);
    List<HealthEvent> events = new ArrayList<>();
    pool.subscribe(CheckSpec.of(tcp(1), t, 1), events::add);
    clock.advance(Duration.ofMillis(10));
    assertEquals(HealthEvent.Cause.WEIGHT_CHANGED, events.get(1).cause());
    assertEquals(7, events.get(1).weight());
  }

  @Test
  void alphaStartsDownAndRisesAfterRiseGoodRounds() {
    CheckTiming t = timing().withAlpha(true).withWarmup(Duration.ZERO);
    CheckerPool pool = pool(n -> OK, 0);
    List<HealthEvent> events = new ArrayList<>();
    pool.subscribe(CheckSpec.of(tcp(1), t, 4), events::add);
    clock.runDue();
    assertFalse(events.get(0).up());
    assertTrue(events.get(0).describe().contains("alpha"), events.get(0).describe());
    clock.advance(Duration.ofMillis(1000));
    assertEquals(HealthEvent.Cause.ROSE, events.get(1).cause());
    assertEquals(4, events.get(1).weight());
    assertEquals(1000 * MS, events.get(1).atNanos());
  }

  @Test
  void closingThePoolStopsEverything() {
    CheckerPool pool = pool(n -> OK, 0);
    pool.subscribe(CheckSpec.of(tcp(1), timing(), 1), e -> {});
    pool.subscribe(CheckSpec.of(tcp(2), timing(), 1), e -> {});
    clock.advance(Duration.ofMillis(1500));
    pool.close();
    clock.runDue();
    clock.assertNothingPending();
    assertTrue(probes.values().stream().allMatch(p -> p.closed));
  }

  @Test
  void metricsCountRunsByTypeAndOutcome() {
    CheckerPool pool = pool(n -> n % 2 == 0 ? OK : REFUSED, 0);
    pool.subscribe(CheckSpec.of(tcp(1), timing().withWarmup(Duration.ZERO), 1), e -> {});
    clock.advance(Duration.ofMillis(3500)); // runs at 0,1,2,3
    assertEquals(2, pool.metrics().runs("tcp", Outcome.OK));
    assertEquals(2, pool.metrics().runs("tcp", Outcome.REFUSED));
    CheckerMetrics.TypeSnapshot s = pool.metrics().snapshot().get("tcp");
    assertEquals(4, s.runs());
    assertEquals(0, s.cumulativeBuckets()[0], "1 ms latencies are not under the 1 ms bound");
    assertEquals(4, s.cumulativeBuckets()[1]);
  }

  /** Property, on the FakeScheduler: a server that dies at round k is reported down at the fall-th failed round. */
  @Property(tries = 200)
  void aDeadServerIsReportedDownAfterExactlyFallRounds(
      @ForAll @IntRange(min = 0, max = 10) int deathRound, @ForAll @IntRange(min = 1, max = 5) int fall,
      @ForAll @IntRange(min = 0, max = 3) int retry, @ForAll @IntRange(min = 0, max = 999) int jitterMillis) {
    FakeScheduler fake = new FakeScheduler();
    List<Long> retryDelays = new ArrayList<>();
    CheckTiming t = CheckTiming.of(Duration.ofSeconds(1), Duration.ofMillis(200)).withFallRise(fall, 1)
        .withRetry(retry, Duration.ofMillis(50));
    ScriptedProbe[] probe = new ScriptedProbe[1];
    CheckerPool pool = new CheckerPool(fake, spec -> {
      probe[0] = new ScriptedProbe(fake, n -> fake.nanoTime() >= (jitterMillis + deathRound * 1000L) * MS ? REFUSED : OK);
      return probe[0];
    }, fixedJitter(jitterMillis * MS));
    List<HealthEvent> events = new ArrayList<>();
    pool.subscribe(CheckSpec.of(tcp(1), t, 1), events::add);
    fake.advance(Duration.ofSeconds(deathRound + fall + 2));
    HealthEvent down = events.stream().filter(e -> e.cause() == HealthEvent.Cause.FELL).findFirst().orElseThrow();
    long expected = (jitterMillis + (deathRound + fall - 1) * 1000L + retry * 50L) * MS;
    assertEquals(expected, down.atNanos());
    assertEquals(1, events.stream().filter(e -> e.cause() == HealthEvent.Cause.FELL).count());
    pool.close();
    fake.runDue();
    fake.assertNothingPending();
  }
}
