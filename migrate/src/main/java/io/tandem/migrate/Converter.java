package io.tandem.migrate;

import io.tandem.migrate.ReportItem.Kind;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the statement tree of a keepalived configuration into Tandem files. Every statement goes
 * through a switch: it is converted, or it becomes a report item, or (when keepalived itself would
 * refuse it) an error. Nothing falls through silently: the {@code default} of every switch reports.
 */
final class Converter implements Values.Sink {
  static final Path CONF_D = Path.of("conf.d");

  final List<ImportError> errors = new ArrayList<>();
  final List<ReportItem> report = new ArrayList<>();
  final Map<Path, String> files = new LinkedHashMap<>();
  /** Where each output file came from, to point a late validation error at the keepalived line. */
  final Map<Path, Location> origins = new HashMap<>();

  private final KeywordTable table = KeywordTable.get();
  private final Values values = new Values(this);
  private final Globals globals = new Globals();
  private final Map<String, Node> scripts = new LinkedHashMap<>();
  private final Set<String> scriptsUsed = new HashSet<>();
  private final Map<String, Node> trackFiles = new LinkedHashMap<>();
  private final Map<String, Node> serverGroups = new LinkedHashMap<>();
  /** keepalived instance name → Tandem name. */
  private final Map<String, String> instanceNames = new LinkedHashMap<>();
  private final Set<String> usedFileNames = new HashSet<>();
  /** keepalived instance name → its sync group's name when that group ignores track weights, else "". */
  private final Map<String, String> syncMembership = new HashMap<>();
  private final Hocon syncGroups = new Hocon();
  private boolean anyScript;

  /** Settings from global_defs that change what the instances and services mean. */
  private static final class Globals {
    Node node;
    String routerId;
    boolean scriptSecurity;
    String scriptUser;
    int vrrpVersion = 2;
    Long garpRepeat;
    Long garpRefreshSeconds;
    Long garpIntervalMillis;
    boolean strict;
    String notifyFifo;
    String defaultInterface;
  }

  @Override
  public void error(Node at, String message) {
    errors.add(new ImportError(at.at, at.keyword, message));
  }

  void note(Node at, Kind kind, String message) {
    report.add(new ReportItem(at.at, at.keyword, kind, message));
  }

  void unsupported(Node at, String why) {
    note(at, Kind.NOT_SUPPORTED, why);
  }

  // --------------------------------------------------------------------------------------------
  // Keywords: what keepalived would call unknown is an error, with a did-you-mean.

  void checkKeywords(Node block, String context) {
    for (Node n : block.children) {
      boolean known = table.knows(context, n.keyword);
      if (!known) {
        if (n.keyword.equals("real_server")) {
          error(n, "real_server outside any virtual_server");
        } else if (n.keyword.equals("{")) {
          continue; // already reported by the tree builder
        } else {
          String where = context.equals(KeywordTable.TOP) ? "at the top level" : "inside " + context.replace('/', ' ');
          String hint = Suggest.didYouMean(n.keyword, table.keywords(context));
          if (hint.isEmpty()) {
            hint = table.contextOf(n.keyword).map(c -> " (keepalived accepts it " + (c.equals(KeywordTable.TOP)
                ? "at the top level" : "inside " + c.replace('/', ' ')) + ")").orElse("");
          }
          error(n, "unknown keyword " + where + hint);
        }
        continue;
      }
      String child = KeywordTable.child(context, n.keyword);
      boolean valueBlock = KeywordTable.VALUE_BLOCKS.contains(n.keyword) && !table.hasContext(child);
      boolean blockExpected = table.hasContext(child) || (valueBlock && VALUE_BLOCK_PARENTS.contains(context));
      if (blockExpected && !n.hasBlock) {
        error(n, "needs a { } block");
      }
      if (n.hasBlock && !valueBlock && table.hasContext(child)) {
        checkKeywords(n, child);
      }
    }
  }

  /** Blocks in which the value-block keywords (virtual_ipaddress, group, ...) must open a { } block. */
  private static final Set<String> VALUE_BLOCK_PARENTS =
      Set.of(KeywordTable.TOP, "vrrp_instance", "vrrp_sync_group", "global_defs", "track_group", "garp_group");

  // --------------------------------------------------------------------------------------------

