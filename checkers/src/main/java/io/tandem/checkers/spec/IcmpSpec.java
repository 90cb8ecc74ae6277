package io.tandem.checkers.spec;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * ICMP / ICMPv6 echo (keepalived PING_CHECK): up when an echo reply with our identifier and
 * sequence comes back from {@code address}.
 *
 * @param netns run the probe from this named network namespace ({@code /run/netns/NAME}), if present
 */
public record IcmpSpec(InetAddress address, Optional<InetAddress> source, Optional<String> netns) implements ProbeSpec {
  public IcmpSpec {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(netns, "netns");
    netns.ifPresent(n -> {
      if (n.isEmpty() || n.contains("/") || n.startsWith(".")) {
        throw new IllegalArgumentException("netns must be a plain namespace name: " + n);
      }
    });
  }

  public static IcmpSpec of(InetAddress address) {
    return new IcmpSpec(address, Optional.empty(), Optional.empty());
  }

  @Override
  public String type() {
    return "icmp";
  }

  @Override
  public String describe() {
    return "icmp " + address.getHostAddress() + netns.map(n -> " in netns " + n).orElse("");
  }
}
