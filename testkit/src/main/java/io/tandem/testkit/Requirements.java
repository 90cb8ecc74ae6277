package io.tandem.testkit;

import org.junit.jupiter.api.Assumptions;

/**
 * Gate for integration tests that need something from the machine (root, a binary, a kernel
 * feature). Locally a missing prerequisite skips the test; with {@code -Dtandem.require.all=true}
 * (set by scripts/test.sh whenever CI is set) it fails the test, so CI can never go green by
 * skipping.
 */
public final class Requirements {
  private Requirements() {}

  public static boolean strict() {
    return Boolean.getBoolean("tandem.require.all") || "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Skips (locally) or fails (in CI) the calling test unless {@code ok}. */
  public static void require(boolean ok, String what) {
    if (ok) {
      return;
    }
    if (strict()) {
      throw new AssertionError("prerequisite missing (CI mode turns skips into failures): " + what);
    }
    Assumptions.abort("prerequisite missing: " + what);
  }

  public static void requireRoot() {
    require("root".equals(System.getProperty("user.name")), "must run as root");
  }

  /** Requires an executable on the PATH (or an absolute path that exists). */
  public static void requireCommand(String name) {
    require(findCommand(name) != null, "command '" + name + "' not found on PATH (scripts/test.sh installs it)");
  }

  public static String findCommand(String name) {
    if (name.contains("/")) {
      return new java.io.File(name).canExecute() ? name : null;
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
      java.io.File f = new java.io.File(dir, name);
      if (f.canExecute()) {
        return f.getAbsolutePath();
      }
    }
    return null;
  }
}
