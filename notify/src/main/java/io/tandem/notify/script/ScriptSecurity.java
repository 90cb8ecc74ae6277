package io.tandem.notify.script;

import io.tandem.notify.plan.NotifyConfig;
import io.tandem.notify.plan.ScriptSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Config-time script check, after keepalived's {@code enable_script_security} (lib/notify.c
 * check_security() / check_script_secure() in keepalived 2.2.7).
 *
 * <p>Always: the program must exist (bare names are looked up on PATH, as execvp would), be a
 * regular file after resolving symbolic links, and be executable. When the daemon runs as root,
 * also every component of the resolved path, from {@code /} down to the file, must be owned by
 * root, and must be neither world-writable nor writable by a non-root group; a directory with the
 * sticky bit (like /tmp) may be group/world-writable, since others cannot replace root's entries
 * in it. Otherwise a local user could swap the script and have root run their code.
 */
public final class ScriptSecurity {
  private static final int S_IWOTH = 0002;
  private static final int S_IWGRP = 0020;
  private static final int S_ISVTX = 01000;

  private ScriptSecurity() {}

  /** Checks one program path; returns its resolved real path. */
  public static Path check(String program, boolean runningAsRoot) throws InsecureScriptException {
    Path path = resolve(program);
    Path real;
    try {
      real = path.toRealPath();
    } catch (IOException e) {
      throw new InsecureScriptException("script " + program + " does not exist or cannot be resolved: " + e.getMessage());
    }
    if (!Files.isRegularFile(real)) {
      throw new InsecureScriptException("script " + program + " is not a regular file (" + real + ")");
    }
    int mode = (int) attribute(real, "mode", program);
    if ((mode & 0111) == 0 || !Files.isExecutable(real)) {
      throw new InsecureScriptException("script " + program + " is not executable (mode "
          + Integer.toOctalString(mode & 07777) + ")");
    }
    if (runningAsRoot) {
      List<Path> chain = new ArrayList<>();
      for (Path p = real; p != null; p = p.getParent()) {
        chain.add(0, p);
      }
      for (Path p : chain) {
        checkComponent(p, p.equals(real), program);
      }
    }
    return real;
  }

  /** Whether this JVM runs as root, the condition for ownership checks and user switching. */
  public static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * Checks every script of {@code config}, and that each configured script user can be used: it
   * must exist (looked up with {@code id}), and a non-root daemon can only run scripts as itself.
   * Returns one message per problem; empty means all good.
   */
  public static List<String> checkAll(NotifyConfig config, boolean runningAsRoot) {
    Set<String> programs = new LinkedHashSet<>();
    Set<String> users = new LinkedHashSet<>();
    config.defaultScriptUser().ifPresent(u -> users.add(u.user()));
    for (ScriptSpec s : config.allScripts()) {
      programs.add(s.argv().get(0));
      s.user().ifPresent(u -> users.add(u.user()));
    }
    List<String> errors = new ArrayList<>();
    String self = System.getProperty("user.name");
    for (String user : users) {
      if (user.equals(self)) {
        continue;
      }
      if (!runningAsRoot) {
        errors.add("script user " + user + ": the daemon runs as " + self + ", not root, so it cannot switch user");
      } else if (!userExists(user)) {
        errors.add("script user " + user + " does not exist");
      }
    }
    for (String program : programs) {
      try {
        check(program, runningAsRoot);
      } catch (InsecureScriptException e) {
        errors.add(e.getMessage());
      }
    }
    return errors;
  }

  private static boolean userExists(String user) {
    try {
      Process p = new ProcessBuilder("id", "-u", "--", user).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void checkComponent(Path p, boolean isScript, String program) throws InsecureScriptException {
    long uid = attribute(p, "uid", program);
    long gid = attribute(p, "gid", program);
    int mode = (int) attribute(p, "mode", program);
    String what = isScript ? "script " + program : "directory " + p + " (holding script " + program + ")";
    if (uid != 0) {
      throw new InsecureScriptException(what + " is owned by uid " + uid + ", not root; refusing to run it as root");
    }
    boolean stickyDir = !isScript && (mode & S_ISVTX) != 0;
    if (stickyDir) {
      return;
    }
    if ((mode & S_IWOTH) != 0) {
      throw new InsecureScriptException(what + " is world-writable (mode " + Integer.toOctalString(mode & 07777)
          + "); any user could change what runs as root");
    }
    if (gid != 0 && (mode & S_IWGRP) != 0) {
      throw new InsecureScriptException(what + " is writable by group " + gid + " (mode "
          + Integer.toOctalString(mode & 07777) + "); its members could change what runs as root");
    }
  }

  private static long attribute(Path p, String name, String program) throws InsecureScriptException {
    try {
      Map<String, Object> attrs = Files.readAttributes(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
      return ((Number) attrs.get(name)).longValue();
    } catch (IOException | UnsupportedOperationException e) {
      throw new InsecureScriptException("cannot stat " + p + " (script " + program + "): " + e.getMessage());
    }
  }

  private static Path resolve(String program) throws InsecureScriptException {
    if (program.contains("/")) {
      return Path.of(program);
    }
    String pathVar = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : pathVar.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      File f = new File(dir, program);
      if (f.isFile()) {
        return f.toPath();
      }
    }
    throw new InsecureScriptException("script " + program + " not found on PATH (" + pathVar + ")");
  }
}
