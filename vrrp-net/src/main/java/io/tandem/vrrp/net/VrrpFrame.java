package io.tandem.vrrp.net;

import io.tandem.netlink.MacAddress;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * A received VRRP packet, with what the state machine and its validation rules need from the
 * layers below: the sender's MAC and IP, the destination (multicast group or us, in unicast mode),
 * the TTL / hop limit (RFC 5798 section 7.1: must be 255) and the VRRP message bytes, untouched.
 *
 * @param receivedNanos {@link System#nanoTime()} when the frame was handed over, for latency metrics
 */
public record VrrpFrame(MacAddress sourceMac, MacAddress destinationMac, IpVersion ipVersion, InetAddress source,
    InetAddress destination, int ttl, byte[] payload, long receivedNanos) {

  public VrrpFrame {
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VrrpFrame f && sourceMac.equals(f.sourceMac) && destinationMac.equals(f.destinationMac)
        && ipVersion == f.ipVersion && source.equals(f.source) && destination.equals(f.destination) && ttl == f.ttl
        && Arrays.equals(payload, f.payload) && receivedNanos == f.receivedNanos;
  }

  @Override
  public int hashCode() {
    return 31 * source.hashCode() + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "VrrpFrame[" + ipVersion + " " + source.getHostAddress() + " (" + sourceMac + ") -> "
        + destination.getHostAddress() + ", ttl " + ttl + ", " + payload.length + " bytes]";
  }
}
