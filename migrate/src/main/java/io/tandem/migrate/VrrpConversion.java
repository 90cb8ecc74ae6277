package io.tandem.migrate;

import io.tandem.migrate.ReportItem.Kind;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One {@code vrrp_instance} → {@code conf.d/vrrp-NAME.conf}. */
final class VrrpConversion {
  /** keepalived's track weights (vrrp_track.h): [-253, 253]. */
  private static final int MAX_TRACK_WEIGHT = 253;
  /** RFC 5798 §5.2.7: 12-bit centiseconds. */
  private static final long V3_MAX_ADVERT_MS = 40_950;
  /** keepalived truncates VRRPv2 passwords to the 8 octets of RFC 3768 §5.3.10. */
  private static final int V2_AUTH_MAX = 8;

  private final Converter c;
  private final Values values;
  private final Node instance;
  private final int errorsBefore;

  private String iface;
  private Integer vrid;
  private Integer version;
  private int priority = 100;
  private long advertMs = 1000;
  private Node advertNode;
  private boolean preempt = true;
  private Node nopreemptNode;
  private boolean initialMaster;
  private Long preemptDelayMs;
  private Node preemptDelayNode;
  private Boolean accept;
  private boolean strict;
  private boolean vmac;
  private String authPass;
  private Node authNode;
  private final List<String> vipItems = new ArrayList<>();
  private final List<InetAddress> vipAddresses = new ArrayList<>();
  private InetAddress unicastSource;
  private Node unicastSourceNode;
  private final List<InetAddress> peers = new ArrayList<>();
  private Long garpCount;
  private Long garpRefreshSeconds;
  private final List<Track> tracks = new ArrayList<>();
  private final Map<String, List<String>> notify = new LinkedHashMap<>();

  /** A tracked object with keepalived's weight; positive weights are rewritten at the end. */
  private record Track(String list, Node at, String item, int weight) {}

  VrrpConversion(Converter c, Values values, Node instance) {
    this.c = c;
    this.values = values;
    this.instance = instance;
    this.errorsBefore = c.errors.size();
  }

  void run() {
    String name = instance.arg(0);
    if (name.isEmpty()) {
      c.error(instance, "needs a name");
      return;
    }
    strict = c.strict();
    for (Node n : instance.children) {
      keyword(n);
    }
    finish(name);
  }

