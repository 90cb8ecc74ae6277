package io.tandem.common.time;

/** A monotonic time source in nanoseconds. Only differences are meaningful; never wall-clock time. */
@FunctionalInterface
public interface MonotonicClock {
  long nanoTime();

  /** The JVM's monotonic clock. */
  MonotonicClock SYSTEM = System::nanoTime;
}
