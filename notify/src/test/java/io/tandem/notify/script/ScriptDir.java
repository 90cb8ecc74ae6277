package io.tandem.notify.script;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temp directory (mode 0755, so a dropped-privilege script can reach it) holding test scripts. */
public final class ScriptDir implements AutoCloseable {
  public final Path dir;

  public ScriptDir() {
    try {
      dir = Files.createTempDirectory("nt-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes an executable (0755) /bin/sh script. */
  public Path script(String name, String body) {
    Path p = dir.resolve(name);
    try {
      Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  public Path resolve(String name) {
    return dir.resolve(name);
  }

  /** True when no process {@code pid} exists any more, or only its zombie is left. */
  public static boolean processGone(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Field 3, after the parenthesised command name, is the state.
      char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
      return state == 'Z' || state == 'X';
    } catch (IOException e) {
      return true;
    }
  }

  /** Polls {@link #processGone} for up to {@code seconds}: SIGKILL lands asynchronously. */
  public static boolean awaitGone(long pid, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!processGone(pid)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
