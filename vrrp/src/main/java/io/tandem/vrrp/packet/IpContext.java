package io.tandem.vrrp.packet;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The IP header fields the VRRP codec needs: source and destination (v3 pseudo-header checksum,
 * RFC 5798 §5.2.8) and the TTL / hop limit (must be 255, §7.1).
 */
public record IpContext(InetAddress source, InetAddress destination, int ttlOrHopLimit) {
  /** VRRP packets are sent with TTL / hop limit 255 and must arrive with it (RFC 5798 §5.1.1.3). */
  public static final int REQUIRED_TTL = 255;

  public IpContext {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    if (IpFamily.of(source) != IpFamily.of(destination)) {
      throw new IllegalArgumentException("source " + source + " and destination " + destination + " differ in family");
    }
    if (ttlOrHopLimit < 0 || ttlOrHopLimit > 255) {
      throw new IllegalArgumentException("TTL/hop limit out of range: " + ttlOrHopLimit);
    }
  }

  /** A context for sending from {@code source} to {@code destination} with TTL 255. */
  public static IpContext forSending(InetAddress source, InetAddress destination) {
    return new IpContext(source, destination, REQUIRED_TTL);
  }

  public IpFamily family() {
    return IpFamily.of(source);
  }
}
