package io.tandem.netlink;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches links and addresses through an RTMGRP_LINK + RTMGRP_IPV4_IFADDR + RTMGRP_IPV6_IFADDR
 * subscription on a dedicated max-priority thread, and reports link usability changes and address
 * additions and removals to a {@link LinkListener}. Edge.
 *
 * <p>The kernel sends RTM_NEWLINK for many reasons (statistics, MTU, promiscuity); the monitor
 * keeps each link's last known usability and reports only changes, so a listener sees "eth0 down"
 * once. The initial state is read after subscribing, so nothing can slip between the two.
 *
 * <p>The subscription belongs to the network namespace of the thread calling {@link #start}.
 */
public final class LinkMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LinkMonitor.class);
  /** How often the blocked receive wakes to notice {@link #close()}; bounds close() latency. */
  private static final Duration POLL = Duration.ofMillis(100);
  /** Room for bursts of notifications (e.g. many VIPs added at once) before the kernel drops. */
  private static final int KERNEL_RECEIVE_BUFFER = 1 << 20;

  private final NetlinkSocket socket;
  private final LinkListener listener;
  private final Map<Integer, Boolean> usableByIndex = new HashMap<>();
  private final Thread thread;
  private final AtomicLong overruns = new AtomicLong();
  private volatile boolean running = true;

  private LinkMonitor(LinkListener listener, String threadName, int kernelReceiveBufferBytes) {
    this.listener = listener;
    this.socket = new NetlinkSocket(Rtnl.RTMGRP_LINK | Rtnl.RTMGRP_IPV4_IFADDR | Rtnl.RTMGRP_IPV6_IFADDR, POLL,
        kernelReceiveBufferBytes);
    try {
      seed(false);
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
  }

  /** Subscribes in the calling thread's network namespace and starts the monitor thread. */
  public static LinkMonitor start(LinkListener listener) {
    return start(listener, "link-monitor");
  }

  public static LinkMonitor start(LinkListener listener, String threadName) {
    return start(listener, threadName, KERNEL_RECEIVE_BUFFER);
  }

  /** With a chosen kernel receive buffer: tests use a tiny one to provoke ENOBUFS. */
  static LinkMonitor start(LinkListener listener, String threadName, int kernelReceiveBufferBytes) {
    LinkMonitor m = new LinkMonitor(listener, threadName, kernelReceiveBufferBytes);
    m.thread.start();
    return m;
  }

  /** How many times the kernel reported lost notifications (ENOBUFS). */
  public long overruns() {
    return overruns.get();
  }

  @Override
  public void close() {
    running = false;
    if (Thread.currentThread() != thread) {
      try {
        thread.join(POLL.toMillis() * 10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Only close the fd once the thread is out of recv(): closing under a blocked recv could let a
    // reused descriptor number be read by the old thread.
    if (!thread.isAlive()) {
      socket.close();
    } else {
      log.warn("link monitor thread did not stop within {} ms; leaving its socket open", POLL.toMillis() * 10);
    }
  }

  private void run() {
    while (running) {
      List<NetlinkMessage> batch;
      try {
        batch = socket.receive("link monitor");
      } catch (NetlinkException e) {
        if (e.errno() == Errno.ENOBUFS) {
          overruns.incrementAndGet();
          log.warn("netlink notifications lost (ENOBUFS); re-reading link state");
          safely(listener::eventsLost);
          try {
            seed(true);
          } catch (RuntimeException again) {
            log.error("re-reading link state failed", again);
          }
          continue;
        }
        if (!running) {
          return;
        }
        log.error("link monitor receive failed; stopping", e);
        return;
      }
      if (batch == null) {
        continue;
      }
      for (NetlinkMessage m : batch) {
        try {
          dispatch(m);
        } catch (NetlinkException e) {
          log.warn("dropping malformed notification {}: {}", m, e.getMessage());
        }
      }
    }
  }

  private void dispatch(NetlinkMessage m) {
    switch (m.type()) {
      case Rtnl.RTM_NEWLINK -> {
        LinkInfo link = Rtnl.decodeLink(m, NetlinkSocket.ORDER);
        Boolean before = usableByIndex.put(link.index(), link.usable());
        if (before == null || before != link.usable()) {
          safely(() -> listener.linkChanged(link));
        }
      }
      case Rtnl.RTM_DELLINK -> {
        LinkInfo link = Rtnl.decodeLink(m, NetlinkSocket.ORDER);
        usableByIndex.remove(link.index());
        safely(() -> listener.linkRemoved(link));
      }
      case Rtnl.RTM_NEWADDR -> {
        InterfaceAddress a = Rtnl.decodeAddress(m, NetlinkSocket.ORDER);
        safely(() -> listener.addressAdded(a));
      }
      case Rtnl.RTM_DELADDR -> {
        InterfaceAddress a = Rtnl.decodeAddress(m, NetlinkSocket.ORDER);
        safely(() -> listener.addressRemoved(a));
      }
      default -> log.debug("ignoring netlink message type {}", m.type());
    }
  }

  /**
   * Reads every link's state through a separate request socket (same namespace: this runs on the
   * thread that created the subscription, or on the monitor thread which inherited it). With
   * {@code report}, changes found are delivered as events.
   */
  private void seed(boolean report) {
    try (RtNetlink rtnl = RtNetlink.open()) {
      for (LinkInfo link : rtnl.links()) {
        Boolean before = usableByIndex.put(link.index(), link.usable());
        if (report && (before == null || before != link.usable())) {
          safely(() -> listener.linkChanged(link));
        }
      }
    }
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.error("link listener failed", e);
    }
  }
}
