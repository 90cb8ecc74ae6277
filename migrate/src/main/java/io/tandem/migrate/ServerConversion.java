package io.tandem.migrate;

import io.tandem.migrate.ReportItem.Kind;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** One {@code virtual_server} → {@code conf.d/vs-NAME.conf} (one file per address of a virtual_server_group). */
final class ServerConversion {
  /** keepalived's IPVS schedulers that Tandem also knows (config's Scheduler enum). */
  private static final Set<String> SCHEDULERS =
      Set.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "mh", "fo", "ovf");
  private static final Set<String> CHECKERS = Set.of("TCP_CHECK", "HTTP_GET", "SSL_GET", "MISC_CHECK", "SMTP_CHECK",
      "DNS_CHECK", "UDP_CHECK", "PING_CHECK", "FILE_CHECK", "BFD_CHECK");
  private static final Set<String> DNS_TYPES = Set.of("A", "AAAA", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TXT");
  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");
  private static final int MAX_GROUP_EXPANSION = 256;

  private final Converter c;
  private final Values values;
  private final Node vs;
  private final int errorsBefore;

  /** keepalived (check_data.c): an address service without "protocol" is an error and runs as UDP. */
  private String protocol = "udp";
  private boolean protocolSet;
  private String scheduler = "wlc";
  private String forwarding = "nat";
  private Long persistenceSeconds;
  private String persistenceNetmask;
  private Long quorum;
  private Node quorumNode;
  private Long hysteresis;
  private Node hysteresisNode;
  private List<String> quorumUp;
  private List<String> quorumDown;
  private String sorryServer;
  private boolean inhibit;
  private final CheckDefaults defaults = new CheckDefaults();
  private final List<Node> realServers = new ArrayList<>();

  /** What a service or real server sets for all its checkers (keepalived inherits these down). */
  private static final class CheckDefaults {
    Long delayLoopMs;
    Long timeoutMs;
    Long retry;
    Long delayBeforeRetryMs;
    boolean alpha;
    String virtualhost;

    CheckDefaults copy() {
      CheckDefaults d = new CheckDefaults();
      d.delayLoopMs = delayLoopMs;
      d.timeoutMs = timeoutMs;
      d.retry = retry;
      d.delayBeforeRetryMs = delayBeforeRetryMs;
      d.alpha = alpha;
      d.virtualhost = virtualhost;
      return d;
    }
  }

  /** One address a service listens on: an address and port, or a firewall mark. */
  private record Target(InetAddress address, int port, long fwmark, String label) {
    boolean isFwmark() {
      return address == null;
    }
  }

  ServerConversion(Converter c, Values values, Node vs) {
    this.c = c;
    this.values = values;
    this.vs = vs;
    this.errorsBefore = c.errors.size();
  }

  void run() {
    List<Target> targets = targets();
    for (Node n : vs.children) {
      keyword(n);
    }
    if (c.errors.size() > errorsBefore || targets == null) {
      return;
    }
    if (realServers.isEmpty()) {
      c.unsupported(vs, "a virtual_server without real_server (only a sorry server) is not supported yet; not converted");
      return;
    }
    if (vs.last("lb_algo", "lvs_sched").isEmpty()) {
      c.note(vs, Kind.INFO, "no lb_algo: keepalived reports it and uses wlc; scheduler = wlc is written");
    }
    if (vs.last("lb_kind", "lvs_method").isEmpty()) {
      c.note(vs, Kind.INFO, "no lb_kind: keepalived reports it and uses NAT; forwarding = nat is written");
    }
    if (!protocolSet && targets.stream().anyMatch(t -> !t.isFwmark())) {
      c.note(vs, Kind.REVIEW, "no protocol: keepalived reports an error and uses UDP (the kernel's default), so"
          + " protocol = udp is written; add 'protocol TCP' to the keepalived block if TCP was meant");
    }
    boolean many = targets.size() > 1;
    if (many) {
      c.note(vs, Kind.REVIEW, "virtual_server_group " + vs.arg(1) + " has " + targets.size() + " addresses; Tandem has one"
          + " address per service, so each gets its own virtual-servers entry with the same real servers");
    }
    for (Target t : targets) {
      render(t, many);
    }
  }

  private List<Target> targets() {
    String first = vs.arg(0);
    if (first.equals("fwmark")) {
      Long mark = values.integer(vs, 1, 1, 0xffff_ffffL);
      return mark == null ? null : List.of(new Target(null, 0, mark, "fwmark-" + mark));
    }
    if (first.equals("group")) {
      Optional<Node> g = c.serverGroup(vs.arg(1));
      if (g.isEmpty()) {
        c.error(vs, "no virtual_server_group named '" + vs.arg(1) + "'" + Suggest.didYouMean(vs.arg(1), c.serverGroupNames()));
        return null;
      }
      return groupTargets(g.get());
    }
    Target t = address(vs, first, vs.arg(1), true);
    return t == null ? null : List.of(t);
  }

  private Target address(Node at, String host, String portText, boolean portRequired) {
    Optional<InetAddress> a = Values.ip(host);
    if (a.isEmpty()) {
      c.error(at, "not an IP address: '" + host + "'");
      return null;
    }
    int port = 0;
    if (!portText.isEmpty()) {
      Long p = values.integer(at, at.args.indexOf(portText), 0, 65535);
      if (p == null) {
        return null;
      }
      port = p.intValue();
    }
    if (port == 0 && portRequired) {
      c.unsupported(at, "a service on every port (port 0 / no port) is not supported yet; use a fwmark service");
      return null;
    }
    return new Target(a.get(), port, 0, Values.literal(a.get()).replace(':', '-').replace('.', '-') + "-" + port);
  }

  private List<Target> groupTargets(Node g) {
    List<Target> out = new ArrayList<>();
    for (Node e : g.children) {
      if (e.keyword.equals("fwmark")) {
        Long mark = values.integer(e, 0, 1, 0xffff_ffffL);
        if (mark != null) {
          out.add(new Target(null, 0, mark, "fwmark-" + mark));
        }
        continue;
      }
      String host = e.keyword;
      int dash = host.lastIndexOf('-');
      if (dash > 0 && host.indexOf('.') >= 0) {
        // keepalived's "192.0.2.10-20": a range in the last octet.
        String base = host.substring(0, dash);
        Optional<InetAddress> a = Values.ip(base);
        String endText = host.substring(dash + 1);
        if (a.isEmpty() || !endText.matches("\\d{1,3}")) {
          c.error(e, "not an address or address range: '" + host + "'");
          continue;
        }
        int start = Byte.toUnsignedInt(a.get().getAddress()[3]);
        int end = Integer.parseInt(endText);
        if (end < start || end > 255 || out.size() + end - start + 1 > MAX_GROUP_EXPANSION) {
          c.error(e, "invalid address range '" + host + "'");
          continue;
        }
        String prefix = base.substring(0, base.lastIndexOf('.') + 1);
        for (int i = start; i <= end; i++) {
          Target t = address(e, prefix + i, e.arg(0), true);
          if (t != null) {
            out.add(t);
          }
        }
        continue;
      }
      Target t = address(e, host, e.arg(0), true);
      if (t != null) {
        out.add(t);
      }
    }
    if (out.isEmpty() && c.errors.isEmpty()) {
      c.error(g, "virtual_server_group '" + g.arg(0) + "' lists no address");
      return null;
    }
    return out;
  }

  private void keyword(Node n) {
    switch (n.keyword) {
      case "lb_algo", "lvs_sched" -> {
        String s = n.arg(0);
        if (SCHEDULERS.contains(s)) {
          scheduler = s;
        } else if (s.equals("twos")) {
          c.unsupported(n, "the 'twos' scheduler is not supported yet; wlc is written");
        } else {
          c.error(n, "unknown scheduler '" + s + "'" + Suggest.didYouMean(s, SCHEDULERS));
        }
      }
      case "lb_kind", "lvs_method" -> {
        switch (n.arg(0)) {
          case "NAT" -> forwarding = "nat";
          case "DR" -> forwarding = "dr";
          case "TUN" -> forwarding = "tun";
          default -> c.error(n, "must be NAT, DR or TUN, got '" + n.arg(0) + "'");
        }
        if (n.args.size() > 1) {
          c.unsupported(n, "tunnel options " + n.args.subList(1, n.args.size()) + " are not supported yet (IP-in-IP is used)");
        }
      }
      case "protocol" -> {
        String p = n.arg(0).toLowerCase(java.util.Locale.ROOT);
        if (Set.of("tcp", "udp", "sctp").contains(p)) {
          protocol = p;
          protocolSet = true;
        } else {
          c.error(n, "must be TCP, UDP or SCTP, got '" + n.arg(0) + "'");
        }
      }
      case "persistence_timeout" -> {
        // keepalived: no value means IPVS's default of 6 minutes.
        persistenceSeconds = n.args.isEmpty() ? Long.valueOf(360) : values.integer(n, 0, 0, Integer.MAX_VALUE);
      }
      case "persistence_granularity" -> persistenceNetmask = n.arg(0);
      case "quorum" -> {
        quorum = values.integer(n, 0, 1, Integer.MAX_VALUE);
        quorumNode = n;
      }
      case "hysteresis" -> {
        hysteresis = values.integer(n, 0, 0, Integer.MAX_VALUE);
        hysteresisNode = n;
      }
      case "quorum_up" -> quorumUp = c.script(n, n.arg(0), n.args.size() > 1 ? n.arg(1) : null).orElse(null);
      case "quorum_down" -> quorumDown = c.script(n, n.arg(0), n.args.size() > 1 ? n.arg(1) : null).orElse(null);
      case "sorry_server" -> {
        Target t = address(n, n.arg(0), n.arg(1), false);
        if (t != null) {
          sorryServer = Values.hostPort(t.address(), t.port());
        }
      }
      case "inhibit_on_failure" -> inhibit = values.flag(n, 0) == Boolean.TRUE;
      case "real_server" -> realServers.add(n);
      case "delay_loop", "connect_timeout", "retry", "delay_before_retry", "alpha", "virtualhost" -> defaultsKeyword(n, defaults);
      case "omega" -> c.unsupported(n, "running quorum_down and notify_down scripts at shutdown is not supported yet");
      case "ha_suspend" -> c.unsupported(n, "suspending checks while the VIP is absent is not supported yet");
      case "persistence_engine" -> c.unsupported(n, "IPVS persistence engines (sip) are not supported yet");
      case "sorry_server_inhibit", "sorry_server_lvs_method" -> c.unsupported(n, "sorry server options are not supported yet");
      case "ip_family" -> c.note(n, Kind.INFO, "Tandem derives the family from the addresses; nothing to write");
      case "warmup" -> c.unsupported(n, "random check start delays are not supported yet");
      case "smtp_alert" -> c.unsupported(n, "e-mail alerts are not supported; use notify-up/notify-down scripts");
      default -> c.unsupported(n, "no Tandem equivalent yet");
    }
  }

  /** delay_loop / connect_timeout / retry / delay_before_retry / alpha / virtualhost at any level. */
  private void defaultsKeyword(Node n, CheckDefaults d) {
    switch (n.keyword) {
      case "delay_loop" -> {
        Long v = values.seconds(n, 0, 1, 3_600_000);
        d.delayLoopMs = v != null ? v : d.delayLoopMs;
      }
      case "connect_timeout" -> {
        Long v = values.seconds(n, 0, 1, 3_600_000);
        d.timeoutMs = v != null ? v : d.timeoutMs;
      }
      case "retry", "nb_get_retry" -> {
        Long v = values.integer(n, 0, 0, Integer.MAX_VALUE);
        d.retry = v != null ? v : d.retry;
        if (n.keyword.equals("nb_get_retry")) {
          c.note(n, Kind.INFO, "deprecated alias of retry in keepalived; converted as retry");
        }
      }
      case "delay_before_retry" -> {
        Long v = values.seconds(n, 0, 0, 3_600_000);
        d.delayBeforeRetryMs = v != null ? v : d.delayBeforeRetryMs;
      }
      case "alpha" -> d.alpha = values.flag(n, 0) == Boolean.TRUE;
      case "virtualhost" -> d.virtualhost = n.arg(0);
      default -> throw new IllegalStateException(n.keyword);
    }
  }

  private void render(Target t, boolean many) {
    String name = c.uniqueName("vs", vs.arg(0).equals("group") && !many ? vs.arg(1)
        : (vs.arg(0).equals("group") ? vs.arg(1) + "-" : "") + t.label() + (t.isFwmark() ? "" : "-" + protocol));
    Hocon h = new Hocon();
    h.comments(vs.comments);
    h.comment("keepalived virtual_server " + vs.rest() + " (" + vs.at + ")");
    h.open("virtual-servers." + Hocon.key(name));
    if (t.isFwmark()) {
      h.set("fwmark", String.valueOf(t.fwmark()));
    } else {
      h.set("vip", Hocon.str(Values.hostPort(t.address(), t.port())));
      h.set("protocol", protocol);
    }
    h.set("scheduler", scheduler);
    h.set("forwarding", forwarding);
    h.set("engine", "ipvs");
    if (persistenceSeconds != null && persistenceSeconds > 0) {
      h.set("persistence", persistenceSeconds + "s");
      if (persistenceNetmask != null) {
        h.set("persistence-netmask", Hocon.str(persistenceNetmask));
      }
    } else if (persistenceNetmask != null) {
      c.note(vs.last("persistence_granularity").orElse(vs), Kind.OBSOLETE,
          "has no effect without persistence_timeout (keepalived ignores it too); not carried");
    }
    if (sorryServer != null) {
      Node sorryNode = vs.last("sorry_server").orElse(vs);
      Target st = address(sorryNode, sorryNode.arg(0), sorryNode.arg(1), false);
      if (st != null && !t.isFwmark() && Values.isV4(st.address()) != Values.isV4(t.address())) {
        c.error(sorryNode, "the sorry server is not of the service's address family");
        return;
      }
      String sorry = sorryServer;
      if (st != null && st.port() == 0 && !t.isFwmark()) {
        sorry = Values.hostPort(st.address(), t.port());
      }
      h.set("sorry-server", Hocon.str(sorry));
    }
    if (inhibit) {
      h.set("inhibit-on-failure", "true");
    }

    List<String> items = new ArrayList<>();
    long totalWeight = 0;
    Set<String> seen = new LinkedHashSet<>();
    for (Node rs : realServers) {
      RealServer r = realServer(rs, t);
      if (r == null) {
        continue;
      }
      if (!seen.add(r.address)) {
        c.error(rs, "real server " + r.address + " is listed twice in this virtual_server");
        continue;
      }
      totalWeight += r.weight;
      items.add(r.hocon);
    }
    if (items.isEmpty()) {
      return;
    }
    renderQuorum(h, totalWeight);
    h.line("real-servers = [");
    items.forEach(h::verbatim);
    h.line("]");
    h.close();
    if (c.errors.size() > errorsBefore) {
      return;
    }
    c.addFile("vs-" + name + ".conf", h.toString(), vs.at);
  }

  private void renderQuorum(Hocon h, long totalWeight) {
    List<String> q = new ArrayList<>();
    long min = 1;
    if (quorum != null) {
      if (quorum > totalWeight) {
        c.note(quorumNode, Kind.REVIEW, "quorum " + quorum + " is more than all real servers weigh together (" + totalWeight
            + "): keepalived would keep the service down forever; not carried (Tandem's default quorum 1 applies)");
      } else {
        min = quorum;
        q.add("min = " + quorum);
      }
    }
    if (hysteresis != null && hysteresis > 0) {
      if (hysteresis >= min) {
        c.note(hysteresisNode, Kind.REVIEW, "hysteresis " + hysteresis + " is not below the quorum (" + min
            + "); written as " + (min - 1));
        if (min - 1 > 0) {
          q.add("hysteresis = " + (min - 1));
        }
      } else {
        q.add("hysteresis = " + hysteresis);
      }
    }
    if (quorumUp != null) {
      q.add("up-command = " + Hocon.strings(quorumUp));
    }
    if (quorumDown != null) {
      q.add("down-command = " + Hocon.strings(quorumDown));
    }
    if (!q.isEmpty()) {
      h.set("quorum", "{ " + String.join(", ", q) + " }");
    }
  }

  private record RealServer(String address, long weight, String hocon) {}

  private RealServer realServer(Node rs, Target service) {
    Optional<InetAddress> a = Values.ip(rs.arg(0));
    if (a.isEmpty()) {
      c.error(rs, "not an IP address: '" + rs.arg(0) + "'");
      return null;
    }
    int port = 0;
    if (!rs.arg(1).isEmpty()) {
      Long p = values.integer(rs, 1, 1, 65535);
      if (p == null) {
        return null;
      }
      port = p.intValue();
    }
    if (service.isFwmark() && port != 0) {
      c.note(rs, Kind.INFO, "keepalived clears the port of a real server of a fwmark service; written without it");
      port = 0;
    }
    if (!service.isFwmark()) {
      if (port == 0) {
        port = service.port(); // keepalived: no port means the service's port
      }
      if (forwarding.equals("dr") && port != service.port()) {
        c.note(rs, Kind.REVIEW, "direct routing cannot change the port (IPVS ignores it); written with the service port "
            + service.port());
        port = service.port();
      }
      if (!forwarding.equals("tun") && Values.isV4(a.get()) != Values.isV4(service.address())) {
        c.error(rs, "the real server is not of the service's address family (only TUN may mix families)");
        return null;
      }
    }
    long weight = 1;
    List<String> notifyUp = null;
    List<String> notifyDown = null;
    CheckDefaults d = defaults.copy();
    List<Node> checkers = new ArrayList<>();
    for (Node n : rs.children) {
      switch (n.keyword) {
        case "weight" -> {
          Long w = values.integer(n, 0, 0, 65535);
          weight = w != null ? w : weight;
        }
        case "notify_up" -> notifyUp = c.script(n, n.arg(0), n.args.size() > 1 ? n.arg(1) : null).orElse(null);
        case "notify_down" -> notifyDown = c.script(n, n.arg(0), n.args.size() > 1 ? n.arg(1) : null).orElse(null);
        case "delay_loop", "connect_timeout", "retry", "delay_before_retry", "alpha", "virtualhost" -> defaultsKeyword(n, d);
        case "inhibit_on_failure" -> c.unsupported(n, "per-real-server inhibit_on_failure is not supported yet;"
            + " set it on the virtual_server (inhibit-on-failure) if every server should keep weight 0 when down");
        case "uthreshold", "lthreshold" -> c.unsupported(n, "connection thresholds are not supported yet");
        case "lvs_method" -> c.unsupported(n, "per-real-server forwarding is not supported yet; the service's is used");
        case "warmup" -> c.unsupported(n, "random check start delays are not supported yet");
        case "smtp_alert" -> c.unsupported(n, "e-mail alerts are not supported; use notify_up/notify_down scripts");
        default -> {
          if (CHECKERS.contains(n.keyword)) {
            checkers.add(n);
          } else {
            c.unsupported(n, "no Tandem equivalent yet");
          }
        }
      }
    }
    String check = null;
    for (Node ch : checkers) {
      if (check != null) {
        c.unsupported(ch, "Tandem runs one check per real server; the first (" + checkers.get(0).keyword + " at "
            + checkers.get(0).at + ") is converted and this one is not");
        continue;
      }
      check = check(ch, d);
    }
    if (check == null) {
      if (checkers.isEmpty()) {
        c.note(rs, Kind.INFO, "no checker: keepalived keeps this server up; written as check { type = none }");
      } else {
        c.note(rs, Kind.REVIEW, "no checker could be converted; written as check { type = none } (always up)");
      }
      check = "type = none";
    }
    String address = Values.hostPort(a.get(), port);
    StringBuilder sb = new StringBuilder();
    for (String comment : rs.comments) {
      sb.append("    # ").append(comment).append('\n');
    }
    sb.append("    { address = ").append(Hocon.str(address)).append(", weight = ").append(weight);
    if (notifyUp != null) {
      sb.append(",\n      notify-up = ").append(Hocon.strings(notifyUp));
    }
    if (notifyDown != null) {
      sb.append(",\n      notify-down = ").append(Hocon.strings(notifyDown));
    }
    sb.append(",\n      check { ").append(check).append(" } }\n");
    return new RealServer(address, weight, sb.toString());
  }

  /** One keepalived checker as the body of a Tandem check block, or null when it cannot be converted. */
  private String check(Node ch, CheckDefaults inherited) {
    CheckDefaults d = inherited.copy();
    List<String> keys = new ArrayList<>();
    String type = switch (ch.keyword) {
      case "TCP_CHECK" -> "tcp";
      case "HTTP_GET" -> "http";
      case "SSL_GET" -> "https";
      case "MISC_CHECK" -> "script";
      case "SMTP_CHECK" -> "smtp";
      case "DNS_CHECK" -> "dns";
      case "UDP_CHECK" -> "udp";
      case "PING_CHECK" -> "icmp";
      case "FILE_CHECK" -> "file";
      default -> null;
    };
    if (type == null) {
      c.unsupported(ch, "BFD checks are not supported yet");
      return null;
    }
    boolean network = !type.equals("script") && !type.equals("file");
    boolean portAllowed = network && !type.equals("icmp");
    List<Node> urls = new ArrayList<>();
    Long miscTimeoutMs = null;
    String dnsType = "SOA";
    String dnsName = "."; // keepalived's default name is empty: the root zone
    String sni = null;
    boolean enableSni = false;
    for (Node n : ch.children) {
      switch (n.keyword) {
        case "delay_loop", "connect_timeout", "retry", "nb_get_retry", "delay_before_retry", "alpha", "virtualhost" ->
            defaultsKeyword(n, d);
        case "connect_port" -> {
          Long p = values.integer(n, 0, 1, 65535);
          if (p != null && portAllowed) {
            keys.add("port = " + p);
          } else if (p != null) {
            c.unsupported(n, "a port means nothing for a " + type + " check; not carried");
          }
        }
        case "bindto" -> {
          Optional<InetAddress> a = Values.ip(n.arg(0));
          if (a.isEmpty()) {
            c.error(n, "not an IP address: '" + n.arg(0) + "'");
          } else if (network) {
            keys.add("source = " + Hocon.str(Values.literal(a.get())));
          } else {
            c.unsupported(n, "a source address means nothing for a " + type + " check; not carried");
          }
        }
        case "connect_ip" -> c.unsupported(n, "checking another address than the real server's is not supported yet");
        case "bind_port", "bind_if", "fwmark" -> c.unsupported(n, "this probe socket option is not supported yet");
        case "warmup" -> c.unsupported(n, "random check start delays are not supported yet");
        case "log_all_failures" -> c.note(n, Kind.INFO, "Tandem logs every check state change; nothing to write");
        case "url" -> urls.add(n);
        case "http_protocol", "fast_recovery", "tls_compliant" -> c.unsupported(n, "no Tandem equivalent yet");
        case "enable_sni" -> enableSni = values.flag(n, 0) == Boolean.TRUE;
        case "sni_name" -> sni = n.arg(0);
        case "misc_path" -> {
          Optional<List<String>> argv = c.script(n, n.arg(0), n.args.size() > 1 ? n.arg(1) : null);
          argv.ifPresent(v -> keys.add("command = " + Hocon.strings(v)));
        }
        case "misc_timeout" -> miscTimeoutMs = values.seconds(n, 0, 1, 3_600_000);
        case "misc_dynamic" -> keys.add("dynamic-weight = true");
        case "user" -> c.unsupported(n, "per-check users are not carried: Tandem runs every script as tandem.scripts.user");
        case "helo_name" -> keys.add("helo = " + Hocon.str(n.arg(0)));
        case "host" -> c.unsupported(n, "SMTP_CHECK host { } blocks (checking other hosts) are not supported yet");
        case "type" -> {
          dnsType = n.arg(0).toUpperCase(java.util.Locale.ROOT);
          if (!DNS_TYPES.contains(dnsType)) {
            c.error(n, "unknown DNS type '" + n.arg(0) + "'");
          }
        }
        case "name" -> dnsName = n.arg(0).isEmpty() ? "." : n.arg(0);
        case "payload" -> udpBytes(n, "payload").ifPresent(keys::add);
        case "require_reply" -> udpBytes(n, "expect").ifPresent(keys::add);
        case "min_reply_length", "max_reply_length" -> c.unsupported(n, "reply length limits are not supported yet");
        case "track_file" -> {
          Optional<Node> f = c.trackFile(n.arg(0));
          if (f.isEmpty()) {
            c.error(n, "no track_file named '" + n.arg(0) + "'");
          } else {
            String path = f.get().last("file").map(x -> x.arg(0)).orElse("");
            if (!path.startsWith("/")) {
              c.error(f.get(), "track_file needs an absolute file path, got '" + path + "'");
            } else {
              keys.add("file = " + Hocon.str(path));
              c.note(n, Kind.REVIEW, "converted to a file check on " + path + "; keepalived scales the weight by the"
                  + " number in the file, check that Tandem's file check gives the result you expect");
            }
          }
        }
        case "weight" -> c.unsupported(n, "FILE_CHECK weights are not supported yet");
        default -> c.unsupported(n, "no Tandem equivalent yet");
      }
    }
    if (type.equals("script") && keys.stream().noneMatch(k -> k.startsWith("command"))) {
      c.error(ch, "MISC_CHECK has no misc_path");
      return null;
    }
    if (type.equals("file") && keys.stream().noneMatch(k -> k.startsWith("file"))) {
      c.error(ch, "FILE_CHECK has no track_file");
      return null;
    }
    if (type.equals("http") || type.equals("https")) {
      if (!http(ch, urls, d, keys, type.equals("https"), enableSni, sni)) {
        return null;
      }
    } else if (!urls.isEmpty()) {
      c.error(urls.get(0), "url only applies to HTTP_GET and SSL_GET");
    }
    if (type.equals("dns")) {
      keys.add("query { name = " + Hocon.str(dnsName) + ", type = " + dnsType + " }");
    }
    if (d.virtualhost != null && !type.startsWith("http") && ch.last("virtualhost").isPresent()) {
      c.unsupported(ch.last("virtualhost").get(), "virtualhost means nothing for a " + type + " check");
    }

    // keepalived's defaults (check_data.c, check_api.c): delay_loop 60 s, connect_timeout 5 s,
    // retry 1, delay_before_retry 1 s; one failed check (after its retries) marks the server down
    // and one success marks it up, hence fall = rise = 1.
    long intervalMs = d.delayLoopMs != null ? d.delayLoopMs : 60_000;
    long timeoutMs = type.equals("script") ? (miscTimeoutMs != null ? miscTimeoutMs : intervalMs)
        : (d.timeoutMs != null ? d.timeoutMs : 5_000);
    // DNS_CHECK has its own defaults (check_dns.c): retry 3, and delay_before_retry = delay_loop.
    boolean dns = type.equals("dns");
    long retry = d.retry != null ? d.retry : (dns ? 3 : 1);
    long delayBeforeRetry = d.delayBeforeRetryMs != null ? d.delayBeforeRetryMs : (dns ? intervalMs : 1_000);
    if (retry > 10) {
      c.note(ch, Kind.REVIEW, "Tandem retries at most 10 times within one check; retry " + retry + " written as 10");
      retry = 10;
    }
    List<String> head = new ArrayList<>();
    head.add("type = " + type);
    head.add("interval = " + Hocon.duration(Math.max(10, intervalMs)));
    head.add("timeout = " + Hocon.duration(Math.max(10, timeoutMs)));
    head.add("fall = 1");
    head.add("rise = 1");
    head.add("retry = " + retry);
    head.add("delay-before-retry = " + Hocon.duration(delayBeforeRetry));
    if (d.alpha) {
      head.add("start-down = true");
    }
    head.addAll(keys);
    return String.join(", ", head);
  }

  private boolean http(Node ch, List<Node> urls, CheckDefaults d, List<String> keys, boolean tls, boolean enableSni,
      String sni) {
    if (urls.isEmpty()) {
      c.error(ch, ch.keyword + " has no url { path ... } block (keepalived drops such a checker)");
      return false;
    }
    Node url = urls.get(0);
    for (Node extra : urls.subList(1, urls.size())) {
      c.unsupported(extra, "Tandem checks one path per real server; only the first url (" + url.at + ") is converted");
    }
    String path = null;
    Set<Integer> statuses = new TreeSet<>();
    String host = d.virtualhost;
    for (Node n : url.children) {
      switch (n.keyword) {
        case "path" -> path = n.arg(0);
        case "digest" -> {
          if (!MD5_HEX.matcher(n.arg(0)).matches()) {
            c.error(n, "must be the 32 hex digits of an MD5 sum, got '" + n.arg(0) + "'");
          } else {
            keys.add("digest = " + Hocon.str(n.arg(0).toLowerCase(java.util.Locale.ROOT)));
          }
        }
        case "status_code" -> {
          for (String s : n.args) {
            if (!statusCodes(n, s, statuses)) {
              return false;
            }
          }
        }
        case "virtualhost" -> host = n.arg(0);
        case "regex" -> {
          try {
            Pattern.compile(n.arg(0));
            keys.add("regex = " + Hocon.str(n.arg(0)));
          } catch (PatternSyntaxException e) {
            c.unsupported(n, "this PCRE pattern is not a valid Java regular expression (" + e.getDescription()
                + "); not carried");
          }
        }
        default -> c.unsupported(n, "no Tandem equivalent yet");
      }
    }
    if (path == null || path.isEmpty()) {
      c.error(url, "url has no path (keepalived drops such a url)");
      return false;
    }
    if (!path.startsWith("/")) {
      c.error(url.last("path").orElse(url), "path must start with '/', got '" + path + "'");
      return false;
    }
    keys.add(0, "path = " + Hocon.str(path));
    if (statuses.isEmpty()) {
      // keepalived (check_http.c): no status_code means any 2xx.
      for (int s = 200; s <= 299; s++) {
        statuses.add(s);
      }
    }
    keys.add(1, "expect-status = " + statuses);
    if (host != null && !host.isEmpty()) {
      keys.add("host = " + Hocon.str(host));
    }
    if (tls) {
      String serverName = sni != null ? sni : (enableSni && host != null ? host : null);
      keys.add("tls { " + (serverName != null ? "sni = " + Hocon.str(serverName) + ", " : "") + "verify = false }");
      c.note(ch, Kind.INFO, "keepalived's SSL_GET does not verify the server certificate; written as tls.verify = false");
    } else if (sni != null || enableSni) {
      c.unsupported(ch.last("sni_name", "enable_sni").orElse(ch), "SNI means nothing without TLS");
    }
    return true;
  }

  /** keepalived's status_code accepts "200", "200-299" and several of them. */
  private boolean statusCodes(Node n, String s, Set<Integer> into) {
    String[] range = s.split("-", -1);
    try {
      int lo = Integer.parseInt(range[0]);
      int hi = range.length == 2 ? Integer.parseInt(range[1]) : lo;
      if (range.length > 2 || lo < 100 || hi > 599 || lo > hi) {
        throw new NumberFormatException();
      }
      for (int i = lo; i <= hi; i++) {
        into.add(i);
      }
      return true;
    } catch (NumberFormatException e) {
      c.error(n, "HTTP status codes are 100..599 (or a range such as 200-299), got '" + s + "'");
      return false;
    }
  }

  /** keepalived's UDP payloads are hex; Tandem's are text, so only printable ones carry over. */
  private Optional<String> udpBytes(Node n, String key) {
    String hex = n.arg(0).replace(":", "");
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      c.error(n, "must be hexadecimal bytes, got '" + n.arg(0) + "'");
      return Optional.empty();
    }
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7e) {
        c.unsupported(n, "binary UDP payloads are not supported yet (Tandem's payload is text); not carried");
        return Optional.empty();
      }
    }
    return Optional.of(key + " = " + Hocon.str(new String(bytes, StandardCharsets.US_ASCII)));
  }
}
