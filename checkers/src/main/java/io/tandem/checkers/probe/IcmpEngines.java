package io.tandem.checkers.probe;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The ICMP sockets, opened on first use: one per address family, source address and namespace. */
public final class IcmpEngines implements AutoCloseable {
  private record Key(boolean v6, Optional<InetAddress> source, Optional<String> netns) {}

  private final Map<Key, IcmpEngine> engines = new ConcurrentHashMap<>();
  private volatile boolean closed;

  IcmpEngine engineFor(InetAddress target, Optional<InetAddress> source, Optional<String> netns) {
    if (closed) {
      throw new IllegalStateException("ICMP engines closed");
    }
    Key key = new Key(target instanceof Inet6Address, source, netns);
    return engines.computeIfAbsent(key, k -> new IcmpEngine(k.v6(), k.source(), k.netns()));
  }

  /** Packets the shared sockets saw that were not answers to our probes (other pings, NDP, ...). */
  public long foreignPackets() {
    return engines.values().stream().mapToLong(e -> e.foreignPackets.get()).sum();
  }

  @Override
  public void close() {
    closed = true;
    engines.values().forEach(IcmpEngine::close);
    engines.clear();
  }
}