  private void keyword(Node n) {
    switch (n.keyword) {
      case "state" -> {
        String s = n.arg(0);
        if (!s.equals("MASTER") && !s.equals("BACKUP")) {
          c.error(n, "must be MASTER or BACKUP, got '" + s + "'");
        } else {
          initialMaster = s.equals("MASTER");
          c.note(n, Kind.INFO, "keepalived's state " + s + " is only the initial state; Tandem starts as backup and"
              + " elects the master by priority (RFC 5798 §6.4.1), so nothing is written");
        }
      }
      case "interface" -> {
        iface = n.arg(0);
        if (!iface.matches("[A-Za-z0-9_.@:-]{1,15}")) {
          c.error(n, "not a valid interface name, got '" + iface + "'");
        }
      }
      case "virtual_router_id" -> vrid = toInt(values.integer(n, 0, 1, 255));
      case "priority" -> {
        Integer p = toInt(values.integer(n, 0, 1, 255));
        if (p != null) {
          priority = p;
        }
      }
      case "advert_int" -> {
        Long ms = values.seconds(n, 0, 1, 255_000);
        if (ms != null) {
          advertMs = ms;
          advertNode = n;
        }
      }
      case "version" -> version = toInt(values.integer(n, 0, 2, 3));
      case "nopreempt" -> {
        preempt = false;
        nopreemptNode = n;
      }
      case "preempt" -> c.note(n, Kind.INFO, "preemption is the default (preempt = true); nothing to write");
      case "preempt_delay" -> {
        preemptDelayMs = values.seconds(n, 0, 0, 1_000_000);
        preemptDelayNode = n;
      }
      case "accept" -> accept = true;
      case "no_accept" -> accept = false;
      case "strict_mode" -> {
        Boolean b = values.flag(n, 0);
        if (b != null) {
          strict = b;
          c.note(n, Kind.INFO, "Tandem always applies the RFC checks; strict_mode only sets accept mode's default here");
        }
      }
      case "use_vmac" -> {
        vmac = true;
        if (!n.arg(0).isEmpty()) {
          c.note(n, Kind.REVIEW, "the VMAC interface name '" + n.arg(0) + "' is not carried: Tandem names the macvlan"
              + " itself (scripts that use the name must be updated)");
        }
      }
      case "authentication" -> authentication(n);
      case "virtual_ipaddress" -> {
        for (Node v : n.children) {
          vip(v);
        }
      }
      case "virtual_ipaddress_excluded" -> c.unsupported(n, "excluded addresses (added while master but not"
          + " advertised) are not supported yet: " + n.children.stream().map(v -> v.keyword).toList()
          + " are not in the output; add them to virtual-ips only if all peers list them too");
      case "unicast_src_ip" -> {
        unicastSource = address(n, n.arg(0));
        unicastSourceNode = n;
      }
      case "unicast_peer" -> {
        for (Node p : n.children) {
          InetAddress a = address(p, p.keyword);
          if (a != null && peers.contains(a)) {
            c.note(p, Kind.REVIEW, "peer listed twice; written once");
          } else if (a != null) {
            peers.add(a);
          }
          if (!p.args.isEmpty()) {
            c.unsupported(p, "peer options " + p.args + " (min_ttl/max_ttl) are not supported yet");
          }
        }
      }
      case "track_interface" -> {
        for (Node t : n.children) {
          Integer w = weight(t, 0);
          if (w != null) {
            tracks.add(new Track("interfaces", t, "name = " + Hocon.str(t.keyword), w));
          }
        }
      }
      case "track_script" -> {
        for (Node t : n.children) {
          trackScript(t);
        }
      }
      case "track_file" -> {
        for (Node t : n.children) {
          trackFile(t);
        }
      }
      case "track_process" -> c.unsupported(n, "tracking processes is not supported yet for VRRP; use a track script");
      case "track_bfd" -> c.unsupported(n, "BFD is not supported yet");
      case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify" ->
          c.script(n, n.arg(0), n.args.size() > 1 ? n.arg(1) : null)
              .ifPresent(argv -> notify.put(Converter.notifyKey(n.keyword), argv));
      case "notify_deleted", "notify_master_rx_lower_pri", "notify_priority_changes" ->
          c.unsupported(n, "this notification is not supported yet");
      case "garp_master_repeat" -> garpCount = values.integer(n, 0, 0, 100);
      case "garp_master_refresh" -> {
        garpRefreshSeconds = values.integer(n, 0, 0, 86_400);
      }
      case "garp_master_delay" -> c.unsupported(n, "keepalived's second GARP burst after a delay has no equivalent yet;"
          + " Tandem sends garp.count announcements then refreshes every garp.refresh");
      case "garp_master_refresh_repeat", "garp_lower_prio_delay", "garp_lower_prio_repeat", "garp_extra_if" ->
          c.unsupported(n, "this GARP variant has no equivalent yet");
      case "vmac_garp_intvl" -> c.note(n, Kind.OBSOLETE, "deprecated in keepalived (garp_extra_if replaces it); not carried");
      case "debug" -> c.note(n, Kind.OBSOLETE, "keepalived ignores it; use tandem run --log-level debug");
      case "lvs_sync_daemon_interface" -> c.note(n, Kind.OBSOLETE,
          "deprecated in keepalived (global_defs lvs_sync_daemon replaces it); IPVS sync is not supported yet");
      case "mcast_src_ip" -> c.unsupported(n, "a fixed source address for multicast adverts is not supported yet;"
          + " Tandem uses the interface's primary address");
      case "smtp_alert" -> c.unsupported(n, "e-mail alerts are not supported; use notify.webhooks");
      case "dont_track_primary" -> c.unsupported(n, "Tandem always tracks the instance's own interface");
      default -> c.unsupported(n, "no Tandem equivalent yet");
    }
  }

