/**
 * Notify: scripts, a keepalived-style FIFO and webhooks on every state change. {@link
 * io.tandem.notify.NotifyWiring} is the one place that connects the pure planner and dispatcher to
 * the real process, FIFO and HTTP edges; the daemon calls it.
 */
package io.tandem.notify;
