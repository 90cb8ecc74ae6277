package io.tandem.checkers.pool;

import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.CheckKey;
import java.util.Optional;

/** A snapshot of one running check, for the CLI and status page. */
public record CheckStatus(CheckKey key, boolean up, int consecutiveSuccesses, int consecutiveFailures,
    int subscribers, Optional<ProbeResult> lastResult) {}
