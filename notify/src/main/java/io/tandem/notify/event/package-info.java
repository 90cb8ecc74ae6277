/**
 * The state changes Tandem notifies about, as immutable records: a VRRP instance or sync group
 * changing state, a real server going up or down, a virtual service gaining or losing quorum.
 * Core: plain values, no I/O. The daemon builds these from the vrrp and checkers cores' outputs
 * (notify never imports them) and hands them to {@link io.tandem.notify.dispatch.Notifier#publish}.
 */
package io.tandem.notify.event;
