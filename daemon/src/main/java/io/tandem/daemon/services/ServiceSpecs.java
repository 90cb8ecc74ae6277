package io.tandem.daemon.services;

import io.tandem.checkers.spec.CheckSpec;
import io.tandem.checkers.spec.CheckTiming;
import io.tandem.checkers.spec.DnsSpec;
import io.tandem.checkers.spec.FileSpec;
import io.tandem.checkers.spec.HttpSpec;
import io.tandem.checkers.spec.IcmpSpec;
import io.tandem.checkers.spec.NetTarget;
import io.tandem.checkers.spec.ProbeSpec;
import io.tandem.checkers.spec.ProcessSpec;
import io.tandem.checkers.spec.ScriptSpec;
import io.tandem.checkers.spec.SmtpSpec;
import io.tandem.checkers.spec.TcpSpec;
import io.tandem.checkers.spec.UdpSpec;
import io.tandem.config.model.CheckConfig;
import io.tandem.config.model.HostPort;
import io.tandem.config.model.RealServerConfig;
import io.tandem.config.model.VirtualServerConfig;
import io.tandem.sync.model.AddressFamily;
import io.tandem.sync.model.ForwardingMethod;
import io.tandem.sync.model.FwmarkServiceKey;
import io.tandem.sync.model.Persistence;
import io.tandem.sync.model.Protocol;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.VipServiceKey;
import io.tandem.sync.model.VirtualServiceConfig;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Maps validated virtual-server config onto the checker and forwarding-sync models. Pure. */
public final class ServiceSpecs {
  private static final Map<String, Integer> RCODES =
      Map.of("NOERROR", 0, "FORMERR", 1, "SERVFAIL", 2, "NXDOMAIN", 3, "NOTIMP", 4, "REFUSED", 5);

  private ServiceSpecs() {}

  public static ServiceKey key(VirtualServerConfig vs) {
    if (vs.vip().isPresent()) {
      HostPort vip = vs.vip().get();
      return new VipServiceKey(vip.address(), vip.port(), Protocol.valueOf(vs.protocol().name()));
    }
    InetAddress any = vs.realServers().isEmpty() ? null : vs.realServers().get(0).address().address();
    AddressFamily family = any instanceof Inet6Address ? AddressFamily.of(any) : AddressFamily.INET;
    return new FwmarkServiceKey(vs.fwmark().orElseThrow(), family);
  }

  public static RealServerAddress address(HostPort hp) {
    return new RealServerAddress(hp.address(), hp.port());
  }

  /** The forwarding-sync view of a service; the quorum is decided by the checkers (with hysteresis). */
  public static VirtualServiceConfig service(VirtualServerConfig vs) {
    ForwardingMethod method = switch (vs.forwarding()) {
      case NAT -> ForwardingMethod.NAT;
      case DR -> ForwardingMethod.DIRECT_ROUTE;
      case TUN -> ForwardingMethod.TUNNEL;
    };
    ServiceKey key = key(vs);
    var servers = vs.realServers().stream()
        .map(rs -> new io.tandem.sync.model.RealServerConfig(address(rs.address()), rs.weight(), method))
        .toList();
    Optional<io.tandem.sync.model.RealServerConfig> sorry = vs.sorryServer()
        .map(hp -> new io.tandem.sync.model.RealServerConfig(address(hp), 1, method));
    return new VirtualServiceConfig(key, SchedulingMethod.valueOf(vs.scheduler().name()), persistence(vs, key),
        servers, sorry, vs.quorum().min(), vs.inhibitOnFailure());
  }

  static Persistence persistence(VirtualServerConfig vs, ServiceKey key) {
    if (vs.persistence().isZero()) {
      return Persistence.NONE;
    }
    int full = key.family() == AddressFamily.INET ? 32 : 128;
    int prefix = vs.persistenceNetmask().filter(s -> !s.isBlank()).map(ServiceSpecs::prefixLength).orElse(full);
    return Persistence.of((int) vs.persistence().toSeconds(), prefix);
  }

  /** "255.255.255.0", "/24" or "24". */
  static int prefixLength(String netmask) {
    String s = netmask.startsWith("/") ? netmask.substring(1) : netmask;
    if (!s.contains(".")) {
      return Integer.parseInt(s);
    }
    try {
      int bits = 0;
      for (byte b : InetAddress.getByName(s).getAddress()) {
        bits += Integer.bitCount(b & 0xff);
      }
      return bits;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad netmask " + netmask, e);
    }
  }

  /** The check of a real server, or empty when it has none ({@code type = none}: always up). */
  public static Optional<CheckSpec> check(RealServerConfig rs, boolean inhibitOnFailure) {
    CheckConfig c = rs.check();
    InetAddress address = rs.address().address();
    NetTarget target = NetTarget.of(address, rs.address().port(), c.port().isPresent()
        ? Optional.of(c.port().getAsInt()) : Optional.empty());
    if (c.source().isPresent()) {
      target = target.withSource(c.source().get());
    }
    ProbeSpec probe = switch (c.probe()) {
      case CheckConfig.None n -> null;
      case CheckConfig.Tcp t -> new TcpSpec(target);
      case CheckConfig.Http h -> http(target, h);
      case CheckConfig.Udp u -> new UdpSpec(target, HexFormat.of().formatHex(u.payload()),
          u.expect().map(HexFormat.of()::formatHex));
      case CheckConfig.Icmp i -> new IcmpSpec(address, c.source(), Optional.empty());
      case CheckConfig.Dns d -> new DnsSpec(target, d.queryName(), d.queryType(),
          Set.of(RCODES.getOrDefault(d.rcode().toUpperCase(java.util.Locale.ROOT), 0)), true);
      case CheckConfig.Smtp s -> new SmtpSpec(target, s.helo().orElse("tandem"));
      case CheckConfig.Script s -> new ScriptSpec(s.command(), s.dynamicWeight());
      case CheckConfig.FileProbe f -> new FileSpec(Path.of(f.path()));
      case CheckConfig.ProcessProbe p -> ProcessSpec.of(p.name());
    };
    if (probe == null) {
      return Optional.empty();
    }
    CheckTiming timing = CheckTiming.of(c.interval(), c.timeout())
        .withFallRise(c.fall(), c.rise())
        .withRetry(c.retry(), c.delayBeforeRetry())
        .withWarmup(c.interval()) // spread first runs over one interval: no lock-step at start
        .withAlpha(c.startDown());
    return Optional.of(new CheckSpec(probe, timing, Math.max(rs.weight(), 0), inhibitOnFailure));
  }

  private static HttpSpec http(NetTarget target, CheckConfig.Http h) {
    HttpSpec spec = h.tls() ? HttpSpec.getTls(target, h.path(), h.verifyTls()) : HttpSpec.get(target, h.path());
    spec = spec.withExpectedStatus(Set.copyOf(h.expectStatus()));
    if (h.digest().isPresent()) {
      spec = spec.withDigest(h.digest().get());
    }
    if (h.regex().isPresent()) {
      spec = spec.withBodyRegex(h.regex().get());
    }
    if (h.host().isPresent()) {
      spec = spec.withVirtualHost(h.host().get());
    }
    if (h.sni().isPresent()) {
      spec = spec.withSni(h.sni().get());
    }
    return spec.withMaxBodyBytes((int) Math.min(Integer.MAX_VALUE, h.maxBodyBytes()));
  }
}
