package io.tandem.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.tandem.config.model.IpPrefix;
import io.tandem.config.model.Origin;
import io.tandem.config.model.VrrpInstanceConfig;
import io.tandem.config.model.VrrpInstanceConfig.Garp;
import io.tandem.config.model.VrrpInstanceConfig.Track;
import io.tandem.config.model.VrrpInstanceConfig.TrackFile;
import io.tandem.config.model.VrrpInstanceConfig.TrackInterface;
import io.tandem.config.model.VrrpInstanceConfig.TrackScript;
import io.tandem.config.model.VrrpInstanceConfig.TrackService;
import io.tandem.config.model.VrrpInstanceConfig.Unicast;
import io.tandem.config.model.VrrpInstanceConfig.VirtualIp;
import io.tandem.config.model.VrrpInstanceConfig.VrrpNotify;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads one {@code vrrp.NAME} block: value checks that need nothing outside the block. */
final class VrrpReader {
  /** Linux IFNAMSIZ is 16 including the NUL. */
  private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.@:-]{1,15}");
  /** RFC 5798 §5.2.7: 12-bit centiseconds. */
  private static final Duration V3_MAX_INTERVAL = Duration.ofMillis(40_950);
  private static final Duration V3_MIN_INTERVAL = Duration.ofMillis(10);
  /** RFC 3768 §5.3.7: 8-bit seconds. */
  private static final Duration V2_MAX_INTERVAL = Duration.ofSeconds(255);
  /** RFC 3768 §5.3.10: eight octets of password. */
  private static final int V2_AUTH_MAX = 8;

  private VrrpReader() {}

  static VrrpInstanceConfig read(String name, Block b, ConfigObject trackScriptDefaults) {
    Origin origin = origin(b);
    String iface = interfaceName(b, "interface");
    int vrid = b.integer("vrid", 1, 255, true);
    int version = b.integer("version", 2, 3, true);
    int priority = b.integer("priority", 1, 255, true);
    Duration advert = advertInterval(b, version);
    boolean preempt = b.bool("preempt");
    Duration preemptDelay = b.duration("preempt-delay", Duration.ZERO, Duration.ofSeconds(1000));
    if (!preempt && b.isSet("preempt-delay") && !preemptDelay.isZero()) {
      b.error("preempt-delay", "has no effect with preempt = false; remove one of them");
    }
    boolean accept = b.bool("accept");
    boolean useVmac = b.bool("use-vmac");

    Block auth = b.child("auth");
    Optional<String> pass = auth.optionalString("pass");
    if (pass.isPresent()) {
      if (version == 3) {
        auth.error("pass", "authentication was removed in VRRPv3 (RFC 5798 §9); remove auth or use version = 2");
      } else if (pass.get().length() > V2_AUTH_MAX) {
        auth.error("pass", "must be at most " + V2_AUTH_MAX + " characters (RFC 3768 §5.3.10), got " + pass.get().length()
            + " (keepalived would silently truncate it)");
      }
    }

    List<VirtualIp> vips = virtualIps(b, iface);
    if (!vips.isEmpty()) {
      boolean v6 = vips.get(0).prefix().isIpv6();
      for (VirtualIp vip : vips) {
        if (vip.prefix().isIpv6() != v6) {
          b.error("virtual-ips", "mixes IPv4 and IPv6 addresses; one instance carries one family (use two instances)");
          break;
        }
      }
      if (v6 && version == 2) {
        b.error("version", "VRRPv2 is IPv4 only (RFC 3768); IPv6 virtual addresses need version = 3");
      }
    }
    boolean ipv6 = !vips.isEmpty() && vips.get(0).prefix().isIpv6();
    Optional<Unicast> unicast = unicast(b.child("unicast"), ipv6);
    Garp garp = garp(b.child("garp"));
    Track track = track(b.child("track"), trackScriptDefaults);
    VrrpNotify notify = notify(b.child("notify"));
    return new VrrpInstanceConfig(name, origin, iface, vrid, version, priority, advert, preempt, preemptDelay,
        accept, useVmac, pass, vips, unicast, garp, track, notify, Optional.empty());
  }

  static Origin origin(Block b) {
    return new Origin(b.problems().fileOf(b.origin()), Math.max(0, b.origin() == null ? 0 : b.origin().lineNumber()));
  }

  static String interfaceName(Block b, String key) {
    String s = b.string(key, true);
    if (!s.isEmpty() && !INTERFACE_NAME.matcher(s).matches()) {
      b.error(key, "not a valid interface name (1..15 characters, no '/' or spaces), got '" + s + "'");
    }
    return s;
  }

  private static Duration advertInterval(Block b, int version) {
    if (version == 2) {
      Duration d = b.duration("advert-interval", V3_MIN_INTERVAL, V2_MAX_INTERVAL);
      if (d.toMillis() % 1000 != 0 || d.compareTo(Duration.ofSeconds(1)) < 0) {
        b.error("advert-interval", "VRRPv2 carries whole seconds (RFC 3768 §5.3.7), got " + Block.human(d)
            + "; use version = 3 for sub-second intervals");
      }
      return d;
    }
    Duration d = b.duration("advert-interval", V3_MIN_INTERVAL, V3_MAX_INTERVAL);
    if (d.toMillis() % 10 != 0 || d.toNanos() % 1_000_000 != 0) {
      b.error("advert-interval", "VRRPv3 carries centiseconds (RFC 5798 §5.2.7): use a multiple of 10ms, got "
          + d.toMillis() + "ms");
    }
    return d;
  }

  private static List<VirtualIp> virtualIps(Block b, String iface) {
    List<VirtualIp> out = new ArrayList<>();
    List<ConfigValue> items = b.list("virtual-ips", true);
    if (items.isEmpty() && b.isSet("virtual-ips")) {
      b.error("virtual-ips", "must list at least one address");
    }
    for (int i = 0; i < items.size(); i++) {
      ConfigValue item = items.get(i);
      String text;
      Optional<String> device = Optional.empty();
      Optional<String> label = Optional.empty();
      if (item.valueType() == ConfigValueType.OBJECT) {
        Block vb = b.item("virtual-ips", i, item, null);
        text = vb.string("address", true);
        if (vb.isSet("device")) {
          device = Optional.of(interfaceName(vb, "device"));
        }
        label = vb.optionalString("label");
        if (label.isPresent() && (label.get().length() > 15 || !label.get().startsWith(device.orElse(iface)))) {
          vb.error("label", "must start with the interface name and be at most 15 characters (kernel IFA_LABEL rule), got '"
              + label.get() + "'");
        }
      } else if (item.valueType() == ConfigValueType.STRING) {
        text = (String) item.unwrapped();
      } else {
        b.error(item, "virtual-ips", "item " + (i + 1) + " must be an address such as \"192.0.2.10/24\", got "
            + Block.describe(item));
        continue;
      }
      if (text.isEmpty()) {
        continue;
      }
      try {
        IpPrefix p = Addresses.prefix(text);
        VirtualIp vip = new VirtualIp(p, device, label);
        if (out.stream().anyMatch(o -> o.prefix().address().equals(p.address()))) {
          b.error(item, "virtual-ips", "lists " + p.address().getHostAddress() + " twice");
        }
        out.add(vip);
      } catch (IllegalArgumentException e) {
        b.error(item, "virtual-ips", "item " + (i + 1) + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static Optional<Unicast> unicast(Block u, boolean ipv6) {
    String src = u.string("source", false);
    List<String> peerText = u.strings("peers", false);
    Optional<InetAddress> source = Optional.empty();
    if (!src.isEmpty()) {
      source = address(u, "source", src, ipv6);
    }
    List<InetAddress> peers = new ArrayList<>();
    for (String p : peerText) {
      address(u, "peers", p, ipv6).ifPresent(a -> {
        if (peers.contains(a)) {
          u.error("peers", "lists " + a.getHostAddress() + " twice");
        }
        peers.add(a);
      });
    }
    if (peers.isEmpty()) {
      if (source.isPresent()) {
        u.error("source", "is set but unicast.peers is empty; list the peers, or remove source to use multicast");
      }
      return Optional.empty();
    }
    source.ifPresent(s -> {
      if (peers.contains(s)) {
        u.error("peers", "contains the unicast source " + s.getHostAddress() + " itself");
      }
    });
    return Optional.of(new Unicast(source, peers));
  }

  private static Optional<InetAddress> address(Block b, String key, String text, boolean ipv6) {
    try {
      InetAddress a = Addresses.ip(text);
      if ((a instanceof java.net.Inet6Address) != ipv6) {
        b.error(key, "address " + text + " is not of the virtual addresses' family (" + (ipv6 ? "IPv6" : "IPv4") + ")");
      }
      return Optional.of(a);
    } catch (IllegalArgumentException e) {
      b.error(key, e.getMessage());
      return Optional.empty();
    }
  }

  private static Garp garp(Block g) {
    int count = g.integer("count", 0, 100, true);
    Duration interval = g.duration("interval", Duration.ZERO, Duration.ofSeconds(10));
    Duration delay = g.duration("delay", Duration.ZERO, Duration.ofSeconds(60));
    Duration refresh = g.duration("refresh", Duration.ZERO, Duration.ofDays(1));
    if (!refresh.isZero() && refresh.compareTo(Duration.ofSeconds(1)) < 0) {
      g.error("refresh", "must be 0s (off) or at least 1s, got " + Block.human(refresh));
    }
    return new Garp(count, interval, delay, refresh);
  }

  private static Track track(Block t, ConfigObject trackScriptDefaults) {
    List<TrackInterface> interfaces = new ArrayList<>();
    List<ConfigValue> items = t.list("interfaces", false);
    for (int i = 0; i < items.size(); i++) {
      ConfigValue item = items.get(i);
      if (item.valueType() == ConfigValueType.STRING) {
        interfaces.add(new TrackInterface((String) item.unwrapped(), 0));
        continue;
      }
      Block ib = t.item("interfaces", i, item, null);
      if (ib != null) {
        interfaces.add(new TrackInterface(interfaceName(ib, "name"), weight(ib, false)));
      }
    }
    List<TrackScript> scripts = new ArrayList<>();
    items = t.list("scripts", false);
    for (int i = 0; i < items.size(); i++) {
      Block sb = t.item("scripts", i, items.get(i), trackScriptDefaults);
      if (sb == null) {
        continue;
      }
      String name = sb.string("name", true);
      List<String> command = sb.command("command");
      if (command.isEmpty()) {
        sb.error("command", "missing (required): the script to run, e.g. [\"/usr/local/bin/check\"]");
      }
      Duration interval = sb.duration("interval", Duration.ofMillis(10), Duration.ofHours(1));
      Duration timeout = sb.duration("timeout", Duration.ofMillis(10), Duration.ofHours(1));
      scripts.add(new TrackScript(name, command, interval, timeout, sb.integer("rise", 1, 100, true),
          sb.integer("fall", 1, 100, true), weight(sb, false)));
    }
    List<TrackFile> files = new ArrayList<>();
    items = t.list("files", false);
    for (int i = 0; i < items.size(); i++) {
      Block fb = t.item("files", i, items.get(i), null);
      if (fb == null) {
        continue;
      }
      String path = fb.string("path", true);
      if (!path.isEmpty() && !path.startsWith("/")) {
        fb.error("path", "must be an absolute path, got '" + path + "'");
      }
      int scale = fb.isSet("weight-scale") ? fb.integer("weight-scale", -254, 254, true) : 1;
      files.add(new TrackFile(path, scale));
    }
    List<TrackService> services = new ArrayList<>();
    items = t.list("services", false);
    for (int i = 0; i < items.size(); i++) {
      Block sb = t.item("services", i, items.get(i), null);
      if (sb != null) {
        services.add(new TrackService(sb.string("name", true), weight(sb, true)));
      }
    }
    return new Track(interfaces, scripts, files, services);
  }

  /** A track weight, -254..254 (keepalived's range); 0 means "puts the instance in Fault". */
  private static int weight(Block b, boolean required) {
    if (!required && !b.isSet("weight")) {
      return 0;
    }
    return b.integer("weight", -254, 254, true);
  }

  static VrrpNotify notify(Block n) {
    List<String> webhooks = n.strings("webhooks", false);
    for (String url : webhooks) {
      try {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
          n.error("webhooks", "must be an http:// or https:// URL, got '" + url + "'");
        }
      } catch (IllegalArgumentException e) {
        n.error("webhooks", "not a URL: '" + url + "'");
      }
    }
    Optional<String> fifo = n.optionalString("fifo");
    fifo.filter(f -> !f.startsWith("/")).ifPresent(f -> n.error("fifo", "must be an absolute path, got '" + f + "'"));
    return new VrrpNotify(n.command("master"), n.command("backup"), n.command("fault"), n.command("stop"),
        n.command("any"), fifo, webhooks, n.duration("timeout", Duration.ofMillis(100), Duration.ofHours(1)));
  }
}