  void convert(Node root) {
    checkKeywords(root, KeywordTable.TOP);
    if (!errors.isEmpty()) {
      return;
    }
    // First pass: definitions other blocks refer to.
    for (Node n : root.children) {
      switch (n.keyword) {
        case "global_defs" -> globals(n);
        case "vrrp_script" -> named(n, scripts);
        case "track_file", "vrrp_track_file" -> named(n, trackFiles);
        case "virtual_server_group" -> named(n, serverGroups);
        default -> { }
      }
    }
    for (Node n : root.children) {
      if (n.keyword.equals("vrrp_sync_group")) {
        boolean keepsWeights = n.last("sync_group_tracking_weight", "global_tracking").isPresent();
        for (Node g : n.all("group")) {
          List<String> words = new ArrayList<>(g.args);
          g.children.forEach(m -> {
            words.add(m.keyword);
            words.addAll(m.args);
          });
          words.forEach(w -> syncMembership.putIfAbsent(w, keepsWeights ? "" : n.arg(0)));
        }
      }
    }
    for (Node n : root.children) {
      if (n.keyword.equals("vrrp_instance")) {
        String name = n.arg(0);
        if (!name.isEmpty()) {
          instanceNames.putIfAbsent(name, uniqueName("vrrp", name));
        }
      }
    }
    for (Node n : root.children) {
      switch (n.keyword) {
        case "global_defs", "virtual_server_group" -> { }
        case "vrrp_script" -> {
          if (n.args.size() > 1) {
            note(n, Kind.INFO, "extra words after the script name are ignored, as keepalived does");
          }
        }
        case "track_file" -> { }
        case "vrrp_track_file" -> note(n, Kind.INFO, "deprecated synonym of track_file in keepalived; read as track_file");
        case "vrrp_instance" -> new VrrpConversion(this, values, n).run();
        case "vrrp_sync_group" -> syncGroup(n);
        case "virtual_server" -> new ServerConversion(this, values, n).run();
        case "vrrp_track_process" -> unsupported(n, "Tandem cannot track processes for VRRP yet (track.process is a"
            + " health-check type only); the instances that track it are reported too");
        case "static_ipaddress", "static_routes", "static_rules" -> unsupported(n,
            "Tandem does not manage static addresses, routes or rules; keep them in the system's network configuration");
        case "garp_group" -> unsupported(n, "per-interface GARP groups are not supported yet; Tandem's garp settings are per instance");
        case "linkbeat_use_polling", "linkbeat_interfaces" -> note(n, Kind.OBSOLETE,
            "Tandem always watches links through netlink events; polling is not needed");
        case "bfd_instance" -> unsupported(n, "BFD is not supported yet");
        case "track_group" -> unsupported(n, "track groups are not supported yet");
        case "SSL" -> unsupported(n, "client certificates for SSL_GET checks are not supported yet");
        case "net_namespace", "net_namespace_ipvs", "namespace_with_ipsets" -> unsupported(n,
            "run Tandem itself inside the namespace (ip netns exec) instead");
        case "instance", "use_pid_dir", "child_wait_time" -> note(n, Kind.OBSOLETE,
            "keepalived process setting with no meaning for Tandem's single process");
        case "interface_up_down_delays" -> unsupported(n, "interface up/down delays are not supported yet");
        default -> unsupported(n, "no Tandem equivalent yet");
      }
    }
    for (Map.Entry<String, Node> s : scripts.entrySet()) {
      if (!scriptsUsed.contains(s.getKey())) {
        note(s.getValue(), Kind.INFO, "vrrp_script '" + s.getKey() + "' is tracked by no vrrp_instance; keepalived does not run it,"
            + " and it is not converted");
      }
    }
    mainFile();
  }

  private void named(Node n, Map<String, Node> into) {
    String name = n.arg(0);
    if (name.isEmpty()) {
      error(n, "needs a name");
      return;
    }
    if (into.containsKey(name)) {
      error(n, "'" + name + "' is defined twice; first at " + into.get(name).at);
      return;
    }
    into.put(name, n);
  }

  // --------------------------------------------------------------------------------------------
  // global_defs

