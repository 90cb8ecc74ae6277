package io.tandem.netlink;

/**
 * A netlink request the kernel refused, a socket call that failed, or a reply that could not be
 * parsed ({@link #errno()} 0). The message names the operation, the errno and, when the kernel
 * sent one through extended ack, its own explanation.
 */
public class NetlinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int errno;

  public NetlinkException(String operation, int errno, String kernelMessage) {
    super(operation + ": " + Errno.describe(errno)
        + (kernelMessage == null || kernelMessage.isEmpty() ? "" : " - kernel says: " + kernelMessage));
    this.errno = errno;
  }

  /** A malformed message or an impossible reply (no errno). */
  public NetlinkException(String message) {
    super(message);
    this.errno = 0;
  }

  /** The positive Linux errno, or 0 when the failure was not reported by the kernel. */
  public int errno() {
    return errno;
  }

  public boolean isNoSuchDevice() {
    return errno == Errno.ENODEV;
  }
}
