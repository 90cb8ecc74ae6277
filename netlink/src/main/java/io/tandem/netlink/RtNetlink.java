package io.tandem.netlink;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Requests to the kernel's routing netlink: look up links, add and remove addresses, create and
 * delete macvlans, set links up. Edge. The socket is bound to the network namespace of the thread
 * that calls {@link #open()} (see {@link Namespaces}); interface names are resolved by the kernel
 * in that namespace, so the calling thread's namespace no longer matters afterwards.
 *
 * <p>Requests are serialised (one outstanding at a time), each waits for the kernel's ack for at
 * most {@link #REPLY_TIMEOUT}. Every refusal becomes a {@link NetlinkException} naming the
 * operation, the errno and the kernel's extended-ack text.
 */
public final class RtNetlink implements AutoCloseable {
  /** How long a request waits for its ack; the kernel answers in microseconds, so this means "stuck". */
  public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(2);
  private static final int DUMP_ATTEMPTS = 3;

  private final NetlinkSocket socket;
  private int seq = (int) (System.nanoTime() & 0x3fffffff);

  private RtNetlink(NetlinkSocket socket) {
    this.socket = socket;
  }

  /** Opens a request socket in the calling thread's network namespace. */
  public static RtNetlink open() {
    return new RtNetlink(new NetlinkSocket(0, Duration.ofMillis(200), 0));
  }

  // ---- links --------------------------------------------------------------------------------

  /** The ifindex of {@code name}; throws (ENODEV) when there is no such interface. */
  public int ifIndex(String name) {
    return link(name).index();
  }

  /** The link called {@code name}; throws a {@link NetlinkException} with ENODEV when absent. */
  public synchronized LinkInfo link(String name) {
    Objects.requireNonNull(name, "name");
    int s = nextSeq();
    List<NetlinkMessage> replies = request(Rtnl.getLinkByName(s, name, NetlinkSocket.ORDER), s, "get link " + name, false);
    return single(replies, "get link " + name);
  }

  public synchronized LinkInfo link(int index) {
    int s = nextSeq();
    List<NetlinkMessage> replies = request(Rtnl.getLinkByIndex(s, index, NetlinkSocket.ORDER), s, "get link #" + index, false);
    return single(replies, "get link #" + index);
  }

  /** Every link in the namespace. */
  public synchronized List<LinkInfo> links() {
    List<LinkInfo> out = new ArrayList<>();
    for (NetlinkMessage m : dump(Rtnl.dumpLinks(0, NetlinkSocket.ORDER), "dump links")) {
      if (m.type() == Rtnl.RTM_NEWLINK) {
        out.add(Rtnl.decodeLink(m, NetlinkSocket.ORDER));
      }
    }
    return out;
  }

  /** Sets IFF_UP on or off. */
  public synchronized void setLinkUp(String name, boolean up) {
    int index = linkIndexUnlocked(name);
    int s = nextSeq();
    request(Rtnl.setLinkUp(s, index, up, NetlinkSocket.ORDER), s, "set link " + name + (up ? " up" : " down"), true);
  }

  /**
   * Creates a macvlan {@code name} on {@code parent} with {@code mac}, left down. Throws with EEXIST
   * when a link of that name exists already (the caller decides whether it is the right one).
   */
  public synchronized void createMacvlan(String name, String parent, MacAddress mac, MacvlanMode mode) {
    int parentIndex = linkIndexUnlocked(parent);
    int s = nextSeq();
    request(Rtnl.newMacvlan(s, name, parentIndex, mac, mode, NetlinkSocket.ORDER), s,
        "create macvlan " + name + " on " + parent + " with " + mac, true);
  }

  /** Sets how the link derives its IPv6 link-local address (before bringing it up). */
  public synchronized void setInet6AddrGenMode(String name, Inet6AddrGenMode mode) {
    int index = linkIndexUnlocked(name);
    int s = nextSeq();
    request(Rtnl.setInet6AddrGenMode(s, index, mode, NetlinkSocket.ORDER), s, "set addrgenmode " + mode + " on " + name, true);
  }

  /** Deletes link {@code name}. Returns false when it did not exist (idempotent delete). */
  public synchronized boolean deleteLink(String name) {
    int index;
    try {
      index = linkIndexUnlocked(name);
    } catch (NetlinkException e) {
      if (e.isNoSuchDevice()) {
        return false;
      }
      throw e;
    }
    int s = nextSeq();
    try {
      request(Rtnl.deleteLink(s, index, NetlinkSocket.ORDER), s, "delete link " + name, true);
      return true;
    } catch (NetlinkException e) {
      if (e.isNoSuchDevice()) {
        return false; // deleted by someone else in between
      }
      throw e;
    }
  }

  // ---- addresses ----------------------------------------------------------------------------

  /**
   * Adds {@code address/prefixLength} to {@code ifName}, with an IPv4 {@code label} (null for none;
   * like iproute2 we require it to start with the interface name). Returns true when added, false
   * when the address was already there (EEXIST: idempotent, the VIP is in place).
   */
  public synchronized boolean addAddress(String ifName, InetAddress address, int prefixLength, String label) {
    if (label != null && !label.startsWith(ifName)) {
      throw new IllegalArgumentException("label '" + label + "' must start with the interface name '" + ifName + "'");
    }
    int index = linkIndexUnlocked(ifName);
    int s = nextSeq();
    String op = "add address " + address.getHostAddress() + "/" + prefixLength + " to " + ifName;
    try {
      request(Rtnl.address(Rtnl.RTM_NEWADDR, s, index, address, prefixLength, label, NetlinkSocket.ORDER), s, op, true);
      return true;
    } catch (NetlinkException e) {
      if (e.errno() == Errno.EEXIST) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Removes {@code address/prefixLength} from {@code ifName}. Returns true when removed, false when
   * it was not there (EADDRNOTAVAIL: idempotent, the VIP is gone either way).
   */
  public synchronized boolean deleteAddress(String ifName, InetAddress address, int prefixLength) {
    int index = linkIndexUnlocked(ifName);
    int s = nextSeq();
    String op = "delete address " + address.getHostAddress() + "/" + prefixLength + " from " + ifName;
    try {
      request(Rtnl.address(Rtnl.RTM_DELADDR, s, index, address, prefixLength, null, NetlinkSocket.ORDER), s, op, true);
      return true;
    } catch (NetlinkException e) {
      if (e.errno() == Errno.EADDRNOTAVAIL) {
        return false;
      }
      throw e;
    }
  }

  /** The IPv4 and IPv6 addresses on {@code ifName}, in kernel order. */
  public synchronized List<InterfaceAddress> addresses(String ifName) {
    int index = linkIndexUnlocked(ifName);
    List<InterfaceAddress> out = new ArrayList<>();
    for (NetlinkMessage m : dump(Rtnl.dumpAddresses(0, Rtnl.AF_UNSPEC, NetlinkSocket.ORDER), "dump addresses of " + ifName)) {
      if (m.type() == Rtnl.RTM_NEWADDR) {
        InterfaceAddress a = Rtnl.decodeAddress(m, NetlinkSocket.ORDER);
        if (a.ifIndex() == index) {
          out.add(a);
        }
      }
    }
    return out;
  }

  @Override
  public synchronized void close() {
    socket.close();
  }

  // ---- plumbing -----------------------------------------------------------------------------

  private int linkIndexUnlocked(String name) {
    int s = nextSeq();
    return single(request(Rtnl.getLinkByName(s, name, NetlinkSocket.ORDER), s, "get link " + name, false),
        "get link " + name).index();
  }

  private static LinkInfo single(List<NetlinkMessage> replies, String op) {
    for (NetlinkMessage m : replies) {
      if (m.type() == Rtnl.RTM_NEWLINK) {
        return Rtnl.decodeLink(m, NetlinkSocket.ORDER);
      }
    }
    throw new NetlinkException(op + ": kernel answered without a link");
  }

  private int nextSeq() {
    seq = (seq + 1) & 0x7fffffff;
    return seq == 0 ? ++seq : seq;
  }

  /**
   * Sends {@code message} and collects the replies carrying its sequence number, up to its ack
   * ({@code expectAck}) or its first non-error reply. Replies to earlier, timed-out requests are skipped.
   */
  private List<NetlinkMessage> request(byte[] message, int s, String op, boolean expectAck) {
    if (socket.isClosed()) {
      throw new IllegalStateException("RtNetlink is closed");
    }
    socket.send(message, op);
    long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
    List<NetlinkMessage> collected = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      List<NetlinkMessage> batch = socket.receive(op);
      if (batch == null) {
        continue;
      }
      for (NetlinkMessage m : batch) {
        if (m.seq() != s) {
          continue;
        }
        if (m.type() == NetlinkMessage.NLMSG_ERROR) {
          int errno = m.errorCode(NetlinkSocket.ORDER);
          if (errno != 0) {
            throw new NetlinkException(op, errno, m.extendedAckMessage(NetlinkSocket.ORDER));
          }
          return collected;
        }
        collected.add(m);
        if (!expectAck) {
          return collected;
        }
      }
    }
    throw new NetlinkException(op, Errno.EAGAIN, "no reply within " + REPLY_TIMEOUT.toMillis() + " ms");
  }

  /** A dump request: messages up to NLMSG_DONE, retried when the kernel flags it inconsistent. */
  private List<NetlinkMessage> dump(byte[] template, String op) {
    for (int attempt = 1; ; attempt++) {
      int s = nextSeq();
      // patch nlmsg_seq (offset 8) into the prebuilt request
      java.nio.ByteBuffer.wrap(template).order(NetlinkSocket.ORDER).putInt(8, s);
      socket.send(template, op);
      List<NetlinkMessage> out = new ArrayList<>();
      boolean interrupted = false;
      long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
      boolean done = false;
      while (!done) {
        if (System.nanoTime() > deadline) {
          throw new NetlinkException(op, Errno.EAGAIN, "dump did not finish within " + REPLY_TIMEOUT.toMillis() + " ms");
        }
        List<NetlinkMessage> batch = socket.receive(op);
        if (batch == null) {
          continue;
        }
        for (NetlinkMessage m : batch) {
          if (m.seq() != s) {
            continue;
          }
          interrupted |= (m.flags() & NetlinkMessage.NLM_F_DUMP_INTR) != 0;
          if (m.type() == NetlinkMessage.NLMSG_DONE) {
            done = true;
            break;
          }
          if (m.type() == NetlinkMessage.NLMSG_ERROR) {
            int errno = m.errorCode(NetlinkSocket.ORDER);
            if (errno != 0) {
              throw new NetlinkException(op, errno, m.extendedAckMessage(NetlinkSocket.ORDER));
            }
            continue;
          }
          out.add(m);
        }
      }
      // NLM_F_DUMP_INTR: the table changed during the dump; the result may be inconsistent.
      if (!interrupted || attempt == DUMP_ATTEMPTS) {
        return out;
      }
    }
  }
}