  private void globals(Node g) {
    globals.node = g;
    for (Node n : g.children) {
      switch (n.keyword) {
        case "router_id" -> globals.routerId = n.arg(0);
        case "enable_script_security" -> globals.scriptSecurity = true;
        case "script_user" -> {
          globals.scriptUser = n.arg(0);
          if (n.args.size() > 1) {
            unsupported(n, "the group '" + n.arg(1) + "' is not carried: Tandem runs scripts with the user's own groups");
          }
        }
        case "vrrp_version" -> {
          Long v = values.integer(n, 0, 2, 3);
          if (v != null) {
            globals.vrrpVersion = v.intValue();
          }
        }
        case "vrrp_garp_master_repeat" -> globals.garpRepeat = values.integer(n, 0, 0, 100);
        case "vrrp_garp_master_refresh" -> globals.garpRefreshSeconds = values.integer(n, 0, 0, 86_400);
        case "vrrp_garp_interval" -> globals.garpIntervalMillis = values.seconds(n, 0, 0, 10_000);
        case "vrrp_strict" -> {
          globals.strict = true;
          note(n, Kind.INFO, "Tandem always applies the RFC checks; vrrp_strict only turns accept mode off by default here");
        }
        case "notify_fifo", "vrrp_notify_fifo" -> {
          if (!n.arg(0).startsWith("/")) {
            error(n, "the FIFO must be an absolute path, got '" + n.arg(0) + "'");
          } else {
            globals.notifyFifo = n.arg(0);
          }
          if (n.args.size() > 1) {
            unsupported(n, "the FIFO owner '" + n.arg(1) + "' is not carried; create the FIFO with the right owner yourself");
          }
          if (n.keyword.equals("vrrp_notify_fifo") && globals.notifyFifo != null) {
            note(n, Kind.INFO, "Tandem's notify.fifo carries the VRRP events only (as vrrp_notify_fifo)");
          }
        }
        case "default_interface" -> globals.defaultInterface = n.arg(0);
        case "notification_email", "notification_email_from", "smtp_server", "smtp_helo_name", "smtp_connect_timeout",
            "smtp_alert", "smtp_alert_vrrp", "smtp_alert_checker", "no_email_faults", "no_checker_emails" ->
            unsupported(n, "e-mail alerts are not supported; use notify.webhooks or a notify script that sends mail");
        case "vrrp_garp_master_delay", "vrrp_garp_master_refresh_repeat", "vrrp_garp_lower_prio_delay",
            "vrrp_garp_lower_prio_repeat", "vrrp_gna_interval", "vrrp_min_garp", "vrrp_garp_extra_if" ->
            unsupported(n, "Tandem sends one GARP burst (garp.count at garp.interval) then refreshes every garp.refresh;"
                + " this keepalived GARP variant has no equivalent yet");
        case "lvs_sync_daemon" -> unsupported(n, "IPVS connection synchronisation is not supported yet");
        case "vrrp_mcast_group4", "vrrp_mcast_group6" -> unsupported(n,
            "Tandem sends to the RFC multicast groups (224.0.0.18, ff02::12); other groups are not supported yet");
        case "enable_snmp_vrrp", "enable_snmp_checker", "enable_snmp_rfc", "enable_snmp_rfcv2", "enable_snmp_rfcv3",
            "enable_snmp_keepalived", "enable_traps", "snmp_socket" -> unsupported(n,
            "SNMP is not supported; Tandem exports Prometheus metrics on tandem.metrics.listen");
        case "enable_dbus", "dbus_service_name", "dbus_no_interface_name" -> unsupported(n,
            "D-Bus is not supported; use the control socket (tandem status)");
        case "lvs_flush", "lvs_flush_on_stop", "lvs_flush_onstop" -> unsupported(n,
            "see tandem.shutdown.remove-forwarding for what happens to Tandem's own entries on stop");
        case "vrrp_priority", "checker_priority", "bfd_priority", "vrrp_rt_priority", "checker_rt_priority",
            "bfd_rt_priority", "vrrp_no_swap", "checker_no_swap", "bfd_no_swap", "vrrp_cpu_affinity",
            "checker_cpu_affinity", "bfd_cpu_affinity", "vrrp_rlimit_rtime", "checker_rlimit_rtime", "bfd_rlimit_rtime",
            "vrrp_rlimit_rttime", "checker_rlimit_rttime", "bfd_rlimit_rttime", "vrrp_process_name",
            "checker_process_name", "bfd_process_name", "lvs_process_name", "process_name", "process_names" ->
            note(n, Kind.OBSOLETE, "keepalived child-process tuning; Tandem is one process (set scheduling with systemd)");
        default -> unsupported(n, "no Tandem equivalent yet");
      }
    }
  }

