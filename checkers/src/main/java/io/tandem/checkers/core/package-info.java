/**
 * The decisions, with no I/O and no clock of their own: {@link io.tandem.checkers.core.CheckState}
 * turns a stream of {@link io.tandem.checkers.core.ProbeResult}s into up/down transitions by
 * keepalived's retry and HAProxy's rise/fall rules, and {@link io.tandem.checkers.core.QuorumState}
 * / {@link io.tandem.checkers.core.VirtualServicePool} decide a virtual service's quorum, its sorry
 * server and the real-server set to forward to. Core: pure, driven directly by tests.
 */
package io.tandem.checkers.core;
