package io.tandem.checkers.spec;

import java.util.List;

/**
 * An external check (keepalived MISC_CHECK): {@code argv} runs without a shell in its own session
 * and process group. Exit 0 = up. With {@code dynamicWeight} (keepalived misc_dynamic) an exit
 * status of 2..255 also means up, with weight = status - 2; exit 1 is down. Without it any non-zero
 * status is down. A script still running at the check's timeout is killed with its whole group.
 */
public record ScriptSpec(List<String> argv, boolean dynamicWeight) implements ProbeSpec {
  public ScriptSpec {
    argv = List.copyOf(argv);
    if (argv.isEmpty() || argv.get(0).isBlank()) {
      throw new IllegalArgumentException("script argv is empty");
    }
    if (!argv.get(0).startsWith("/")) {
      throw new IllegalArgumentException("script path must be absolute (no PATH lookup in a daemon): " + argv.get(0));
    }
  }

  @Override
  public String type() {
    return "script";
  }

  @Override
  public String describe() {
    return "script " + String.join(" ", argv);
  }
}
