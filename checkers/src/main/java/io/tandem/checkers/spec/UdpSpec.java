package io.tandem.checkers.spec;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * UDP request/reply (keepalived UDP_CHECK): sends {@code payloadHex}; up when a datagram comes back
 * (and starts with {@code expectReplyPrefixHex} when set). An ICMP port unreachable means down.
 */
public record UdpSpec(NetTarget target, String payloadHex, Optional<String> expectReplyPrefixHex) implements ProbeSpec {
  public static final int MAX_PAYLOAD_BYTES = 1400;

  public UdpSpec {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(expectReplyPrefixHex, "expectReplyPrefixHex");
    payloadHex = payloadHex.toLowerCase(java.util.Locale.ROOT);
    byte[] payload = parseHex("payloadHex", payloadHex);
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("payload longer than " + MAX_PAYLOAD_BYTES + " bytes: " + payload.length);
    }
    expectReplyPrefixHex = expectReplyPrefixHex.map(h -> h.toLowerCase(java.util.Locale.ROOT));
    expectReplyPrefixHex.ifPresent(h -> parseHex("expectReplyPrefixHex", h));
  }

  public byte[] payload() {
    return HexFormat.of().parseHex(payloadHex);
  }

  public Optional<byte[]> expectReplyPrefix() {
    return expectReplyPrefixHex.map(HexFormat.of()::parseHex);
  }

  private static byte[] parseHex(String field, String hex) {
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " is not an even-length hex string: " + hex, e);
    }
  }

  @Override
  public String type() {
    return "udp";
  }

  @Override
  public String describe() {
    return "udp " + target;
  }
}
