/**
 * Deterministic simulation of a layer-2 segment: N nodes run the real {@code VrrpInstance} and
 * codec over {@link io.tandem.testkit.FakeScheduler} virtual time while seeded faults (loss, delay,
 * duplication, reordering, partitions, crashes, graceful stops, priority and track changes) hit
 * them (plus one-way link cuts), and the VRRP invariants are checked. Test support only.
 */
package io.tandem.vrrp.sim;