  // --------------------------------------------------------------------------------------------
  // vrrp_sync_group (written into the main file)

  private void syncGroup(Node g) {
    String name = g.arg(0);
    if (name.isEmpty()) {
      error(g, "needs a name");
      return;
    }
    List<String> members = new ArrayList<>();
    Map<String, List<String>> notify = new LinkedHashMap<>();
    boolean hasGroup = false;
    for (Node n : g.children) {
      switch (n.keyword) {
        case "group" -> {
          hasGroup = true;
          List<String> words = new ArrayList<>();
          if (!n.hasBlock) {
            words.addAll(n.args);
          }
          for (Node m : n.children) {
            words.add(m.keyword);
            words.addAll(m.args);
          }
          for (String w : words) {
            String tandem = instanceNames.get(w);
            if (tandem == null) {
              error(n, "vrrp_instance '" + w + "' does not exist" + Suggest.didYouMean(w, instanceNames.keySet()));
            } else if (!members.contains(tandem)) {
              members.add(tandem);
            }
          }
        }
        case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify" ->
            script(n, n.arg(0), n.args.size() > 1 ? n.arg(1) : null).ifPresent(
                argv -> notify.put(notifyKey(n.keyword), argv));
        case "global_tracking" -> note(n, Kind.OBSOLETE, "deprecated in keepalived (read as sync_group_tracking_weight):"
            + " the members' track weights are kept");
        case "sync_group_tracking_weight" -> note(n, Kind.INFO, "the members' track weights are kept (without it keepalived"
            + " ignores them and a failure puts the group in fault)");
        case "track_interface", "track_script", "track_file", "track_process", "track_bfd" -> unsupported(n,
            "tracking on a sync group is not supported yet; move it to each member vrrp_instance");
        case "smtp_alert" -> unsupported(n, "e-mail alerts are not supported; use notify.webhooks");
        default -> unsupported(n, "no Tandem equivalent yet");
      }
    }
    if (!hasGroup || members.isEmpty()) {
      error(g, "vrrp_sync_group '" + name + "' has no group { } of instances");
      return;
    }
    String tandemName = uniqueName("sync", name);
    if (!tandemName.equals(name)) {
      note(g, Kind.REVIEW, "renamed to '" + tandemName + "' (Tandem names are letters, digits, '-' and '_')");
    }
    syncGroups.blank().comments(g.comments).open("sync-groups." + Hocon.key(tandemName))
        .set("instances", Hocon.strings(members));
    if (!notify.isEmpty()) {
      syncGroups.open("notify");
      notify.forEach((k, v) -> syncGroups.set(k, Hocon.strings(v)));
      syncGroups.close();
    }
    syncGroups.close();
  }

  static String notifyKey(String keyword) {
    return switch (keyword) {
      case "notify_master" -> "master";
      case "notify_backup" -> "backup";
      case "notify_fault" -> "fault";
      case "notify_stop" -> "stop";
      default -> "any";
    };
  }

  // --------------------------------------------------------------------------------------------
  // Scripts: keepalived's strings become argv lists.

  /**
   * keepalived runs an executable script by splitting it into words (searching PATH for a bare
   * name) and anything else through system(3). Tandem wants an absolute argv: a plain absolute
   * command is split; anything else keeps keepalived's behaviour through /bin/sh -c, flagged for review.
   */
  Optional<List<String>> script(Node n, String text, String user) {
    anyScript = true;
    if (user != null && !user.isEmpty()) {
      unsupported(n, "the per-script user '" + user + "' is not carried: Tandem runs every script as tandem.scripts.user");
    }
    if (text.isBlank()) {
      error(n, "needs a script");
      return Optional.empty();
    }
    ShellWords.Split split = ShellWords.split(text);
    if (split.words().isEmpty()) {
      error(n, "needs a script");
      return Optional.empty();
    }
    String first = split.words().get(0);
    if (!split.balanced() || split.shellSyntax() || !first.startsWith("/")) {
      String why = !split.balanced() ? "has unbalanced quotes"
          : split.shellSyntax() ? "uses shell syntax" : "is not an absolute path ('" + first + "' was looked up in PATH)";
      note(n, Kind.REVIEW, "the script " + why + "; converted to [\"/bin/sh\", \"-c\", ...] to keep keepalived's"
          + " behaviour: replace it with an absolute argv list");
      return Optional.of(List.of("/bin/sh", "-c", text));
    }
    return Optional.of(split.words());
  }

