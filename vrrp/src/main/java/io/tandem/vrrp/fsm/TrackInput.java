package io.tandem.vrrp.fsm;

/** A new value for one tracked input, fed by the daemon (it runs the scripts and reads the files). */
public sealed interface TrackInput {
  /** A tracked interface went up or down. */
  record InterfaceState(boolean up) implements TrackInput {}

  /** One run of a track script finished; rise/fall counting happens in the core. */
  record ScriptResult(boolean success) implements TrackInput {}

  /** The integer now written in a track file (keepalived {@code track_file}). */
  record FileValue(int value) implements TrackInput {}

  /** An external weight (e.g. a virtual service's quorum) or a forced fault. */
  record ExternalWeight(int weight, boolean fault) implements TrackInput {
    public ExternalWeight {
      if (Math.abs(weight) > TrackSpec.MAX_WEIGHT) {
        throw new IllegalArgumentException("external weight " + weight + " outside -253..253");
      }
    }
  }
}
