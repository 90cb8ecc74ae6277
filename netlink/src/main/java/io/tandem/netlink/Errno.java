package io.tandem.netlink;

import java.util.Map;

/** Linux errno values the netlink edge gives meaning to, and names for messages. */
public final class Errno {
  private Errno() {}

  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EACCES = 13;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int ENODEV = 19;
  public static final int EINVAL = 22;
  public static final int ERANGE = 34;
  public static final int EOPNOTSUPP = 95;
  public static final int EAFNOSUPPORT = 97;
  public static final int EADDRNOTAVAIL = 99;
  public static final int ENETDOWN = 100;
  public static final int ENOBUFS = 105;

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(EPERM, "EPERM (operation not permitted: needs CAP_NET_ADMIN)"),
      Map.entry(ENOENT, "ENOENT (no such entry)"),
      Map.entry(EINTR, "EINTR"),
      Map.entry(EAGAIN, "EAGAIN (timed out)"),
      Map.entry(ENOMEM, "ENOMEM"),
      Map.entry(EACCES, "EACCES (permission denied)"),
      Map.entry(EBUSY, "EBUSY (device or resource busy)"),
      Map.entry(EEXIST, "EEXIST (already exists)"),
      Map.entry(ENODEV, "ENODEV (no such interface)"),
      Map.entry(EINVAL, "EINVAL (invalid argument)"),
      Map.entry(ERANGE, "ERANGE"),
      Map.entry(EOPNOTSUPP, "EOPNOTSUPP (not supported, kernel module missing?)"),
      Map.entry(EAFNOSUPPORT, "EAFNOSUPPORT (address family not supported: IPv6 disabled?)"),
      Map.entry(EADDRNOTAVAIL, "EADDRNOTAVAIL (address not on the interface)"),
      Map.entry(ENETDOWN, "ENETDOWN (interface down)"),
      Map.entry(ENOBUFS, "ENOBUFS (socket buffer overrun: events were lost)"));

  /** "EEXIST (already exists)" for known codes, "errno 42" otherwise. */
  public static String describe(int errno) {
    return NAMES.getOrDefault(errno, "errno " + errno);
  }
}