  private void authentication(Node a) {
    String type = null;
    for (Node n : a.children) {
      switch (n.keyword) {
        case "auth_type" -> {
          type = n.arg(0);
          if (!type.equals("PASS") && !type.equals("AH")) {
            c.error(n, "must be PASS or AH, got '" + type + "'");
          } else if (type.equals("AH")) {
            c.unsupported(n, "IPSEC-AH authentication is not supported (RFC 5798 §9 removed it)");
          }
        }
        case "auth_pass" -> {
          authPass = n.arg(0);
          authNode = n;
          if (authPass.length() > V2_AUTH_MAX) {
            authPass = authPass.substring(0, V2_AUTH_MAX);
            c.note(n, Kind.REVIEW, "longer than " + V2_AUTH_MAX + " characters; keepalived silently used the first "
                + V2_AUTH_MAX + " (RFC 3768 §5.3.10), and so does the output");
          }
        }
        default -> c.unsupported(n, "no Tandem equivalent yet");
      }
    }
    if (!"PASS".equals(type)) {
      authPass = null;
    }
  }

  private void vip(Node v) {
    String text = v.keyword;
    String address = text;
    int slash = text.indexOf('/');
    Optional<InetAddress> ip = Values.ip(slash < 0 ? text : text.substring(0, slash));
    if (ip.isEmpty()) {
      c.error(v, "not an IP address: '" + text + "'");
      return;
    }
    int max = Values.isV4(ip.get()) ? 32 : 128;
    int len = max;
    if (slash >= 0) {
      String l = text.substring(slash + 1);
      if (!l.matches("\\d{1,3}") || Integer.parseInt(l) > max) {
        c.error(v, "prefix length must be 0.." + max + ", got '" + l + "'");
        return;
      }
      len = Integer.parseInt(l);
    }
    address = Values.literal(ip.get()) + "/" + len;
    if (vipAddresses.contains(ip.get())) {
      c.note(v, Kind.REVIEW, "address listed twice; written once");
      return;
    }
    String device = null;
    String label = null;
    List<String> dropped = new ArrayList<>();
    for (int i = 0; i < v.args.size(); i++) {
      String opt = v.args.get(i);
      String val = i + 1 < v.args.size() ? v.args.get(i + 1) : "";
      switch (opt) {
        case "dev" -> {
          device = val;
          i++;
        }
        case "label" -> {
          label = val;
          i++;
        }
        case "brd", "broadcast", "scope", "preferred_lft", "track_group", "metric" -> {
          dropped.add(opt + " " + val);
          i++;
        }
        default -> dropped.add(opt);
      }
    }
    if (device != null && !device.matches("[A-Za-z0-9_.@:-]{1,15}")) {
      c.error(v, "not a valid interface name after dev, got '" + device + "'");
      return;
    }
    if (!dropped.isEmpty()) {
      c.unsupported(v, "address options " + dropped + " are not supported yet; the address is converted without them");
    }
    String dev = device != null ? device : iface;
    if (label != null && (label.length() > 15 || dev == null || !label.startsWith(dev))) {
      c.note(v, Kind.REVIEW, "label '" + label + "' must start with the interface name and be at most 15 characters"
          + " (kernel rule); not carried");
      label = null;
    }
    vipAddresses.add(ip.get());
    if (device == null && label == null) {
      vipItems.add(Hocon.str(address));
    } else {
      vipItems.add("{ address = " + Hocon.str(address) + (device != null ? ", device = " + Hocon.str(device) : "")
          + (label != null ? ", label = " + Hocon.str(label) : "") + " }");
    }
  }

