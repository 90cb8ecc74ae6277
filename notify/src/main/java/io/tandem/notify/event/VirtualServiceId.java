package io.tandem.notify.event;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A virtual service as keepalived names it: an address/protocol/port, a firewall mark, or a
 * virtual-server group name with a port. Build one with the static factories.
 */
public record VirtualServiceId(
    Kind kind, InetAddress address, ServiceProtocol protocol, int port, long fwmark, String groupName) {

  /** How the service is identified. */
  public enum Kind { ADDRESS, FWMARK, GROUP }

  public VirtualServiceId {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(protocol, "protocol");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("virtual service port " + port + " outside 0-65535");
    }
    switch (kind) {
      case ADDRESS -> Objects.requireNonNull(address, "address");
      case FWMARK -> {
        if (fwmark < 1 || fwmark > 0xffff_ffffL) {
          throw new IllegalArgumentException("firewall mark " + fwmark + " outside 1-4294967295");
        }
      }
      case GROUP -> NotifyEvent.requireName("virtual server group", groupName);
    }
  }

  public static VirtualServiceId ofAddress(InetAddress address, ServiceProtocol protocol, int port) {
    return new VirtualServiceId(Kind.ADDRESS, address, protocol, port, 0, null);
  }

  public static VirtualServiceId ofFwmark(long fwmark, ServiceProtocol protocol) {
    return new VirtualServiceId(Kind.FWMARK, null, protocol, 0, fwmark, null);
  }

  public static VirtualServiceId ofGroup(String groupName, ServiceProtocol protocol, int port) {
    return new VirtualServiceId(Kind.GROUP, null, protocol, port, 0, groupName);
  }

  /**
   * keepalived's FMT_VS (check/check_data.c format_vs()): {@code [group]:port}, {@code FWM mark}
   * or {@code [addr]:proto:port}.
   */
  public String keepalivedFormat() {
    return switch (kind) {
      case GROUP -> "[" + groupName + "]:" + port;
      case FWMARK -> "FWM " + fwmark;
      case ADDRESS -> "[" + AddressText.of(address) + "]:" + protocol.keepalivedName() + ":" + port;
    };
  }
}
