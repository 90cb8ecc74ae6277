package io.tandem.daemon.vrrp;

import io.tandem.config.model.VrrpInstanceConfig;
import io.tandem.config.model.VrrpInstanceConfig.TrackFile;
import io.tandem.config.model.VrrpInstanceConfig.TrackInterface;
import io.tandem.config.model.VrrpInstanceConfig.TrackScript;
import io.tandem.config.model.VrrpInstanceConfig.TrackService;
import io.tandem.vrrp.fsm.InstanceSpec;
import io.tandem.vrrp.fsm.TrackSpec;
import io.tandem.vrrp.fsm.VirtualAddress;
import io.tandem.vrrp.packet.IpFamily;
import io.tandem.vrrp.packet.VrrpVersion;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Maps a validated {@link VrrpInstanceConfig} onto the VRRP core's {@link InstanceSpec}. Pure. */
public final class InstanceSpecs {
  private InstanceSpecs() {}

  /** Track names are prefixed by kind so that an interface and a script may share a name. */
  public static String interfaceTrack(String ifName) {
    return "interface:" + ifName;
  }

  public static String scriptTrack(String scriptName) {
    return "script:" + scriptName;
  }

  public static String fileTrack(String path) {
    return "file:" + path;
  }

  public static String serviceTrack(String serviceName) {
    return "service:" + serviceName;
  }

  /**
   * @param primary this node's address on the instance's interface (the advert source and the
   *     tie-breaker), resolved by the caller from the interface or {@code unicast.source}
   */
  public static InstanceSpec of(VrrpInstanceConfig c, InetAddress primary) {
    IpFamily family = c.isIpv6() ? IpFamily.IPV6 : IpFamily.IPV4;
    List<VirtualAddress> vips = c.virtualIps().stream()
        .map(v -> new VirtualAddress(v.prefix().address(), v.prefix().prefixLength()))
        .toList();
    List<InetAddress> peers = c.unicast().map(VrrpInstanceConfig.Unicast::peers).orElse(List.of());
    return new InstanceSpec(c.name(), c.vrid(), c.version() == 2 ? VrrpVersion.V2 : VrrpVersion.V3, family,
        c.priority(), c.advertInterval(), c.preempt(), c.preemptDelay(), c.accept(), c.authPass().orElse(null),
        vips, primary, peers, c.syncGroup().orElse(null), tracks(c), c.garp().count());
  }

  static List<TrackSpec> tracks(VrrpInstanceConfig c) {
    List<TrackSpec> tracks = new ArrayList<>();
    for (TrackInterface t : c.track().interfaces()) {
      tracks.add(TrackSpec.iface(interfaceTrack(t.name()), t.weight()));
    }
    for (TrackScript t : c.track().scripts()) {
      tracks.add(TrackSpec.script(scriptTrack(t.name()), t.weight(), t.rise(), t.fall()));
    }
    for (TrackFile t : c.track().files()) {
      tracks.add(TrackSpec.file(fileTrack(t.path()), t.weightScale()));
    }
    for (TrackService t : c.track().services()) {
      tracks.add(TrackSpec.external(serviceTrack(t.name())));
    }
    return tracks;
  }
}