  private void trackScript(Node t) {
    String name = t.keyword;
    Optional<Node> def = c.vrrpScript(name);
    if (def.isEmpty()) {
      c.error(t, "no vrrp_script named '" + name + "'" + Suggest.didYouMean(name, c.scriptNames()));
      return;
    }
    Node s = def.get();
    String command = null;
    Node commandNode = null;
    long intervalMs = 1000;
    Long timeoutMs = null;
    int rise = 1;
    int fall = 1;
    Integer weight = 0;
    for (Node n : s.children) {
      switch (n.keyword) {
        case "script" -> {
          command = n.arg(0);
          commandNode = n;
          if (n.args.size() > 1) {
            c.unsupported(n, "the per-script user '" + n.arg(1) + "' is not carried: Tandem runs every script as"
                + " tandem.scripts.user");
          }
        }
        case "interval" -> {
          Long v = values.seconds(n, 0, 1, 3_600_000);
          if (v != null) {
            intervalMs = Math.max(10, v);
          }
        }
        case "timeout" -> timeoutMs = values.seconds(n, 0, 1, 3_600_000);
        case "rise" -> rise = clampCount(n, rise);
        case "fall" -> fall = clampCount(n, fall);
        case "weight" -> {
          weight = weight(n, -1);
        }
        case "user" -> c.unsupported(n, "per-script users are not carried: Tandem runs every script as tandem.scripts.user");
        case "init_fail" -> c.unsupported(n, "Tandem starts a track script as not yet known, not as failed");
        default -> c.unsupported(n, "no Tandem equivalent yet");
      }
    }
    if (command == null) {
      c.error(s, "vrrp_script '" + name + "' has no script");
      return;
    }
    Integer override = t.args.isEmpty() ? weight : weight(t, 0);
    if (weight == null || override == null) {
      return;
    }
    if (override != 0 && weightsIgnored()) {
      tracks.add(new Track("scripts", t, "", override)); // dropped, with its report item, by ignoredWeights()
      return;
    }
    Optional<List<String>> argv = c.script(commandNode, command, null);
    if (argv.isEmpty()) {
      return;
    }
    // keepalived: a timeout of 0 (unset) means the interval.
    long timeout = Math.max(10, timeoutMs == null || timeoutMs == 0 ? intervalMs : timeoutMs);
    String item = "name = " + Hocon.str(name) + ", command = " + Hocon.strings(argv.get())
        + ", interval = " + Hocon.duration(intervalMs) + ", timeout = " + Hocon.duration(timeout)
        + ", rise = " + rise + ", fall = " + fall;
    tracks.add(new Track("scripts", t, item, override));
  }

  private int clampCount(Node n, int current) {
    Long v = values.integer(n, 0, 1, Integer.MAX_VALUE);
    if (v == null) {
      return current;
    }
    if (v > 100) {
      c.note(n, Kind.REVIEW, "Tandem counts up to 100 consecutive results; written as 100 instead of " + v);
      return 100;
    }
    return v.intValue();
  }

  private void trackFile(Node t) {
    Optional<Node> def = c.trackFile(t.keyword);
    if (def.isEmpty()) {
      c.error(t, "no track_file named '" + t.keyword + "'");
      return;
    }
    String path = null;
    Integer weight = 1;
    for (Node n : def.get().children) {
      switch (n.keyword) {
        case "file" -> path = n.arg(0);
        case "weight" -> weight = weight(n, -1);
        case "init_file" -> c.unsupported(n, "Tandem does not create or initialise tracked files");
        default -> c.unsupported(n, "no Tandem equivalent yet");
      }
    }
    if (path == null || !path.startsWith("/")) {
      c.error(def.get(), "track_file needs an absolute file path, got '" + (path == null ? "" : path) + "'");
      return;
    }
    Integer scale = t.args.isEmpty() ? weight : weight(t, 0);
    if (scale == null) {
      return;
    }
    if (scale == 0) {
      c.unsupported(t, "weight 0 (a non-zero value puts the instance in fault) is not supported for tracked files yet");
      return;
    }
    c.note(t, Kind.INFO, "converted to track.files with weight-scale " + scale + " (the file's number times the scale"
        + " is added to the priority)");
    tracks.add(new Track("files", t, "path = " + Hocon.str(path) + ", weight-scale = " + scale, Integer.MIN_VALUE));
  }

