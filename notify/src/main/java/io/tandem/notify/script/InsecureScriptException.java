package io.tandem.notify.script;

/** A configured script that must not run; the message says which path and why. */
public final class InsecureScriptException extends Exception {
  public InsecureScriptException(String message) {
    super(message);
  }
}
