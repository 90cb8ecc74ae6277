package io.tandem.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@link ConfigResult#orThrow()}: the configuration has errors, all listed. */
public final class InvalidConfigException extends RuntimeException {
  private final transient List<ConfigError> errors;

  public InvalidConfigException(List<ConfigError> errors) {
    super(errors.size() + " configuration error(s):\n"
        + errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<ConfigError> errors() {
    return errors;
  }
}
