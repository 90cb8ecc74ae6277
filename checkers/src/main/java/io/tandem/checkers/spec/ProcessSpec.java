package io.tandem.checkers.spec;

import java.util.List;
import java.util.Objects;

/**
 * A named process is running (keepalived track_process): up when at least {@code minCount}
 * processes match. A process matches when its {@code /proc/PID/comm} equals {@code name} (the kernel
 * truncates comm to 15 bytes, so a longer name is compared with argv[0]'s base name), and, when
 * {@code args} is not empty, its remaining command-line arguments equal {@code args}.
 */
public record ProcessSpec(String name, List<String> args, int minCount) implements ProbeSpec {
  public ProcessSpec {
    if (name == null || name.isEmpty() || name.contains("/") || name.contains("\0")) {
      throw new IllegalArgumentException("process name must be non-empty without '/' or NUL: " + name);
    }
    args = List.copyOf(args);
    if (minCount < 1) {
      throw new IllegalArgumentException("minCount must be at least 1: " + minCount);
    }
  }

  public static ProcessSpec of(String name) {
    return new ProcessSpec(name, List.of(), 1);
  }

  @Override
  public String type() {
    return "process";
  }

  @Override
  public String describe() {
    return "process " + name + (args.isEmpty() ? "" : " " + String.join(" ", args));
  }
}
