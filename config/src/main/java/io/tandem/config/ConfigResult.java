package io.tandem.config;

import io.tandem.config.model.TandemConfig;
import java.util.List;
import java.util.Optional;

/** The outcome of loading: a model when there are no errors, otherwise every error found. */
public record ConfigResult(Optional<TandemConfig> config, List<ConfigError> errors) {
  public ConfigResult {
    errors = List.copyOf(errors);
  }

  public boolean ok() {
    return errors.isEmpty();
  }

  /** The model; throws {@link InvalidConfigException} listing every error when there is none. */
  public TandemConfig orThrow() {
    return config.orElseThrow(() -> new InvalidConfigException(errors));
  }
}
