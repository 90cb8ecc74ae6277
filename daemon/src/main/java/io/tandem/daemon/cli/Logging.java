package io.tandem.daemon.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Sets the root log level at run time (config or command line). */
final class Logging {
  private Logging() {}

  static void setRootLevel(String level) {
    Level l = Level.toLevel(level, null);
    if (l == null) {
      throw new IllegalArgumentException("unknown log level '" + level + "' (error, warn, info, debug, trace)");
    }
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(l);
  }
}
