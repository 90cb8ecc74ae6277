package io.tandem.config.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** One virtual service ({@code virtual-servers.NAME}): a VIP:port (or firewall mark) and its real servers. */
public record VirtualServerConfig(
    String name,
    Origin origin,
    Optional<HostPort> vip,
    OptionalInt fwmark,
    Protocol protocol,
    Scheduler scheduler,
    Forwarding forwarding,
    Duration persistence,
    Optional<String> persistenceNetmask,
    Engine engine,
    Quorum quorum,
    Optional<HostPort> sorryServer,
    boolean inhibitOnFailure,
    List<RealServerConfig> realServers) {

  public VirtualServerConfig {
    realServers = List.copyOf(realServers);
  }

  public enum Protocol { TCP, UDP, SCTP }

  /** IPVS schedulers (ip_vs_*.ko); the nftables and user-space engines support a subset. */
  public enum Scheduler { RR, WRR, LC, WLC, LBLC, LBLCR, DH, SH, SED, NQ, MH, FO, OVF }

  public enum Forwarding { NAT, DR, TUN }

  public enum Engine { IPVS, NFTABLES, USERSPACE, DRY_RUN }

  public record Quorum(int min, int hysteresis, List<String> upCommand, List<String> downCommand) {
    public Quorum {
      upCommand = List.copyOf(upCommand);
      downCommand = List.copyOf(downCommand);
    }
  }
}
