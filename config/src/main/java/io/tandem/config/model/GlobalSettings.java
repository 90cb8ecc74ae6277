package io.tandem.config.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The {@code tandem} block of the main file. */
public record GlobalSettings(
    String nodeId,
    Path includeDir,
    Path controlSocket,
    Optional<HostPort> metricsListen,
    String logLevel,
    Duration interfaceWait,
    boolean scriptSecurity,
    Optional<String> scriptUser,
    boolean removeForwardingOnStop) {}
