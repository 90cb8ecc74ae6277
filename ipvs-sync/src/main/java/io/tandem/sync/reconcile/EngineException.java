package io.tandem.sync.reconcile;

/** A forwarding engine could not do what was asked as a whole (e.g. reading its table failed). */
public class EngineException extends Exception {
  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
