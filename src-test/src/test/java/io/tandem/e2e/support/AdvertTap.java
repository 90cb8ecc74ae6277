package io.tandem.e2e.support;

import io.tandem.netlink.Namespaces;
import io.tandem.vrrp.net.VrrpPacketIo;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Listens to VRRP adverts on a namespace's eth0 (pcap, immediate mode) and keeps their arrival
 * times per source, so a benchmark can time "first advert on the wire" and the spacing of a
 * master's adverts as any other host on the segment sees them, for any implementation.
 */
public final class AdvertTap implements AutoCloseable {
  /** One advert seen: when (System.nanoTime of this JVM), from whom, with what VRRP priority. */
  public record Seen(long nanos, InetAddress source, int vrid, int priority) {}

  private final VrrpPacketIo io;
  private final List<Seen> seen = new ArrayList<>();

  public AdvertTap(String ns) {
    io = Namespaces.call(Namespaces.named(ns), () -> VrrpPacketIo.open("eth0", f -> {
      byte[] p = f.payload();
      int vrid = p.length > 1 ? p[1] & 0xff : -1;
      int priority = p.length > 2 ? p[2] & 0xff : -1;
      synchronized (seen) {
        seen.add(new Seen(f.receivedNanos(), f.source(), vrid, priority));
      }
    }));
  }

  public int mark() {
    synchronized (seen) {
      return seen.size();
    }
  }

  public List<Seen> since(int mark) {
    synchronized (seen) {
      return List.copyOf(seen.subList(mark, seen.size()));
    }
  }

  /** The first advert from {@code source} at or after {@code fromNanos}, or null. */
  public Seen first(InetAddress source, long fromNanos) {
    synchronized (seen) {
      for (Seen s : seen) {
        if (s.nanos >= fromNanos && s.source.equals(source)) {
          return s;
        }
      }
    }
    return null;
  }

  /**
   * |gap − interval| in milliseconds for consecutive adverts (priority &gt; 0) from {@code source}
   * since {@code mark}; a gap longer than 3 intervals (a failover, a restart) is not jitter and
   * is left out.
   */
  public double[] jitterMillis(int mark, InetAddress source, long intervalNanos) {
    List<Long> times = since(mark).stream().filter(s -> s.source.equals(source) && s.priority > 0)
        .map(Seen::nanos).toList();
    List<Double> out = new ArrayList<>();
    for (int i = 1; i < times.size(); i++) {
      long gap = times.get(i) - times.get(i - 1);
      if (gap < 3 * intervalNanos) {
        out.add(Math.abs(gap - intervalNanos) / 1e6);
      }
    }
    double[] a = out.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a;
  }

  /** The longest time between two adverts from {@code source} for {@code vrid} since {@code mark}, in ms. */
  public double maxGapMillis(int mark, InetAddress source, int vrid) {
    long last = -1;
    long max = 0;
    for (Seen s : since(mark)) {
      if (s.source.equals(source) && s.vrid == vrid) {
        if (last >= 0) {
          max = Math.max(max, s.nanos - last);
        }
        last = s.nanos;
      }
    }
    return max / 1e6;
  }

  public static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  @Override
  public void close() {
    io.close();
  }
}
