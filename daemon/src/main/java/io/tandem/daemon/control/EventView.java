package io.tandem.daemon.control;

/** One state change for {@code tandem events}: what changed, from what to what, and why. */
public record EventView(long epochMillis, String kind, String subject, String from, String to, String reason) {
  /** The one-line form: {@code 2026-11-23T14:02:03.120Z vrrp web BACKUP -> MASTER (master_down_timer)}. */
  public String line() {
    return java.time.Instant.ofEpochMilli(epochMillis) + " " + kind + " " + subject + " " + from + " -> " + to
        + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")");
  }
}
