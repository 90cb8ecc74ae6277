/**
 * Shared test support, used by the other modules at test scope only: a fake clock and scheduler
 * driven from one counter, the CI gate that turns missing prerequisites into failures, and small
 * helpers for network-namespace labs. Nothing here ships in the daemon.
 */
package io.tandem.testkit;
