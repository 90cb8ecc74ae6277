package io.tandem.checkers.core;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The result of one probe attempt.
 *
 * @param outcome {@link Outcome#OK} when the target passed, else why not
 * @param detail a short human-readable addition, e.g. "status 503" or "connect: Connection refused"
 * @param latencyNanos from the start of the attempt to its result
 * @param dynamicWeight a weight the target asked for (script exit status, file content), if any
 */
public record ProbeResult(Outcome outcome, String detail, long latencyNanos, OptionalInt dynamicWeight) {
  public ProbeResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(dynamicWeight, "dynamicWeight");
    if (latencyNanos < 0) {
      latencyNanos = 0;
    }
  }

  public static ProbeResult ok(long latencyNanos) {
    return new ProbeResult(Outcome.OK, "", latencyNanos, OptionalInt.empty());
  }

  public static ProbeResult okWithWeight(long latencyNanos, int weight) {
    return new ProbeResult(Outcome.OK, "weight " + weight, latencyNanos, OptionalInt.of(weight));
  }

  public static ProbeResult fail(Outcome outcome, String detail, long latencyNanos) {
    if (outcome == Outcome.OK) {
      throw new IllegalArgumentException("a failure cannot have outcome OK");
    }
    return new ProbeResult(outcome, detail, latencyNanos, OptionalInt.empty());
  }

  public boolean ok() {
    return outcome == Outcome.OK;
  }

  /** "OK" or e.g. "BAD_STATUS (status 503)". */
  public String reasonText() {
    return detail.isEmpty() ? outcome.name() : outcome.name() + " (" + detail + ")";
  }
}
