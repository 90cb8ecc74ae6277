/**
 * The HTTP listener on {@code tandem.metrics.listen}: Prometheus {@code /metrics}, the read-only
 * status page at {@code /} and its data at {@code /status.json}. Read-only by design: every change
 * goes through the root-only control socket. Edge.
 */
package io.tandem.daemon.web;
