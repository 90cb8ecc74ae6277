/**
 * Turning config plus checker results into the desired forwarding table ({@link
 * io.tandem.sync.reconcile.DesiredTables}), the minimal diff between desired and observed tables
 * ({@link io.tandem.sync.reconcile.TableDiff}), and the {@link io.tandem.sync.reconcile.Reconciler}
 * that drives a {@link io.tandem.sync.reconcile.ForwardingEngine} on a single scheduler thread with
 * retry and back-off. Core: pure functions and a scheduler-driven loop; engines are the edges.
 */
package io.tandem.sync.reconcile;
