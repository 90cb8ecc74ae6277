package io.tandem.vrrp.fsm;

import io.tandem.vrrp.packet.IpFamily;
import io.tandem.vrrp.packet.VrrpAdvert;
import io.tandem.vrrp.packet.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The configuration of one virtual router instance, validated on construction so that a bad value
 * is an error naming the instance, never a silent fallback. The daemon maps its config onto this.
 *
 * @param name instance name (logs, notify, sync group membership)
 * @param vrid virtual router id 1..255
 * @param version VRRPv2 (IPv4 only) or VRRPv3
 * @param family IPv4 or IPv6; VIPs, primary address and peers must all be of it
 * @param basePriority 1..254, or 255 for the address owner
 * @param advertInterval v2: whole seconds 1..255; v3: whole centiseconds 10 ms..40.95 s
 * @param preempt whether a higher-priority backup takes over from a lower master (RFC 5798 §6.1)
 * @param preemptDelay how long a backup waits, once it sees a lower master, before preempting
 * @param acceptMode RFC 5798 §6.1 Accept_Mode: whether a non-owner master accepts packets to the VIPs
 * @param authPassword v2 simple password (at most 8 bytes), or null for none; must be null for v3
 * @param vips the virtual addresses, at most 255
 * @param primaryAddress this node's address on the VRRP interface: the advert source and the
 *     tie-breaker on equal priority (RFC 5798 §6.4.3)
 * @param unicastPeers empty for multicast; otherwise adverts go to these peers and only they are accepted
 * @param syncGroup the sync group name, or null
 * @param tracks tracked inputs moving the priority
 * @param gratuitousRepeat how many gratuitous ARPs / unsolicited NAs per VIP in one burst (keepalived's
 *     {@code garp_master_repeat}, default 5)
 */
