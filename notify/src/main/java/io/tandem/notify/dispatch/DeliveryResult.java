package io.tandem.notify.dispatch;

/** How a delivery ended; the metrics' second label. */
public enum DeliveryResult {
  /** Script exited 0, FIFO line written, webhook answered 2xx. */
  OK,
  /** Script exited non-zero or could not start; FIFO write failed; webhook gave up. */
  FAILED,
  /** Script ran past its timeout; its whole process group was killed. */
  TIMEOUT,
  /** Never attempted: its queue was full, or the notifier was closed. */
  DROPPED,
  /** Never attempted (or not retried): a newer event of the same object superseded it (coalescing on). */
  COALESCED
}
