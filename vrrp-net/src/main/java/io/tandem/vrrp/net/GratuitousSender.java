package io.tandem.vrrp.net;

import io.tandem.common.time.Cancellable;
import io.tandem.common.time.Scheduler;
import io.tandem.netlink.MacAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces a master's VIPs: a burst of gratuitous ARPs / unsolicited NAs on {@link #start}, then
 * refresh bursts until {@link #stop}, all timed by the injected {@link Scheduler}. Call start and
 * stop from that scheduler's thread (the VRRP core's), so no locking is needed. A failed send is
 * counted and logged; the schedule goes on.
 */
public final class GratuitousSender {
  private static final Logger log = LoggerFactory.getLogger(GratuitousSender.class);

  private final Scheduler scheduler;
  private final FrameSender sender;
  private final GratuitousSettings settings;
  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicLong sendFailures = new AtomicLong();
  private List<byte[]> frames = List.of();
  private Cancellable pending = Cancellable.NONE;
  private int remainingInBurst;
  /** Added to the first refresh after a start only; see {@link #refreshSpread}. */
  private Duration firstRefreshSpread = Duration.ZERO;

  public GratuitousSender(Scheduler scheduler, FrameSender sender, GratuitousSettings settings) {
    this.scheduler = scheduler;
    this.sender = sender;
    this.settings = settings;
  }

  /**
   * Starts announcing {@code vips} with {@code mac} as the sender hardware address (the virtual MAC
   * with VMAC, else the interface's). Replaces any announcement in progress.
   */
  public void start(MacAddress mac, List<? extends InetAddress> vips) {
    start(mac, mac, vips);
  }

  /**
   * Like {@link #start(MacAddress, List)}, but the frames leave from {@code ethernetSource} while
   * announcing {@code announced} as the VIPs' hardware address (pointing hosts at another node
   * without moving that node's MAC in the switches' tables).
   */
  public void start(MacAddress ethernetSource, MacAddress announced, List<? extends InetAddress> vips) {
    stop();
    List<byte[]> built = new ArrayList<>(vips.size());
    for (InetAddress vip : vips) {
      if (vip instanceof Inet4Address v4) {
        built.add(GratuitousFrames.garp(ethernetSource, announced, v4));
      } else {
        Inet6Address v6 = (Inet6Address) vip;
        built.add(GratuitousFrames.unsolicitedNa(ethernetSource, announced, v6, v6, false));
      }
    }
    if (built.isEmpty()) {
      return;
    }
    frames = List.copyOf(built);
    remainingInBurst = settings.count();
    firstRefreshSpread = refreshSpread(settings.refreshInterval(), vips);
    if (settings.initialDelay().isZero()) {
      sendOneRound(); // now, not after the caller's step: hosts must learn the new MAC at once
    } else {
      pending = scheduler.schedule(settings.initialDelay(), this::sendOneRound);
    }
  }

  /** Stops announcing (on leaving master). */
  public void stop() {
    pending.cancel();
    pending = Cancellable.NONE;
    frames = List.of();
  }

  public long framesSent() {
    return framesSent.get();
  }

  public long sendFailures() {
    return sendFailures.get();
  }

  /** One frame per VIP, then the next round of this burst, or the next refresh burst, or nothing. */
  private void sendOneRound() {
    for (byte[] frame : frames) {
      try {
        sender.sendFrame(frame);
        framesSent.incrementAndGet();
      } catch (RuntimeException e) {
        sendFailures.incrementAndGet();
        log.warn("gratuitous announcement failed: {}", e.getMessage());
      }
    }
    remainingInBurst--;
    if (remainingInBurst > 0) {
      pending = scheduler.schedule(settings.interval(), this::sendOneRound);
    } else if (!settings.refreshInterval().isZero()) {
      remainingInBurst = settings.refreshCount();
      pending = scheduler.schedule(settings.refreshInterval().plus(firstRefreshSpread), this::sendOneRound);
      firstRefreshSpread = Duration.ZERO;
    } else {
      pending = Cancellable.NONE;
    }
  }

  /**
   * Instances that became master together would refresh in the same millisecond, every interval:
   * at 255 instances, ~200 adverts went out late at that moment. The first refresh is moved by up
   * to a quarter of the interval, by a hash of the announced addresses (the same instance always
   * gets the same offset), so instances spread out and stay spread.
   */
  static Duration refreshSpread(Duration refreshInterval, List<? extends InetAddress> vips) {
    long quarterMillis = refreshInterval.toMillis() / 4;
    return quarterMillis == 0 ? Duration.ZERO : Duration.ofMillis(Math.floorMod(vips.hashCode() * 0x9E3779B1L, quarterMillis));
  }
}