public record InstanceSpec(
    String name,
    int vrid,
    VrrpVersion version,
    IpFamily family,
    int basePriority,
    Duration advertInterval,
    boolean preempt,
    Duration preemptDelay,
    boolean acceptMode,
    String authPassword,
    List<VirtualAddress> vips,
    InetAddress primaryAddress,
    List<InetAddress> unicastPeers,
    String syncGroup,
    List<TrackSpec> tracks,
    int gratuitousRepeat) {

  public InstanceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(advertInterval, "advertInterval");
    Objects.requireNonNull(preemptDelay, "preemptDelay");
    Objects.requireNonNull(primaryAddress, "primaryAddress");
    vips = List.copyOf(vips);
    unicastPeers = List.copyOf(unicastPeers);
    tracks = List.copyOf(tracks);
    String where = "vrrp instance '" + name + "': ";
    if (vrid < 1 || vrid > 255) {
      throw new IllegalArgumentException(where + "vrid must be 1..255, got " + vrid);
    }
    if (basePriority < 1 || basePriority > 255) {
      throw new IllegalArgumentException(where + "priority must be 1..255, got " + basePriority);
    }
    if (version == VrrpVersion.V2 && family != IpFamily.IPV4) {
      throw new IllegalArgumentException(where + "VRRPv2 supports IPv4 only; use version 3 for IPv6");
    }
    long nanos = advertInterval.toNanos();
    if (version == VrrpVersion.V2 && (nanos % 1_000_000_000L != 0 || nanos < 1_000_000_000L
        || advertInterval.getSeconds() > VrrpAdvert.V2_MAX_INTERVAL_SECONDS)) {
      throw new IllegalArgumentException(where + "VRRPv2 advert interval must be whole seconds 1..255, got " + advertInterval);
    }
    if (version == VrrpVersion.V3 && (nanos % 10_000_000L != 0 || nanos < 10_000_000L
        || nanos / 10_000_000L > VrrpAdvert.V3_MAX_INTERVAL_CENTIS)) {
      throw new IllegalArgumentException(where + "VRRPv3 advert interval must be whole centiseconds 0.01..40.95 s, got " + advertInterval);
    }
    if (preemptDelay.isNegative()) {
      throw new IllegalArgumentException(where + "preempt delay must not be negative");
    }
    if (authPassword != null) {
      if (version != VrrpVersion.V2) {
        throw new IllegalArgumentException(where + "authentication exists only in VRRPv2 (RFC 5798 §9 removed it)");
      }
      int len = authPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (len == 0 || len > VrrpAdvert.V2_AUTH_DATA_BYTES) {
        throw new IllegalArgumentException(where + "password must be 1..8 bytes, got " + len);
      }
    }
    if (vips.isEmpty() || vips.size() > VrrpAdvert.MAX_ADDRESSES) {
      throw new IllegalArgumentException(where + "needs 1..255 virtual addresses, got " + vips.size());
    }
    for (VirtualAddress v : vips) {
      if (!family.matches(v.address())) {
        throw new IllegalArgumentException(where + "virtual address " + v + " is not " + family);
      }
    }
    if (!family.matches(primaryAddress)) {
      throw new IllegalArgumentException(where + "primary address " + primaryAddress.getHostAddress() + " is not " + family);
    }
    for (InetAddress peer : unicastPeers) {
      if (!family.matches(peer)) {
        throw new IllegalArgumentException(where + "unicast peer " + peer.getHostAddress() + " is not " + family);
      }
    }
    Set<String> trackNames = new HashSet<>();
    for (TrackSpec t : tracks) {
      if (!trackNames.add(t.name())) {
        throw new IllegalArgumentException(where + "track '" + t.name() + "' listed twice");
      }
    }
    if (gratuitousRepeat < 0 || gratuitousRepeat > 100) {
      throw new IllegalArgumentException(where + "gratuitous repeat must be 0..100, got " + gratuitousRepeat);
    }
  }

  public boolean isAddressOwner() {
    return basePriority == 255;
  }

  public boolean isUnicast() {
    return !unicastPeers.isEmpty();
  }

  public List<InetAddress> vipAddresses() {
    return vips.stream().map(VirtualAddress::address).toList();
  }

  public static Builder builder(String name, int vrid) {
    return new Builder(name, vrid);
  }

  /** Builder with keepalived's defaults: v3, priority 100, 1 s, preempt, no delay, accept off, 5 GARPs. */
  public static final class Builder {
    private final String name;
    private final int vrid;
    private VrrpVersion version = VrrpVersion.V3;
    private int priority = 100;
    private Duration interval = Duration.ofSeconds(1);
    private boolean preempt = true;
    private Duration preemptDelay = Duration.ZERO;
    private boolean acceptMode;
    private String password;
    private final List<VirtualAddress> vips = new ArrayList<>();
    private InetAddress primary;
    private final List<InetAddress> peers = new ArrayList<>();
    private String syncGroup;
    private final List<TrackSpec> tracks = new ArrayList<>();
    private int gratuitousRepeat = 5;

    private Builder(String name, int vrid) {
      this.name = name;
      this.vrid = vrid;
    }

    public Builder version(VrrpVersion v) { this.version = v; return this; }
    public Builder priority(int p) { this.priority = p; return this; }
    public Builder advertInterval(Duration d) { this.interval = d; return this; }
    public Builder preempt(boolean p) { this.preempt = p; return this; }
    public Builder preemptDelay(Duration d) { this.preemptDelay = d; return this; }
    public Builder acceptMode(boolean a) { this.acceptMode = a; return this; }
    public Builder password(String pw) { this.password = pw; return this; }
    public Builder vip(String cidr) { this.vips.add(VirtualAddress.parse(cidr)); return this; }
    public Builder vip(VirtualAddress v) { this.vips.add(v); return this; }
    public Builder primaryAddress(InetAddress a) { this.primary = a; return this; }
    public Builder primaryAddress(String literal) { this.primary = VirtualAddress.parse(literal).address(); return this; }
    public Builder unicastPeer(InetAddress a) { this.peers.add(a); return this; }
    public Builder unicastPeer(String literal) { this.peers.add(VirtualAddress.parse(literal).address()); return this; }
    public Builder syncGroup(String g) { this.syncGroup = g; return this; }
    public Builder track(TrackSpec t) { this.tracks.add(t); return this; }
    public Builder gratuitousRepeat(int n) { this.gratuitousRepeat = n; return this; }

    public InstanceSpec build() {
      if (primary == null) {
        throw new IllegalArgumentException("vrrp instance '" + name + "': primary address is required");
      }
      return new InstanceSpec(name, vrid, version, IpFamily.of(primary), priority, interval, preempt, preemptDelay,
          acceptMode, password, vips, primary, peers, syncGroup, tracks, gratuitousRepeat);
    }
  }
}