  /**
   * "weight W [reverse]" starting at args[index] (index -1: the node's own first argument is the
   * weight, as in "weight W [reverse]" lines of vrrp_script / track_file blocks).
   */
  private Integer weight(Node n, int index) {
    int at;
    if (index < 0) {
      at = 0;
    } else {
      if (n.args.size() <= index) {
        return 0;
      }
      if (!n.arg(index).equals("weight")) {
        c.error(n, "expected 'weight N' after the name, got '" + n.arg(index) + "'");
        return null;
      }
      at = index + 1;
    }
    Long w = values.integer(n, at, -MAX_TRACK_WEIGHT, MAX_TRACK_WEIGHT);
    if (w == null) {
      return null;
    }
    String extra = n.arg(at + 1);
    if (extra.equals("reverse")) {
      c.note(n, Kind.INFO, "'reverse' converted by negating the weight");
      return (int) -w;
    }
    if (!extra.isEmpty()) {
      c.error(n, "unknown weight option '" + extra + "' (keepalived accepts only 'reverse')");
      return null;
    }
    return w.intValue();
  }

  private InetAddress address(Node n, String text) {
    Optional<InetAddress> a = Values.ip(text);
    if (a.isEmpty()) {
      c.error(n, "not an IP address: '" + text + "'");
      return null;
    }
    return a.get();
  }

