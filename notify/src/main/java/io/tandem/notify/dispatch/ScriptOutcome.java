package io.tandem.notify.dispatch;

import java.time.Duration;

/**
 * What running a script gave.
 *
 * @param result OK, FAILED or TIMEOUT
 * @param exitCode the exit status, or -1 when it did not exit by itself
 * @param output the first bytes of stdout+stderr (bounded), for the log
 * @param detail a short reason on failure ("exit 3", "timeout after PT5S, process group killed")
 */
public record ScriptOutcome(DeliveryResult result, int exitCode, String output, Duration elapsed, String detail) {}
