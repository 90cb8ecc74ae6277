package io.tandem.common.time;

/** A handle on a scheduled task. Cancelling a task that already ran or was cancelled is a no-op. */
@FunctionalInterface
public interface Cancellable {
  void cancel();

  Cancellable NONE = () -> {};
}
