/**
 * The checker pool: one {@link io.tandem.checkers.pool.CheckRunner} per distinct check, shared by
 * every consumer that subscribed the same {@link io.tandem.checkers.spec.CheckKey}, driving its
 * probe on the injected {@link io.tandem.common.time.Scheduler} and feeding results to the pure
 * {@link io.tandem.checkers.core.CheckState}. Verdict changes go out as {@link
 * io.tandem.checkers.pool.HealthEvent}s; {@link io.tandem.checkers.pool.CheckerMetrics} counts runs
 * by type and outcome and buckets latencies. Runner state is touched only on the scheduler's
 * thread; timing is testable with the FakeScheduler and fake probes. Wiring layer between the core
 * and the probe edges.
 */
package io.tandem.checkers.pool;
