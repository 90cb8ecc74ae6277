package io.tandem.netlink;

import com.sun.jna.LastErrorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs code inside a network namespace. setns(2) changes the namespace of the calling thread only,
 * so the block runs on a fresh platform thread that enters the namespace and then ends; sockets,
 * netlink subscriptions and pcap handles opened there stay bound to that namespace for life, and
 * threads started there inherit it. Edge.
 */
public final class Namespaces {
  /** Where "ip netns add NAME" mounts named namespaces. */
  public static final Path NETNS_DIR = Path.of("/var/run/netns");

  private Namespaces() {}

  /** /var/run/netns/{@code name}. */
  public static Path named(String name) {
    if (name.isEmpty() || name.contains("/") || name.equals("..") || name.equals(".")) {
      throw new IllegalArgumentException("bad namespace name '" + name + "'");
    }
    return NETNS_DIR.resolve(name);
  }

  /** Runs {@code body} on a thread inside namespace {@code netns} and returns its result. */
  public static <T> T call(Path netns, Callable<T> body) {
    if (!Files.exists(netns)) {
      throw new IllegalArgumentException("no network namespace at " + netns);
    }
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        enter(netns);
        result.set(body.call());
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "netns-" + netns.getFileName());
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running in " + netns, e);
    }
    Throwable f = failure.get();
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
    if (f != null) {
      throw new IllegalStateException("failed in network namespace " + netns + ": " + f.getMessage(), f);
    }
    return result.get();
  }

  public static void run(Path netns, Runnable body) {
    call(netns, () -> {
      body.run();
      return null;
    });
  }

  /** Moves the calling thread into {@code netns}. Only for threads this code owns. */
  public static void enter(Path netns) {
    int fd;
    try {
      fd = LibC.INSTANCE.open(netns.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new NetlinkException("open " + netns, e.getErrorCode(), null);
    }
    try {
      LibC.INSTANCE.setns(fd, LibC.CLONE_NEWNET);
    } catch (LastErrorException e) {
      throw new NetlinkException("setns(" + netns + ", CLONE_NEWNET)", e.getErrorCode(), null);
    } finally {
      try {
        LibC.INSTANCE.close(fd);
      } catch (LastErrorException ignored) {
        // the namespace is entered or the error already reported
      }
    }
  }
}