  Optional<Node> trackFile(String name) {
    return Optional.ofNullable(trackFiles.get(name));
  }

  Optional<Node> vrrpScript(String name) {
    Node n = scripts.get(name);
    if (n != null) {
      scriptsUsed.add(name);
    }
    return Optional.ofNullable(n);
  }

  Set<String> scriptNames() {
    return scripts.keySet();
  }

  Optional<Node> serverGroup(String name) {
    return Optional.ofNullable(serverGroups.get(name));
  }

  Set<String> serverGroupNames() {
    return serverGroups.keySet();
  }

  String tandemInstanceName(String keepalivedName) {
    return instanceNames.get(keepalivedName);
  }

  /** The sync group that makes keepalived ignore this instance's track weights (no sync_group_tracking_weight). */
  Optional<String> weightlessSyncGroup(String keepalivedInstance) {
    String g = syncMembership.get(keepalivedInstance);
    return g == null || g.isEmpty() ? Optional.empty() : Optional.of(g);
  }

  int defaultVersion() {
    return globals.vrrpVersion;
  }

  boolean strict() {
    return globals.strict;
  }

  Optional<String> defaultInterface() {
    return Optional.ofNullable(globals.defaultInterface);
  }

  Long globalGarpRepeat() {
    return globals.garpRepeat;
  }

  Long globalGarpRefreshSeconds() {
    return globals.garpRefreshSeconds;
  }

  Long globalGarpIntervalMillis() {
    return globals.garpIntervalMillis;
  }

  /** A Tandem name (letters, digits, '-', '_', at most 64) unique among the files written. */
  String uniqueName(String kind, String wanted) {
    String base = wanted.replaceAll("[^A-Za-z0-9_-]", "-");
    if (base.isEmpty()) {
      base = kind;
    }
    if (base.length() > 60) {
      base = base.substring(0, 60);
    }
    String name = base;
    for (int i = 2; !usedFileNames.add(kind + "/" + name.toLowerCase(Locale.ROOT)); i++) {
      name = base + "-" + i;
    }
    return name;
  }

  void addFile(String fileName, String content, Location origin) {
    Path p = CONF_D.resolve(fileName);
    files.put(p, content);
    origins.put(p, origin);
  }

  private void mainFile() {
    Hocon h = new Hocon();
    h.comment("Converted from keepalived by `tandem import`; see IMPORT-REPORT.md for what needs review.");
    if (globals.node != null) {
      h.comments(globals.node.comments);
    }
    h.open("tandem");
    if (globals.routerId != null && !globals.routerId.isEmpty()) {
      h.set("node-id", Hocon.str(globals.routerId));
    }
    h.set("include-dir", Hocon.str("conf.d"));
    h.set("scripts.security", "true");
    // keepalived removes the IPVS entries it made when it stops; keep that behaviour after migrating.
    h.set("shutdown.remove-forwarding", "true");
    if (globals.scriptUser != null && !globals.scriptUser.isEmpty()) {
      h.set("scripts.user", Hocon.str(globals.scriptUser));
    }
    h.close();
    if (anyScript && !globals.scriptSecurity && globals.node != null) {
      note(globals.node, Kind.INFO, "keepalived ran scripts without ownership checks (no enable_script_security);"
          + " Tandem checks them (tandem.scripts.security = true): scripts must not be writable by non-root users");
    }
    if (globals.notifyFifo != null) {
      h.blank().set("defaults.vrrp.notify.fifo", Hocon.str(globals.notifyFifo));
    }
    if (!syncGroups.toString().isBlank()) {
      h.line(syncGroups.toString().stripTrailing());
    }
    Map<Path, String> ordered = new LinkedHashMap<>();
    ordered.put(ImportResult.MAIN_FILE, h.toString().stripTrailing() + "\n");
    ordered.putAll(files);
    files.clear();
    files.putAll(ordered);
    origins.put(ImportResult.MAIN_FILE, globals.node != null ? globals.node.at : null);
  }
}
