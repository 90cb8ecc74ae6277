package io.tandem.checkers.core;

/**
 * A change of verdict on one check.
 *
 * @param up the new verdict
 * @param dynamicWeight the weight the target asked for, or -1 when it asked for none
 * @param cause why the verdict changed
 * @param result the probe result that tipped it
 */
public record Transition(boolean up, int dynamicWeight, Cause cause, ProbeResult result) {
  public enum Cause {
    /** {@code rise} consecutive good rounds while down. */
    ROSE,
    /** {@code fall} consecutive failed rounds while up. */
    FELL,
    /** Still up, but the target asked for a different weight. */
    WEIGHT_CHANGED
  }
}
