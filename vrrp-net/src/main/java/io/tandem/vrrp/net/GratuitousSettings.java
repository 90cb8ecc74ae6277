package io.tandem.vrrp.net;

import java.time.Duration;

/**
 * When to announce VIPs after becoming master (RFC 5798 section 6.4.2) and how to keep announcing.
 *
 * @param count frames per VIP in the initial burst (keepalived's garp_master_repeat, default 5)
 * @param interval gap between frames of a burst (garp_interval; 0 sends them back to back)
 * @param initialDelay wait before the first burst (0: at once, the usual choice)
 * @param refreshInterval period of refresh bursts while master, {@link Duration#ZERO} for none
 *     (garp_master_refresh); keeps stale caches in check when a peer without VMAC stays master
 * @param refreshCount frames per VIP in each refresh burst (garp_master_refresh_repeat)
 */
public record GratuitousSettings(int count, Duration interval, Duration initialDelay, Duration refreshInterval,
    int refreshCount) {

  /** keepalived-like defaults: 5 at once, no refresh. */
  public static final GratuitousSettings DEFAULT =
      new GratuitousSettings(5, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1);

  public GratuitousSettings {
    if (count < 1 || count > 1000) {
      throw new IllegalArgumentException("gratuitous count must be 1..1000, got " + count);
    }
    if (refreshCount < 1 || refreshCount > 1000) {
      throw new IllegalArgumentException("gratuitous refresh count must be 1..1000, got " + refreshCount);
    }
    requireNonNegative(interval, "interval");
    requireNonNegative(initialDelay, "initial delay");
    requireNonNegative(refreshInterval, "refresh interval");
    if (!refreshInterval.isZero() && refreshInterval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("gratuitous refresh interval must be 0 (off) or at least 100 ms, got "
          + refreshInterval);
    }
  }

  private static void requireNonNegative(Duration d, String what) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException("gratuitous " + what + " must be >= 0, got " + d);
    }
  }
}
