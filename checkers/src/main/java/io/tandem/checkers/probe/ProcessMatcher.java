package io.tandem.checkers.probe;

import io.tandem.checkers.spec.ProcessSpec;
import java.util.List;

/**
 * Whether one process matches a {@link ProcessSpec}, from its {@code comm} and argv. Pure, so the
 * kernel's 15-byte comm truncation rule can be tested without processes.
 */
public final class ProcessMatcher {
  /** TASK_COMM_LEN is 16 including the NUL (include/linux/sched.h). */
  static final int COMM_MAX = 15;

  private ProcessMatcher() {}

  public static boolean matches(ProcessSpec spec, String comm, List<String> argv) {
    boolean nameMatches;
    if (spec.name().length() <= COMM_MAX) {
      nameMatches = spec.name().equals(comm);
    } else {
      // comm holds only the first 15 bytes: compare those, then the full name with argv[0]'s base name.
      nameMatches = spec.name().startsWith(comm) && comm.length() == COMM_MAX
          && !argv.isEmpty() && baseName(argv.get(0)).equals(spec.name());
    }
    if (!nameMatches) {
      return false;
    }
    if (spec.args().isEmpty()) {
      return true;
    }
    return argv.size() == spec.args().size() + 1 && argv.subList(1, argv.size()).equals(spec.args());
  }

  private static String baseName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
