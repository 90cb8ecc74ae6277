package io.tandem.vrrp.net;

import io.tandem.netlink.LinkInfo;
import io.tandem.netlink.MacAddress;
import io.tandem.netlink.RtNetlink;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.RawPacketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VRRP packet I/O on one interface through a pcap handle: receives every VRRP frame (IPv4 protocol
 * or IPv6 next header 112) on a dedicated max-priority thread and sends adverts, gratuitous ARPs
 * and neighbour advertisements as complete Ethernet frames with a source MAC of our choosing (the
 * interface's, or the virtual MAC). Edge.
 *
 * <p>Why pcap rather than a raw IP socket: a raw socket cannot pick the Ethernet source MAC, and
 * RFC 5798 section 7.3 wants adverts from the virtual MAC when VMAC is used. The handle is opened in
 * immediate mode (otherwise frames wait for the read timeout), not promiscuous (adverts go to a
 * multicast group the kernel joins for us via the MAC filter, or to our unicast MAC), with a
 * capture direction of "in" so our own transmissions are never seen.
 *
 * <p>Own frames that still arrive (a bridge or switch looping them back) are dropped by source MAC
 * (the interface's) or by source IP ({@link #setOwnAddresses}). While open, the VRRP group MACs
 * stay in the interface's multicast filter ({@link MulticastMembership}). Bound to the network
 * namespace of the thread calling {@link #open}.
 */
public final class VrrpPacketIo implements FrameSender, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VrrpPacketIo.class);
  public static final String BPF_FILTER = "ip proto 112 or ip6 proto 112";
  /**
   * Kernel ring for captured frames. Adverts are tiny and rare, but a hostile or broken host can
   * send junk at tens of thousands of frames per second, all of which land here: 2 MiB holds about
   * a second of such a flood (~1 s at 20,000 frames/s), so a short stall of the capture thread
   * does not cost a real advert.
   */
  private static final int CAPTURE_BUFFER_BYTES = 2 * 1024 * 1024;
  private static final int JOIN_MILLIS = 2000;

  private final String interfaceName;
  private final MacAddress interfaceMac;
  private final PcapHandle handle;
  private final MulticastMembership membership;
  private final VrrpFrameListener listener;
  private final Consumer<DropReason> onDrop;
  private final Thread captureThread;
  private final AtomicInteger ipId = new AtomicInteger();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);
  private volatile Set<InetAddress> ownAddresses = Set.of();
  private volatile boolean running = true;

  private VrrpPacketIo(String interfaceName, MacAddress interfaceMac, PcapHandle handle, MulticastMembership membership,
      VrrpFrameListener listener, Consumer<DropReason> onDrop) {
    this.onDrop = onDrop;
    this.interfaceName = interfaceName;
    this.interfaceMac = interfaceMac;
    this.handle = handle;
    this.membership = membership;
    this.listener = listener;
    this.captureThread = new Thread(this::capture, "vrrp-rx-" + interfaceName);
    captureThread.setDaemon(true);
    captureThread.setPriority(Thread.MAX_PRIORITY);
  }

  /**
   * Opens {@code interfaceName} in the calling thread's network namespace, looks up its MAC and
   * index through netlink, keeps the VRRP group MACs in its multicast filter and starts capturing.
   * {@code listener} may be null for a send-only handle (no capture thread, nothing captured).
   */
  public static VrrpPacketIo open(String interfaceName, VrrpFrameListener listener) {
    return open(interfaceName, listener, reason -> { });
  }

  /**
   * Like {@link #open(String, VrrpFrameListener)}, and tells {@code onDrop} (on the capture
   * thread) about every frame dropped before it reaches the listener, so the daemon can count
   * malformed frames next to the adverts the codec rejects.
   */
  public static VrrpPacketIo open(String interfaceName, VrrpFrameListener listener, Consumer<DropReason> onDrop) {
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(onDrop, "onDrop");
    LinkInfo link;
    try (RtNetlink rtnl = RtNetlink.open()) {
      link = rtnl.link(interfaceName);
    }
    if (link.mac() == null) {
      throw new PacketIoException(interfaceName + " has no Ethernet address; VRRP needs an Ethernet interface");
    }
    PcapHandle handle;
    try {
      handle = new PcapHandle.Builder(interfaceName)
          .snaplen(VrrpFrames.MAX_FRAME)
          .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
          .immediateMode(true)
          .timeoutMillis(100)
          .bufferSize(CAPTURE_BUFFER_BYTES)
          .build();
    } catch (PcapNativeException e) {
      throw new PacketIoException("cannot open a capture handle on " + interfaceName + ": " + e.getMessage(), e);
    }
    MulticastMembership membership = null;
    try {
      handle.setDirection(PcapHandle.PcapDirection.IN);
      // A send-only handle captures nothing ("less 1" matches no frame), so its ring never fills.
      handle.setFilter(listener == null ? "less 1" : BPF_FILTER, BpfProgram.BpfCompileMode.OPTIMIZE);
      if (listener != null) {
        membership = MulticastMembership.join(link.index(), List.of(VrrpFrames.IPV4_GROUP_MAC, VrrpFrames.IPV6_GROUP_MAC));
      }
    } catch (PcapNativeException | NotOpenException e) {
      handle.close();
      throw new PacketIoException("cannot set the VRRP filter on " + interfaceName + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
    VrrpPacketIo io = new VrrpPacketIo(interfaceName, link.mac(), handle, membership, listener, onDrop);
    if (listener != null) {
      io.captureThread.start();
    }
    return io;
  }

  public String interfaceName() {
    return interfaceName;
  }

  public MacAddress interfaceMac() {
    return interfaceMac;
  }

  /** Source addresses that mark a received frame as our own (the primary addresses we send from). */
  public void setOwnAddresses(Set<? extends InetAddress> addresses) {
    this.ownAddresses = Set.copyOf(addresses);
  }

  /** Sends a VRRP message to 224.0.0.18 from {@code sourceMac}/{@code source}, TTL 255. */
  public void sendIpv4(MacAddress sourceMac, Inet4Address source, byte[] payload) {
    sendFrame(VrrpFrames.ipv4Multicast(sourceMac, source, ipId.incrementAndGet() & 0xffff, payload));
  }

  /** Sends a VRRP message to ff02::12 from {@code sourceMac}/{@code source}, hop limit 255. */
  public void sendIpv6(MacAddress sourceMac, Inet6Address source, byte[] payload) {
    sendFrame(VrrpFrames.ipv6Multicast(sourceMac, source, payload));
  }

  /** Sends a VRRP message from the interface's own MAC (keepalived's default without use_vmac). */
  public void send(InetAddress source, byte[] payload) {
    if (source instanceof Inet4Address v4) {
      sendIpv4(interfaceMac, v4, payload);
    } else {
      sendIpv6(interfaceMac, (Inet6Address) source, payload);
    }
  }

  @Override
  public void sendFrame(byte[] frame) {
    try {
      handle.sendPacket(frame);
      sent.incrementAndGet();
    } catch (PcapNativeException | NotOpenException e) {
      throw new PacketIoException("sending a " + frame.length + "-byte frame on " + interfaceName + " failed: "
          + e.getMessage(), e);
    }
  }

  /**
   * Whether the capture thread is running. It survives the link going down and up; it stops when
   * the interface is deleted (then reopen on a new {@code VrrpPacketIo}) or after {@link #close()}.
   */
  public boolean isCapturing() {
    return captureThread.isAlive();
  }

  public long receivedCount() {
    return received.get();
  }

  public long sentCount() {
    return sent.get();
  }

  /** Drops so far, by reason (reasons never seen are absent). */
  public Map<DropReason, Long> dropCounts() {
    Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      long n = drops.get(r.ordinal());
      if (n > 0) {
        out.put(r, n);
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    if (captureThread.isAlive()) {
      try {
        handle.breakLoop();
      } catch (NotOpenException ignored) {
        // already closed
      }
      try {
        captureThread.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (captureThread.isAlive()) {
        log.warn("capture thread on {} did not stop within {} ms", interfaceName, JOIN_MILLIS);
      }
    }
    handle.close();
    if (membership != null) {
      membership.close();
    }
  }

  private void capture() {
    RealtimeScheduling.enterCurrentThread(); // a starved capture thread loses adverts in the ring
    RawPacketListener onFrame = this::onFrame;
    while (running) {
      try {
        handle.loop(-1, onFrame);
      } catch (InterruptedException e) {
        // breakLoop(): close() or a spurious break; the loop condition decides
      } catch (PcapNativeException | NotOpenException e) {
        if (running) {
          log.error("capture on {} failed; VRRP receive stopped", interfaceName, e);
        }
        return;
      }
    }
  }

  private void onFrame(byte[] frame) {
    long now = System.nanoTime();
    VrrpFrames.Decoded decoded = VrrpFrames.decode(frame, frame.length, now);
    if (decoded instanceof VrrpFrames.Dropped d) {
      drop(d.reason());
      return;
    }
    VrrpFrame f = ((VrrpFrames.Accepted) decoded).frame();
    if (f.sourceMac().equals(interfaceMac) || ownAddresses.contains(f.source())) {
      drop(DropReason.OWN_FRAME);
      return;
    }
    received.incrementAndGet();
    try {
      listener.received(f);
    } catch (RuntimeException e) {
      drop(DropReason.LISTENER_FAILED);
      log.error("VRRP frame listener failed on {}", interfaceName, e);
    }
  }

  private void drop(DropReason reason) {
    long n = drops.incrementAndGet(reason.ordinal());
    try {
      onDrop.accept(reason);
    } catch (RuntimeException e) {
      log.warn("drop listener failed on {}: {}", interfaceName, e.toString());
    }
    if (Long.bitCount(n) == 1) { // log the 1st, 2nd, 4th, 8th... to stay visible without flooding
      log.debug("dropped frame on {}: {} (x{})", interfaceName, reason, n);
    }
  }
}
