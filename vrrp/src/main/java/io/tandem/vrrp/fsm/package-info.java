/**
 * The VRRP state machine (RFC 5798 §6.4, RFC 3768 §6.4) for one virtual router instance.
 *
 * <p>{@link io.tandem.vrrp.fsm.VrrpMachine#step} is the one pure transition function: (snapshot,
 * event, now) → (next snapshot, {@link io.tandem.vrrp.fsm.TransitionReason}, effects). {@link
 * io.tandem.vrrp.fsm.VrrpInstance} owns a snapshot, runs the step, logs and counts transitions in
 * one place, arms timers on the injected {@link io.tandem.common.time.Scheduler} and hands every
 * other {@link io.tandem.vrrp.fsm.Effect} to a {@link io.tandem.vrrp.fsm.VrrpEffectSink} (the
 * Linux edge: raw socket, VIP netlink, GARP/NA, notify scripts). {@link
 * io.tandem.vrrp.fsm.SyncGroup} moves instances together. Inputs are immutable records ({@link
 * io.tandem.vrrp.fsm.InstanceSpec}, {@link io.tandem.vrrp.fsm.TrackSpec}); the daemon maps its
 * config onto them.
 *
 * <p>Core: no sockets, no threads, no system clock.
 */
package io.tandem.vrrp.fsm;
