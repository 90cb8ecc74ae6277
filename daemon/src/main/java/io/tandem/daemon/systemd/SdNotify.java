package io.tandem.daemon.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's notify protocol ({@code Type=notify}): datagrams such as {@code READY=1} and {@code
 * WATCHDOG=1} to the Unix socket named by {@code $NOTIFY_SOCKET}. The JDK has no Unix datagram
 * sockets, so this goes through libc; without {@code $NOTIFY_SOCKET} (not under systemd) every call
 * is a no-op.
 */
public final class SdNotify {
  private static final Logger log = LoggerFactory.getLogger(SdNotify.class);
  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SUN_PATH_MAX = 108;

  interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen) throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private final String socketPath;

  private SdNotify(String socketPath) {
    this.socketPath = socketPath;
  }

  /** From the environment: empty when not started by systemd with {@code Type=notify}. */
  public static Optional<SdNotify> fromEnvironment() {
    String path = System.getenv("NOTIFY_SOCKET");
    return path == null || path.isEmpty() ? Optional.empty() : Optional.of(new SdNotify(path));
  }

  /** The watchdog period systemd expects pings within ({@code $WATCHDOG_USEC}), if enabled for us. */
  public static Optional<Duration> watchdogInterval() {
    String usec = System.getenv("WATCHDOG_USEC");
    String pid = System.getenv("WATCHDOG_PID");
    if (usec == null || (pid != null && !pid.equals(Long.toString(ProcessHandle.current().pid())))) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofNanos(Long.parseLong(usec) * 1000));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Sends {@code state} (e.g. "READY=1\nSTATUS=running"); failures are logged, never thrown. */
  public void send(String state) {
    byte[] addr = sockaddrUn(socketPath);
    byte[] msg = state.getBytes(StandardCharsets.UTF_8);
    try {
      LibC libc = Native.load("c", LibC.class);
      int fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      try {
        libc.sendto(fd, msg, msg.length, 0, addr, addr.length);
      } finally {
        libc.close(fd);
      }
    } catch (LastErrorException | UnsatisfiedLinkError e) {
      log.warn("sd_notify {} failed: {}", state.replace('\n', ' '), e.getMessage());
    }
  }

  /** struct sockaddr_un; a leading '@' names an abstract socket (first path byte 0). */
  static byte[] sockaddrUn(String path) {
    byte[] p = path.getBytes(StandardCharsets.UTF_8);
    if (p.length >= SUN_PATH_MAX) {
      throw new IllegalArgumentException("NOTIFY_SOCKET path too long: " + path);
    }
    boolean abstractName = path.startsWith("@");
    int len = 2 + p.length + (abstractName ? 0 : 1);
    byte[] addr = new byte[len];
    addr[0] = (byte) AF_UNIX; // sa_family, little-endian u16
    System.arraycopy(p, 0, addr, 2, p.length);
    if (abstractName) {
      addr[2] = 0;
    }
    return addr;
  }
}
