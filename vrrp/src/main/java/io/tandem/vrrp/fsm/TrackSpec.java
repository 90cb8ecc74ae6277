package io.tandem.vrrp.fsm;

import java.util.Objects;

/**
 * One tracked input of an instance and how it moves the priority, following keepalived:
 *
 * <ul>
 *   <li>{@link Kind#INTERFACE} and {@link Kind#SCRIPT}: weight 0 means "down/failing puts the
 *       instance in FAULT"; a positive weight is added while up/succeeding; a negative weight is
 *       added while down/failing. Scripts flip after {@code rise} consecutive successes or {@code
 *       fall} consecutive failures, and start failed when {@code initiallyFailed}.
 *   <li>{@link Kind#FILE}: the integer written in the file times the weight is added; with weight 0
 *       any non-zero value means FAULT.
 *   <li>{@link Kind#EXTERNAL}: a weight pushed by another part of the daemon (e.g. "virtual service
 *       lost quorum → −50"), added as is, or FAULT when the input says so.
 * </ul>
 */
public record TrackSpec(String name, Kind kind, int weight, int rise, int fall, boolean initiallyFailed) {
  public enum Kind { INTERFACE, SCRIPT, FILE, EXTERNAL }

  /** keepalived caps a track weight at ±253 so that one track alone cannot exceed the range. */
  public static final int MAX_WEIGHT = 253;

  public TrackSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (name.isBlank()) {
      throw new IllegalArgumentException("track name must not be blank");
    }
    if (Math.abs(weight) > MAX_WEIGHT) {
      throw new IllegalArgumentException("track '" + name + "': weight " + weight + " outside -253..253");
    }
    if (rise < 1 || fall < 1) {
      throw new IllegalArgumentException("track '" + name + "': rise and fall must be >= 1");
    }
  }

  public static TrackSpec iface(String name, int weight) {
    return new TrackSpec(name, Kind.INTERFACE, weight, 1, 1, false);
  }

  public static TrackSpec script(String name, int weight, int rise, int fall) {
    return new TrackSpec(name, Kind.SCRIPT, weight, rise, fall, false);
  }

  public static TrackSpec file(String name, int weight) {
    return new TrackSpec(name, Kind.FILE, weight, 1, 1, false);
  }

  public static TrackSpec external(String name) {
    return new TrackSpec(name, Kind.EXTERNAL, 0, 1, 1, false);
  }
}
