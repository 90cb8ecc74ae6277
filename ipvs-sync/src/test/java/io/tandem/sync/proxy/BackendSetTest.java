package io.tandem.sync.proxy;

import static io.tandem.sync.reconcile.Tables.nat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tandem.sync.model.Addresses;
import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.SchedulingMethod;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackendSetTest {
  private static final InetAddress CLIENT = Addresses.parse("192.0.2.2");
  private final Map<RealServerAddress, AtomicInteger> conns = new HashMap<>();

  private BackendSet set(SchedulingMethod s, DestSpec... dests) {
    return new BackendSet(s, List.of(dests), a -> conns.computeIfAbsent(a, k -> new AtomicInteger()));
  }

  private static Map<String, Integer> picks(BackendSet set, int n) {
    Map<String, Integer> m = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      m.merge(set.pick(CLIENT).address().toString(), 1, Integer::sum);
    }
    return m;
  }

  @Test
  void weightedRoundRobinIsExactOverOneCycleAndSkipsWeightZero() {
    BackendSet s = set(SchedulingMethod.WRR, nat("198.51.100.1", 80, 3), nat("198.51.100.2", 80, 1), nat("198.51.100.3", 80, 0));
    assertEquals(Map.of("198.51.100.1:80", 300, "198.51.100.2:80", 100), picks(s, 400));
  }

  @Test
  void weightedLeastConnectionsComparesConnectionsPerWeight() {
    BackendSet s = set(SchedulingMethod.WLC, nat("198.51.100.1", 80, 3), nat("198.51.100.2", 80, 1));
    conns.get(RealServerAddress.of("198.51.100.1", 80)).set(2);
    conns.get(RealServerAddress.of("198.51.100.2", 80)).set(1);
    assertEquals(RealServerAddress.of("198.51.100.1", 80), s.pick(CLIENT).address(), "2/3 < 1/1");
    BackendSet lc = set(SchedulingMethod.LC, nat("198.51.100.1", 80, 3), nat("198.51.100.2", 80, 1));
    assertEquals(RealServerAddress.of("198.51.100.2", 80), lc.pick(CLIENT).address(), "1 < 2 whatever the weights");
  }

  @Test
  void noServerWithWeightMeansNoPickAndUnsupportedSchedulerIsRefused() {
    assertNull(set(SchedulingMethod.RR, nat("198.51.100.1", 80, 0)).pick(CLIENT));
    assertThrows(IllegalArgumentException.class, () -> set(SchedulingMethod.MH, nat("198.51.100.1", 80, 1)));
  }
}
