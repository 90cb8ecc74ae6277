/**
 * The HTTP listener on {@code tandem.metrics.listen}: Prometheus {@code /metrics}, the read-only
 * status page at {@code /} (with its {@code status.js} and {@code status.css}) and its data at
 * {@code /status.json} and {@code /events.json}. Read-only by design: every change goes through the
 * root-only control socket. Edge.
 */
package io.tandem.daemon.web;
