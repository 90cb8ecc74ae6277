package io.tandem.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.testkit.Requirements;
import io.tandem.testkit.Sh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsRegistryTest {
  @TempDir Path dir;

  private static MetricsRegistry sample() {
    MetricsRegistry r = new MetricsRegistry();
    r.counter("tandem_vrrp_transitions_total", "VRRP state transitions.", "instance", "to", "reason")
        .inc("web", "master", "master_down_timer");
    r.gauge("tandem_vrrp_state", "1 for the instance's current state.", "instance", "state").set(1, "web", "master");
    MetricsRegistry.Histogram h = r.histogram("tandem_check_duration_seconds", "Check latency.",
        new double[] {0.001, 0.01, 0.1}, "type");
    h.observe(0.0005, "tcp");
    h.observe(0.05, "tcp");
    h.observe(3, "tcp");
    r.collect("tandem_notify_queue_depth", "gauge", "Events waiting per hook.",
        out -> out.accept(List.of("hook"), List.of("a \"quoted\"\\name\nline"), 2));
    return r;
  }

  @Test
  void histogramBucketsAreCumulativeWithSumAndCount() {
    String text = sample().scrape();
    assertTrue(text.contains("tandem_check_duration_seconds_bucket{type=\"tcp\",le=\"0.001\"} 1\n"), text);
    assertTrue(text.contains("tandem_check_duration_seconds_bucket{type=\"tcp\",le=\"0.1\"} 2\n"), text);
    assertTrue(text.contains("tandem_check_duration_seconds_bucket{type=\"tcp\",le=\"+Inf\"} 3\n"), text);
    assertTrue(text.contains("tandem_check_duration_seconds_count{type=\"tcp\"} 3\n"), text);
    assertTrue(text.contains("tandem_check_duration_seconds_sum{type=\"tcp\"} 3.0505\n"), text);
  }

  @Test
  void labelValuesAreEscaped() {
    assertTrue(sample().scrape().contains("{hook=\"a \\\"quoted\\\"\\\\name\\nline\"} 2\n"));
  }

  @Test
  void namingRulesAreEnforcedAtRegistration() {
    MetricsRegistry r = new MetricsRegistry();
    assertThrows(IllegalArgumentException.class, () -> r.counter("tandem_adverts", "no _total"));
    assertThrows(IllegalArgumentException.class, () -> r.gauge("bad-name", "dash"));
    r.gauge("tandem_x", "x");
    assertThrows(IllegalArgumentException.class, () -> r.gauge("tandem_x", "twice"));
    assertThrows(IllegalArgumentException.class, () -> r.counter("tandem_y_total", "y", "a").inc("1", "2"));
  }

  @Test
  void countersAddUp() {
    MetricsRegistry r = new MetricsRegistry();
    MetricsRegistry.Counter c = r.counter("tandem_things_total", "Things.", "kind");
    for (int i = 0; i < 5; i++) {
      c.inc("a");
    }
    c.labels("b").add(7);
    assertEquals(5, c.value("a"));
    assertEquals(7, c.value("b"));
    assertEquals(0, c.value("c"));
  }

  /** promtool is the reference parser and linter; scripts/test.sh installs it (package prometheus). */
  @Test
  void expositionPassesPromtoolCheckMetrics() throws IOException {
    Requirements.requireCommand("promtool");
    Path f = dir.resolve("metrics.txt");
    Files.writeString(f, sample().scrape());
    Sh.Result r = Sh.exec(List.of("sh", "-c", "promtool check metrics < " + f));
    assertEquals(0, r.exit(), r.out());
    assertEquals("", r.out().trim(), "promtool lint findings:\n" + r.out());
  }
}
