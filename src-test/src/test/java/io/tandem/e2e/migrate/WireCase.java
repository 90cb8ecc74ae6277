package io.tandem.e2e.migrate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A pair of keepalived configurations for one virtual router (resources under
 * {@code migrate/wire/<dir>/}: {@code a.conf} for director A, {@code b.conf} for director B, the one
 * that is converted), and the masters a keepalived + keepalived pair elects along the scenario of
 * {@link WireEquivalenceIT}: after B joins a running A, after the master is stopped, after it
 * comes back, and (when the VIP did not go back) after the new master is stopped and comes back.
 * The reference run checks these against keepalived itself before Tandem is compared with it.
 */
enum WireCase {
  /** VRRPv3 over IPv4 at 100 ms, two VIPs (one labelled); B (150) preempts A (100). */
  V3_IPV4_100MS("v3-ipv4-100ms", "WEB", Duration.ofMillis(100), "B", "A", "B"),
  /** VRRPv2 with a simple password at 1 s; A (150) stays master, B (100) covers when A stops. */
  V2_AUTH_1S("v2-auth-1s", "VI_1", Duration.ofSeconds(1), "A", "B", "A"),
  /** VRRPv3 over IPv6 at 100 ms (no {@code version}: keepalived makes IPv6 instances v3); B preempts. */
  V3_IPV6("v3-ipv6", "V6", Duration.ofMillis(100), "B", "A", "B"),
  /** VRRPv3 at 100 ms with unicast peers instead of multicast; A (150) master. */
  V3_UNICAST("v3-unicast", "DB", Duration.ofMillis(100), "A", "B", "A"),
  /**
   * Both {@code nopreempt}, B has the higher priority: B never takes the VIP from a working A, and
   * A never takes it back from B; each only covers the other's stop.
   */
  V3_NOPREEMPT("v3-nopreempt", "API", Duration.ofMillis(100), "A", "B", "B", "A", "A");

  final String dir;
  final String instance;
  final Duration interval;
  /** Who is master after each step; see the class comment. */
  final List<String> masters;

  WireCase(String dir, String instance, Duration interval, String... masters) {
    this.dir = dir;
    this.instance = instance;
    this.interval = interval;
    this.masters = List.of(masters);
  }

  Path a() {
    return resource("a.conf");
  }

  Path b() {
    return resource("b.conf");
  }

  private Path resource(String name) {
    var url = WireCase.class.getResource("/migrate/wire/" + dir + "/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test resource migrate/wire/" + dir + "/" + name);
    }
    return Path.of(java.net.URI.create(url.toString()));
  }

  /**
   * How long a settled state must last to count: one master-down interval of the slower side
   * (3 × interval + skew, RFC 5798 §6.1) plus margin, so a backup that was going to take over would
   * have done so.
   */
  Duration hold() {
    return interval.multipliedBy(4).plusMillis(300);
  }
}
