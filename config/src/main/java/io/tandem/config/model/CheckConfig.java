package io.tandem.config.model;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** How a real server's health is decided: the timing common to every probe, plus the probe itself. */
public record CheckConfig(
    Duration interval,
    Duration timeout,
    int fall,
    int rise,
    int retry,
    Duration delayBeforeRetry,
    boolean startDown,
    OptionalInt port,
    Optional<InetAddress> source,
    Probe probe) {

  /** The probe types; each carries only the parameters that mean something for it. */
  public sealed interface Probe {}

  public record Tcp() implements Probe {}

  public record Http(
      boolean tls,
      String path,
      List<Integer> expectStatus,
      Optional<String> digest,
      Optional<String> regex,
      Optional<String> host,
      Optional<String> sni,
      boolean verifyTls,
      long maxBodyBytes) implements Probe {
    public Http {
      expectStatus = List.copyOf(expectStatus);
    }
  }

  public record Udp(byte[] payload, Optional<byte[]> expect) implements Probe {}

  public record Icmp() implements Probe {}

  public record Dns(String queryName, String queryType, String rcode) implements Probe {}

  public record Smtp(Optional<String> helo) implements Probe {}

  public record Script(List<String> command, boolean dynamicWeight) implements Probe {
    public Script {
      command = List.copyOf(command);
    }
  }

  public record FileProbe(String path) implements Probe {}

  public record ProcessProbe(String name) implements Probe {}

  /** No probe: the server is always up (explicit, so a forgotten check block is still an error). */
  public record None() implements Probe {}
}
