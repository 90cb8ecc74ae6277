package io.tandem.notify.event;

import java.net.InetAddress;
import java.util.Objects;

/** A real server's address and port; its protocol is its virtual service's. */
public record RealServerId(InetAddress address, int port) {
  public RealServerId {
    Objects.requireNonNull(address, "address");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("real server port " + port + " outside 0-65535");
    }
  }

  /**
   * keepalived's FMT_RS: {@code [addr]:proto:port}, brackets even for IPv4 (check/check_data.c
   * format_rs() calling lib/utils.c inet_sockaddrtotrio_r()).
   */
  public String keepalivedFormat(ServiceProtocol protocol) {
    return "[" + AddressText.of(address) + "]:" + protocol.keepalivedName() + ":" + port;
  }
}
