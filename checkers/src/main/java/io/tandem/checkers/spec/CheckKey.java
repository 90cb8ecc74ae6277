package io.tandem.checkers.spec;

import java.util.Objects;

/**
 * The identity of a check that runs once however many virtual services use it: same probe (target,
 * type and every parameter) and same timing. Records give {@code equals}/{@code hashCode} over all
 * of them.
 */
public record CheckKey(ProbeSpec probe, CheckTiming timing) {
  public CheckKey {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(timing, "timing");
  }

  @Override
  public String toString() {
    return probe.describe();
  }
}
