package io.tandem.daemon.control;

import java.util.function.Consumer;

/** What the control API can ask of the running daemon. Implementations must be thread-safe. */
public interface ControlHandler {
  StatusView status();

  /** Loads the configuration again and applies (or, dry, only computes) the difference. */
  ReloadView reload(boolean dryRun);

  /** Planned failover of a master instance to its best backup; returns a message for the operator. */
  String handover(String instance);

  /** Sets a real server's weight to 0 (drain) or back (undrain); existing connections are kept. */
  String drain(String service, String server, boolean drain);

  /** Delivers every event from now on until the returned handle is closed. */
  AutoCloseable subscribe(Consumer<EventView> listener);

  /** A request the operator can correct (unknown instance, not master…): reported as an error reply. */
  final class ControlException extends RuntimeException {
    public ControlException(String message) {
      super(message);
    }
  }
}
