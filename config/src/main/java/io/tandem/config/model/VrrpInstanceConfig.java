package io.tandem.config.model;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One virtual router ({@code vrrp.NAME}). */
public record VrrpInstanceConfig(
    String name,
    Origin origin,
    String interfaceName,
    int vrid,
    int version,
    int priority,
    Duration advertInterval,
    boolean preempt,
    Duration preemptDelay,
    boolean accept,
    boolean useVmac,
    Optional<String> authPass,
    List<VirtualIp> virtualIps,
    Optional<Unicast> unicast,
    Garp garp,
    Track track,
    VrrpNotify notifications,
    Optional<String> syncGroup) {

  public VrrpInstanceConfig {
    virtualIps = List.copyOf(virtualIps);
  }

  /** True when the instance's addresses are IPv6 (VRRPv3 only). */
  public boolean isIpv6() {
    return !virtualIps.isEmpty() && virtualIps.get(0).prefix().isIpv6();
  }

  /** A virtual address, optionally on another device than the instance's interface, with a label. */
  public record VirtualIp(IpPrefix prefix, Optional<String> device, Optional<String> label) {}

  public record Unicast(Optional<InetAddress> source, List<InetAddress> peers) {
    public Unicast {
      peers = List.copyOf(peers);
    }
  }

  public record Garp(int count, Duration interval, Duration delay, Duration refresh) {}

  public record Track(
      List<TrackInterface> interfaces,
      List<TrackScript> scripts,
      List<TrackFile> files,
      List<TrackService> services) {
    public Track {
      interfaces = List.copyOf(interfaces);
      scripts = List.copyOf(scripts);
      files = List.copyOf(files);
      services = List.copyOf(services);
    }
  }

  /** weight 0 = interface down puts the instance in Fault; otherwise the weight is added while down. */
  public record TrackInterface(String name, int weight) {}

  public record TrackScript(
      String name, List<String> command, Duration interval, Duration timeout, int rise, int fall, int weight) {
    public TrackScript {
      command = List.copyOf(command);
    }
  }

  public record TrackFile(String path, int weightScale) {}

  /** weight is added while the named virtual service has lost quorum. */
  public record TrackService(String name, int weight) {}

  /** Script hooks as argv lists (empty = none; never run through a shell). */
  public record VrrpNotify(
      List<String> master,
      List<String> backup,
      List<String> fault,
      List<String> stop,
      List<String> any,
      Optional<String> fifo,
      List<String> webhooks,
      Duration timeout) {
    public VrrpNotify {
      master = List.copyOf(master);
      backup = List.copyOf(backup);
      fault = List.copyOf(fault);
      stop = List.copyOf(stop);
      any = List.copyOf(any);
      webhooks = List.copyOf(webhooks);
    }
  }
}
