package io.tandem.sync.lab;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads living in another network namespace: setns(2) affects only the calling thread, so
 * sockets a thread opens after entering belong to that namespace.
 */
public final class Netns {
  private static final int O_RDONLY = 0;
  private static final int CLONE_NEWNET = 0x40000000;

  private interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int open(String path, int flags);

    int setns(int fd, int nstype);

    int close(int fd);
  }

  private Netns() {}

  /** Moves the calling thread into namespace {@code name} (from {@code ip netns add}). */
  public static void enter(String name) {
    int fd = LibC.INSTANCE.open("/run/netns/" + name, O_RDONLY);
    if (fd < 0) {
      throw new IllegalStateException("cannot open /run/netns/" + name + " (errno " + Native.getLastError() + ")");
    }
    try {
      if (LibC.INSTANCE.setns(fd, CLONE_NEWNET) != 0) {
        throw new IllegalStateException("setns into " + name + " failed (errno " + Native.getLastError() + ")");
      }
    } finally {
      LibC.INSTANCE.close(fd);
    }
  }

  /** An executor whose threads all run inside namespace {@code name}. */
  public static ExecutorService executorIn(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(() -> {
        enter(name);
        r.run();
      }, "ns-" + name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }
}