  private void finish(String name) {
    if (iface == null) {
      iface = c.defaultInterface().orElse(null);
      if (iface == null) {
        c.error(instance, "vrrp_instance '" + name + "' has no interface (and global_defs sets no default_interface)");
      } else {
        c.note(instance, Kind.INFO, "no interface: global_defs default_interface '" + iface + "' written");
      }
    }
    if (vrid == null && instance.last("virtual_router_id").isEmpty()) {
      c.error(instance, "vrrp_instance '" + name + "' has no virtual_router_id");
    }
    if (vipAddresses.isEmpty()) {
      c.error(instance, "vrrp_instance '" + name + "' has no virtual_ipaddress; Tandem needs at least one"
          + " (an instance without addresses does nothing)");
    }
    boolean v6 = !vipAddresses.isEmpty() && !Values.isV4(vipAddresses.get(0));
    for (InetAddress a : vipAddresses) {
      if (Values.isV4(a) == v6) {
        c.error(instance.last("virtual_ipaddress").orElse(instance), "mixes IPv4 and IPv6 addresses; keepalived"
            + " needs one family per instance (put the other family in virtual_ipaddress_excluded or a second instance)");
        break;
      }
    }
    if (c.errors.size() > errorsBefore) {
      return;
    }
    int effectiveVersion = version != null ? version : c.defaultVersion();
    if (v6 && effectiveVersion == 2) {
      c.note(instance.last("version").orElse(instance), Kind.INFO,
          "IPv6 addresses need VRRPv3; keepalived switches this instance to version 3, and so does the output");
      effectiveVersion = 3;
    }
    long advert = advertMs;
    Node advertAt = advertNode != null ? advertNode : instance;
    // keepalived (vrrp.c) rounds to the nearest unit the version carries, as the packets do.
    if (effectiveVersion == 2 && advert % 1000 != 0) {
      long rounded = Math.max(1000, (advert + 500) / 1000 * 1000);
      c.note(advertAt, Kind.REVIEW, "VRRPv2 carries whole seconds (RFC 3768 §5.3.7); keepalived rounds "
          + Hocon.duration(advert) + " to " + Hocon.duration(rounded) + ", and so does the output");
      advert = rounded;
    } else if (effectiveVersion == 3) {
      long rounded = Math.max(10, (advert + 5) / 10 * 10);
      if (rounded > V3_MAX_ADVERT_MS) {
        rounded = V3_MAX_ADVERT_MS;
      }
      if (rounded != advert) {
        c.note(advertAt, Kind.REVIEW, "VRRPv3 carries centiseconds up to 40.95s (RFC 5798 §5.2.7); keepalived"
            + " rounds " + Hocon.duration(advert) + " to " + Hocon.duration(rounded) + ", and so does the output");
        advert = rounded;
      }
    }
    if (authPass != null && effectiveVersion == 3) {
      c.note(authNode, Kind.OBSOLETE, "keepalived ignores authentication with VRRPv3 (RFC 5798 §9); not carried");
      authPass = null;
    }
    if (authPass != null && authPass.isEmpty()) {
      authPass = null;
    }
    // keepalived (vrrp.c) clears nopreempt for the address owner and with state MASTER, and
    // preempt_delay with state MASTER or strict mode.
    if (!preempt && (priority == 255 || initialMaster)) {
      c.note(nopreemptNode, Kind.OBSOLETE, "keepalived clears nopreempt " + (priority == 255
          ? "for the address owner (priority 255)" : "with state MASTER") + "; written as preempt = true");
      preempt = true;
    }
    if (preemptDelayMs != null && (initialMaster || strict)) {
      c.note(preemptDelayNode, Kind.OBSOLETE, "keepalived clears preempt_delay " + (initialMaster ? "with state MASTER"
          : "in strict mode") + "; not carried");
      preemptDelayMs = null;
    }
    if (!preempt && preemptDelayMs != null) {
      c.note(preemptDelayNode, Kind.OBSOLETE, "has no effect together with nopreempt (keepalived ignores it too); not carried");
      preemptDelayMs = null;
    }
    // keepalived (vrrp.c): accept mode defaults on unless strict mode, and always on for the address owner.
    boolean acceptMode = accept != null ? accept : (priority == 255 || !strict);
    if (v6 || unicastSource != null || !peers.isEmpty()) {
      for (InetAddress p : peers) {
        if (Values.isV4(p) == v6) {
          c.error(instance.last("unicast_peer").orElse(instance), "unicast peer " + Values.literal(p)
              + " is not of the virtual addresses' family");
          return;
        }
      }
    }
    if (unicastSource != null && peers.isEmpty()) {
      c.unsupported(unicastSourceNode, "unicast_src_ip without unicast_peer sets the multicast source address,"
          + " which is not supported yet");
      unicastSource = null;
    }
    if (unicastSource != null && Values.isV4(unicastSource) == v6) {
      c.error(unicastSourceNode, "unicast_src_ip is not of the virtual addresses' family");
      return;
    }
    if (unicastSource != null && peers.contains(unicastSource)) {
      c.error(unicastSourceNode, "unicast_src_ip " + Values.literal(unicastSource) + " is also listed as a peer");
      return;
    }

    ignoredWeights(name);
    // keepalived adds a positive weight while the tracked object is up; Tandem adds weights while it is
    // down. Raising the base priority by the positive weights and negating them gives the same priorities.
    int raise = 0;
    for (Track t : tracks) {
      if (t.weight() > 0 && t.weight() != Integer.MIN_VALUE) {
        raise += t.weight();
      }
    }
    int writtenPriority = priority;
    if (raise > 0 && priority < 255) {
      writtenPriority = Math.min(254, priority + raise);
      Node at = instance.last("priority").orElse(instance);
      c.note(at, writtenPriority == priority + raise ? Kind.INFO : Kind.REVIEW,
          "positive track weights (+" + raise + " while up in keepalived) are written as negative weights while down,"
              + " with the priority raised from " + priority + " to " + writtenPriority
              + (writtenPriority == priority + raise ? "" : " (capped at 254: the priorities differ from keepalived's when"
                  + " everything is up; check the peers' priorities)"));
    }

    Hocon h = new Hocon();
    h.comments(instance.comments);
    String tandemName = c.tandemInstanceName(name);
    if (!tandemName.equals(name)) {
      c.note(instance, Kind.REVIEW, "renamed to '" + tandemName + "' (Tandem names are letters, digits, '-' and '_')");
    }
    h.comment("keepalived vrrp_instance " + name + " (" + instance.at + ")");
    h.open("vrrp." + Hocon.key(tandemName));
    h.set("interface", Hocon.str(iface));
    h.set("vrid", String.valueOf(vrid));
    h.set("version", String.valueOf(effectiveVersion));
    h.set("priority", String.valueOf(writtenPriority));
    h.set("advert-interval", Hocon.duration(advert));
    h.set("preempt", String.valueOf(preempt));
    if (preemptDelayMs != null && preemptDelayMs > 0) {
      h.set("preempt-delay", Hocon.duration(preemptDelayMs));
    }
    h.set("accept", String.valueOf(acceptMode));
    if (vmac) {
      h.set("use-vmac", "true");
    }
    if (authPass != null) {
      h.set("auth.pass", Hocon.str(authPass));
    }
    h.set("virtual-ips", Hocon.raw(vipItems));
    if (!peers.isEmpty()) {
      h.set("unicast", "{ " + (unicastSource != null ? "source = " + Hocon.str(Values.literal(unicastSource)) + ", " : "")
          + "peers = " + Hocon.strings(peers.stream().map(Values::literal).toList()) + " }");
    }
    Long count = garpCount != null ? garpCount : c.globalGarpRepeat();
    Long refresh = garpRefreshSeconds != null ? garpRefreshSeconds : c.globalGarpRefreshSeconds();
    Long interval = c.globalGarpIntervalMillis();
    if (count != null || refresh != null || interval != null) {
      List<String> g = new ArrayList<>();
      if (count != null) {
        g.add("count = " + count);
      }
      if (interval != null) {
        g.add("interval = " + Hocon.duration(interval));
      }
      if (refresh != null) {
        g.add("refresh = " + Hocon.duration(refresh * 1000));
      }
      h.set("garp", "{ " + String.join(", ", g) + " }");
    }
    if (!tracks.isEmpty()) {
      h.open("track");
      for (String list : List.of("interfaces", "scripts", "files")) {
        List<String> items = new ArrayList<>();
        for (Track t : tracks) {
          if (t.list().equals(list)) {
            int w = t.weight() == Integer.MIN_VALUE ? 0 : (t.weight() > 0 ? -t.weight() : t.weight());
            items.add("{ " + t.item() + (t.weight() == Integer.MIN_VALUE ? "" : ", weight = " + w) + " }");
          }
        }
        if (!items.isEmpty()) {
          h.set(list, "[\n" + items.stream().map(i -> "      " + i).reduce((a, b) -> a + "\n" + b).orElse("") + "\n    ]");
        }
      }
      h.close();
    }
    if (!notify.isEmpty()) {
      h.open("notify");
      notify.forEach((k, v) -> h.set(k, Hocon.strings(v)));
      h.close();
    }
    h.close();
    c.addFile("vrrp-" + tandemName + ".conf", h.toString(), instance.at);
  }

