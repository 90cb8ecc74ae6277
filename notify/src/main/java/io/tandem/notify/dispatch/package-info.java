/**
 * Getting deliveries done without ever holding up the caller: {@link
 * io.tandem.notify.dispatch.Notifier#publish} plans an event's deliveries and queues them on
 * per-(sink, object) lanes that workers drain in order, with bounded queues, optional coalescing
 * and webhook retries timed on an injected {@link io.tandem.common.time.Scheduler}. Core with
 * injected concurrency: the executor, scheduler, wall clock, jitter source and the three sinks
 * ({@link io.tandem.notify.dispatch.ScriptRunner}, {@link io.tandem.notify.dispatch.FifoSink},
 * {@link io.tandem.notify.dispatch.WebhookSender}) are handed in; the real ones live in the edge
 * packages script, fifo and webhook.
 */
package io.tandem.notify.dispatch;
