package io.tandem.checkers.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.checkers.SynCapture;
import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.probe.NettyTransport;
import io.tandem.checkers.spec.CheckSpec;
import io.tandem.checkers.spec.CheckTiming;
import io.tandem.checkers.spec.NetTarget;
import io.tandem.checkers.spec.TcpSpec;
import io.tandem.testkit.Requirements;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The production pool against a real TCP server; connections are counted as SYNs at the server. */
class CheckerPoolIT {
  private static final InetAddress LOOPBACK = loopbackV4(); // SynCapture sees IPv4

  private static InetAddress loopbackV4() {
    try {
      return InetAddress.getByName("127.0.0.1");
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void duplicateChecksOpenOneConnectionPerRoundAndAKilledServerIsReportedDownToEveryConsumer() throws Exception {
    Requirements.requireRoot(); // SynCapture's raw socket
    ServerSocket server = new ServerSocket(0, 100, LOOPBACK);
    // Connections counted as SYNs at the server: a TCP check ends with an RST before the server
    // could accept (see TcpProbe), so accept() would see none of them.
    SynCapture syns = new SynCapture(server.getLocalPort());
    CheckTiming timing = CheckTiming.of(Duration.ofMillis(200), Duration.ofMillis(150)).withFallRise(2, 1)
        .withWarmup(Duration.ZERO);
    TcpSpec probe = new TcpSpec(NetTarget.of(LOOPBACK, server.getLocalPort()));
    List<HealthEvent> vs1 = new CopyOnWriteArrayList<>();
    List<HealthEvent> vs2 = new CopyOnWriteArrayList<>();
    List<HealthEvent> vs3 = new CopyOnWriteArrayList<>();
    try (NettyTransport transport = NettyTransport.create(1);
        ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
        CheckerPool pool = CheckerPool.create(transport, blocking, new Random(7))) {
      pool.subscribe(CheckSpec.of(probe, timing, 10), vs1::add);
      pool.subscribe(CheckSpec.of(probe, timing, 20), vs2::add);
      pool.subscribe(new CheckSpec(probe, timing, 30, true), vs3::add);
      assertEquals(1, pool.runningChecks());
      Thread.sleep(1100); // rounds at 0, 200, ..., 1000 ms: 6
      int connections = syns.count();
      assertTrue(connections >= 5 && connections <= 7, "three consumers, one probe: " + connections + " connections");

      long killedAt = System.nanoTime();
      server.close();
      long deadline = killedAt + 3_000_000_000L;
      while ((vs1.size() < 2 || vs2.size() < 2 || vs3.size() < 2) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      long detectedMillis = (System.nanoTime() - killedAt) / 1_000_000;
      for (List<HealthEvent> events : List.of(vs1, vs2, vs3)) {
        assertEquals(2, events.size(), "events: " + events);
        assertEquals(HealthEvent.Cause.FELL, events.get(1).cause());
        assertFalse(events.get(1).up());
        assertEquals(Outcome.REFUSED, events.get(1).result().orElseThrow().outcome());
      }
      assertTrue(vs3.get(1).inTable());
      assertEquals(20, vs2.get(0).weight());
      // fall x interval + timeout + 50 ms is the target bound from the brief
      assertTrue(detectedMillis <= 2 * 200 + 150 + 50, "detected after " + detectedMillis + " ms");
      assertEquals(0, pool.metrics().watchdogFirings());
      assertTrue(pool.metrics().runs("tcp", Outcome.REFUSED) >= 2);
    } finally {
      syns.close();
      server.close();
    }
  }
}
