/**
 * Time as the cores see it: a monotonic {@link io.tandem.common.time.MonotonicClock} and a
 * {@link io.tandem.common.time.Scheduler}, both handed in through constructors so that every
 * timer rule can be driven by a fake in tests. Core: the interfaces. Edge: {@link
 * io.tandem.common.time.SystemScheduler}, the one real implementation the daemon wires in.
 */
package io.tandem.common.time;
