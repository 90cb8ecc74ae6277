package io.tandem.checkers.pool;

import io.tandem.checkers.probe.Probe;
import io.tandem.checkers.spec.ProbeSpec;

/** Makes the probe for a spec; {@link io.tandem.checkers.probe.Probes#create} in production, fakes in tests. */
@FunctionalInterface
public interface ProbeFactory {
  Probe create(ProbeSpec spec);
}
