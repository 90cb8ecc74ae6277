package io.tandem.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.tandem.config.model.CheckConfig;
import io.tandem.config.model.HostPort;
import io.tandem.config.model.Origin;
import io.tandem.config.model.RealServerConfig;
import io.tandem.config.model.VirtualServerConfig;
import io.tandem.config.model.VirtualServerConfig.Engine;
import io.tandem.config.model.VirtualServerConfig.Forwarding;
import io.tandem.config.model.VirtualServerConfig.Protocol;
import io.tandem.config.model.VirtualServerConfig.Quorum;
import io.tandem.config.model.VirtualServerConfig.Scheduler;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Reads one {@code virtual-servers.NAME} block with its real servers and their checks. */
final class VirtualServerReader {
  /** ipvsadm accepts weights 0..65535. */
  private static final int MAX_WEIGHT = 65_535;

  private VirtualServerReader() {}

  static VirtualServerConfig read(String name, Block b, ConfigObject realServerDefaults, ConfigObject checkDefaults) {
    Origin origin = VrrpReader.origin(b);
    Optional<HostPort> vip = Optional.empty();
    OptionalInt fwmark = OptionalInt.empty();
    boolean hasVip = b.isSet("vip");
    boolean hasMark = b.isSet("fwmark");
    if (hasVip && hasMark) {
      b.error("fwmark", "set either vip or fwmark, not both");
    } else if (!hasVip && !hasMark) {
      b.problems().add(b.origin(), b.keyPath("vip"), "missing (required): \"192.0.2.10:80\", or a fwmark");
    }
    if (hasVip) {
      vip = hostPort(b, "vip", true);
    }
    if (hasMark) {
      fwmark = OptionalInt.of(b.integer("fwmark", 1, Integer.MAX_VALUE, true));
    }
    Protocol protocol = b.oneOf("protocol", Block.words(Protocol.class), w -> Block.enumOf(Protocol.class, w), true);
    Scheduler scheduler = b.oneOf("scheduler", Block.words(Scheduler.class), w -> Block.enumOf(Scheduler.class, w), true);
    Forwarding forwarding = b.oneOf("forwarding", Block.words(Forwarding.class), w -> Block.enumOf(Forwarding.class, w), true);
    Engine engine = b.oneOf("engine", Block.words(Engine.class), w -> Block.enumOf(Engine.class, w), true);
    Duration persistence = b.duration("persistence", Duration.ZERO, Duration.ofSeconds(Integer.MAX_VALUE));
    Optional<String> netmask = b.optionalString("persistence-netmask");
    if (netmask.isPresent() && persistence.isZero()) {
      b.error("persistence-netmask", "has no effect without persistence; set persistence or remove it");
    }
    if (engine == Engine.USERSPACE && forwarding != null && forwarding != Forwarding.NAT && b.isSet("forwarding")) {
      b.error("forwarding", "the userspace engine proxies connections; only forwarding = nat applies");
    }
    if (fwmark.isPresent() && engine != null && engine != Engine.IPVS && engine != Engine.DRY_RUN) {
      b.error("engine", "fwmark services need engine = ipvs");
    }

    Block q = b.child("quorum");
    int quorumMin = q.integer("min", 1, Integer.MAX_VALUE, true);
    int hysteresis = q.integer("hysteresis", 0, Integer.MAX_VALUE, true);
    if (hysteresis >= quorumMin && q.isSet("hysteresis")) {
      q.error("hysteresis", "must be less than quorum.min (" + quorumMin + "), or the service never goes down");
    }
    Quorum quorum = new Quorum(quorumMin, hysteresis, q.command("up-command"), q.command("down-command"));

    Optional<HostPort> sorry = Optional.empty();
    if (b.isSet("sorry-server") && !b.string("sorry-server", false).isEmpty()) {
      sorry = hostPort(b, "sorry-server", vip.isPresent());
      if (sorry.isPresent() && vip.isPresent() && !sameFamily(sorry.get(), vip.get())) {
        b.error("sorry-server", "is not of the vip's address family");
      }
    }
    boolean inhibit = b.bool("inhibit-on-failure");

    List<RealServerConfig> servers = new ArrayList<>();
    List<ConfigValue> items = b.list("real-servers", true);
    if (items.isEmpty() && b.isSet("real-servers")) {
      b.error("real-servers", "must list at least one real server");
    }
    Set<HostPort> seen = new HashSet<>();
    long totalWeight = 0;
    for (int i = 0; i < items.size(); i++) {
      Block rb = b.item("real-servers", i, items.get(i), realServerDefaults);
      if (rb == null) {
        continue;
      }
      Optional<HostPort> addr = hostPort(rb, "address", vip.isPresent());
      int weight = rb.integer("weight", 0, MAX_WEIGHT, true);
      totalWeight += weight;
      Optional<CheckConfig> check = CheckReader.read(rb, checkDefaults);
      if (addr.isEmpty()) {
        continue;
      }
      HostPort a = addr.get();
      if (!seen.add(a)) {
        rb.error("address", "real server " + a + " is listed twice in this service");
      }
      if (vip.isPresent() && forwarding != Forwarding.TUN && !sameFamily(a, vip.get())) {
        rb.error("address", "is not of the vip's address family (only forwarding = tun may mix families)");
      }
      if (vip.isPresent() && forwarding == Forwarding.DR && a.port() != vip.get().port()) {
        rb.error("address", "direct routing cannot change the port: the real server must listen on "
            + vip.get().port() + ", got " + a.port());
      }
      check.ifPresent(c -> servers.add(new RealServerConfig(a, VrrpReader.origin(rb), weight, c,
          rb.command("notify-up"), rb.command("notify-down"))));
    }
    if (!items.isEmpty() && quorumMin > totalWeight && q.isSet("min")) {
      q.error("min", "is " + quorumMin + " but all real servers together weigh only " + totalWeight
          + ": the service could never reach quorum");
    }
    return new VirtualServerConfig(name, origin, vip, fwmark, protocol, scheduler, forwarding, persistence, netmask,
        engine, quorum, sorry, inhibit, servers);
  }

  private static boolean sameFamily(HostPort a, HostPort b) {
    return (a.address() instanceof Inet4Address) == (b.address() instanceof Inet4Address);
  }

  static Optional<HostPort> hostPort(Block b, String key, boolean portRequired) {
    String s = b.string(key, true);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Addresses.hostPort(s, portRequired));
    } catch (IllegalArgumentException e) {
      b.error(key, e.getMessage());
      return Optional.empty();
    }
  }
}
