package io.tandem.notify.plan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A configured script: its argv (program path first; never passed through a shell), and optionally
 * the user to run it as and its own timeout (else the config's defaults apply).
 */
public record ScriptSpec(List<String> argv, Optional<ScriptUser> user, Optional<Duration> timeout) {
  public ScriptSpec {
    argv = List.copyOf(argv);
    if (argv.isEmpty() || argv.get(0).isEmpty()) {
      throw new IllegalArgumentException("script argv must start with the program path");
    }
    for (String a : argv) {
      if (a.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("script argument contains a NUL byte: " + argv.get(0));
      }
    }
    user = user == null ? Optional.empty() : user;
    timeout = timeout == null ? Optional.empty() : timeout;
    if (timeout.isPresent() && (timeout.get().isNegative() || timeout.get().isZero())) {
      throw new IllegalArgumentException("script timeout must be positive: " + argv.get(0));
    }
  }

  public static ScriptSpec of(String... argv) {
    return new ScriptSpec(List.of(argv), Optional.empty(), Optional.empty());
  }

  public ScriptSpec withTimeout(Duration t) {
    return new ScriptSpec(argv, user, Optional.of(t));
  }

  public ScriptSpec withUser(ScriptUser u) {
    return new ScriptSpec(argv, Optional.of(u), timeout);
  }
}