  /** Whether keepalived will ignore this instance's track weights (see {@link #ignoredWeights}). */
  private boolean weightsIgnored() {
    return c.weightlessSyncGroup(instance.arg(0)).isPresent()
        || instance.last("priority").map(p -> p.arg(0).equals("255")).orElse(false);
  }

  /**
   * keepalived (vrrp.c) ignores track weights of the address owner (priority 255) and of members of
   * a sync group without sync_group_tracking_weight: a weighted interface then faults the instance
   * (the owner stops tracking it), and weighted scripts and files are not tracked at all.
   */
  private void ignoredWeights(String name) {
    Optional<String> group = c.weightlessSyncGroup(name);
    boolean owner = priority == 255;
    if (group.isEmpty() && !owner) {
      return;
    }
    String why = owner ? "the address owner (priority 255)"
        : "a member of sync group " + group.get() + " without sync_group_tracking_weight";
    List<Track> kept = new ArrayList<>();
    for (Track t : tracks) {
      if (t.weight() == 0) {
        kept.add(t);
      } else if (t.list().equals("interfaces") && !owner) {
        c.note(t.at(), Kind.INFO, "keepalived ignores the weight of " + why + ": the interface going down puts the"
            + " instance (and its group) in fault; written as weight 0");
        kept.add(new Track(t.list(), t.at(), t.item(), 0));
      } else {
        c.note(t.at(), Kind.OBSOLETE, "keepalived does not track weighted " + t.list() + " for " + why
            + "; not carried (set weight 0 to fault on failure, or add sync_group_tracking_weight)");
      }
    }
    tracks.clear();
    tracks.addAll(kept);
  }

  private static Integer toInt(Long v) {
    return v == null ? null : v.intValue();
  }
}
