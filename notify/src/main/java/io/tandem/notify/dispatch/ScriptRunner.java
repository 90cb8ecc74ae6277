package io.tandem.notify.dispatch;

import io.tandem.notify.plan.Delivery;

/** Runs one script to completion or timeout. Called on a notify worker thread, never the caller's. */
public interface ScriptRunner {
  ScriptOutcome run(Delivery.Script script) throws InterruptedException;
}
