package io.tandem.checkers.pool;

import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.CheckKey;
import java.time.Duration;
import java.util.Optional;

/**
 * A verdict on one real server, as one consumer sees it: sent once on subscription ({@link
 * Cause#INITIAL}) and then on every change.
 *
 * @param target what is probed, e.g. "tcp [2001:db8::1]:80"
 * @param up the verdict
 * @param weight the weight to forward with: the configured (or dynamic) weight while up, 0 while down
 * @param inTable whether the server belongs in the forwarding table: up, or down with inhibit-on-failure
 * @param result the probe result that decided, if any probe ran yet
 * @param atNanos scheduler clock time of the decision
 */
public record HealthEvent(CheckKey key, String target, boolean up, int weight, boolean inTable, Cause cause,
    Optional<ProbeResult> result, long atNanos) {

  public enum Cause {
    /** The state at subscription time (before any probe ran: up, or down in alpha mode). */
    INITIAL,
    /** Enough consecutive good rounds ({@code rise}). */
    ROSE,
    /** Enough consecutive failed rounds ({@code fall}), retries included. */
    FELL,
    /** Still up, but the target asked for another weight. */
    WEIGHT_CHANGED,
  }

  public Optional<Duration> latency() {
    return result.map(r -> Duration.ofNanos(r.latencyNanos()));
  }

  /** E.g. "real server tcp 192.0.2.1:80 is down (weight 0), because REFUSED (connect: Connection refused)". */
  public String describe() {
    String because = switch (cause) {
      case INITIAL -> result.map(r -> "last check " + r.reasonText()).orElse(up ? "initial state" : "alpha mode: starts down");
      case ROSE -> "passed its checks: " + result.map(ProbeResult::reasonText).orElse("?");
      case FELL -> result.map(ProbeResult::reasonText).orElse("?");
      case WEIGHT_CHANGED -> "it asked for weight " + weight;
    };
    return "real server " + target + " is " + (up ? "up" : "down") + " (weight " + weight
        + (inTable && !up ? ", inhibited" : "") + "), because " + because;
  }
}
