package io.tandem.config;

import com.typesafe.config.ConfigObject;
import io.tandem.config.model.CheckConfig;
import io.tandem.config.model.CheckConfig.Probe;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a real server's {@code check} block. A key that means nothing for the chosen type is an error. */
final class CheckReader {
  private static final List<String> TYPES =
      List.of("tcp", "http", "https", "udp", "icmp", "dns", "smtp", "script", "file", "process", "none");

  /** Keys that apply to some types only; every other key applies to all network probes. */
  private static final Map<String, Set<String>> KEY_TYPES = Map.ofEntries(
      Map.entry("path", Set.of("http", "https")),
      Map.entry("expect-status", Set.of("http", "https")),
      Map.entry("digest", Set.of("http", "https")),
      Map.entry("regex", Set.of("http", "https")),
      Map.entry("host", Set.of("http", "https")),
      Map.entry("max-body", Set.of("http", "https")),
      Map.entry("tls", Set.of("https")),
      Map.entry("payload", Set.of("udp")),
      Map.entry("expect", Set.of("udp")),
      Map.entry("query", Set.of("dns")),
      Map.entry("helo", Set.of("smtp")),
      Map.entry("command", Set.of("script")),
      Map.entry("dynamic-weight", Set.of("script")),
      Map.entry("file", Set.of("file")),
      Map.entry("process", Set.of("process")),
      Map.entry("port", Set.of("tcp", "http", "https", "udp", "dns", "smtp")),
      Map.entry("source", Set.of("tcp", "http", "https", "udp", "icmp", "dns", "smtp")));

  private static final Set<String> DNS_TYPES = Set.of("A", "AAAA", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TXT");
  private static final Set<String> DNS_RCODES = Set.of("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED");
  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");

  private CheckReader() {}

  /** Empty when the block is missing (reported) or its type is unusable. */
  static Optional<CheckConfig> read(Block realServer, ConfigObject checkDefaults) {
    if (!realServer.isSet("check")) {
      realServer.problems().add(realServer.origin(), realServer.keyPath("check"),
          "missing: every real server needs a check { type = ... } block (type = none to run without one)");
      return Optional.empty();
    }
    Block c = realServer.child("check", checkDefaults);
    c.isSet("type");
    String type = c.oneOf("type", TYPES, w -> w, true);
    if (type == null) {
      return Optional.empty();
    }
    KEY_TYPES.forEach((key, types) -> {
      if (!types.contains(type) && c.isSet(key)) {
        c.error(key, "applies only to " + String.join("/", types.stream().sorted().toList()) + " checks, not type = " + type);
      }
    });

    Duration interval = c.duration("interval", Duration.ofMillis(10), Duration.ofHours(1));
    Duration timeout = c.duration("timeout", Duration.ofMillis(10), Duration.ofHours(1));
    int fall = c.integer("fall", 1, 100, true);
    int rise = c.integer("rise", 1, 100, true);
    int retry = c.integer("retry", 0, 10, true);
    Duration delayBeforeRetry = c.duration("delay-before-retry", Duration.ZERO, Duration.ofHours(1));
    boolean startDown = c.bool("start-down");
    int port = c.integer("port", 0, 65535, true);
    Optional<InetAddress> source = Optional.empty();
    String src = c.string("source", false);
    if (!src.isEmpty()) {
      try {
        source = Optional.of(Addresses.ip(src));
      } catch (IllegalArgumentException e) {
        c.error("source", e.getMessage());
      }
    }
    Probe probe = switch (type) {
      case "tcp" -> new CheckConfig.Tcp();
      case "http", "https" -> http(c, type.equals("https"));
      case "udp" -> new CheckConfig.Udp(c.string("payload", false).getBytes(StandardCharsets.UTF_8),
          c.optionalString("expect").map(s -> s.getBytes(StandardCharsets.UTF_8)));
      case "icmp" -> new CheckConfig.Icmp();
      case "dns" -> dns(c.child("query"));
      case "smtp" -> new CheckConfig.Smtp(c.optionalString("helo"));
      case "script" -> script(c);
      case "file" -> new CheckConfig.FileProbe(absolutePath(c, "file"));
      case "process" -> new CheckConfig.ProcessProbe(required(c, "process"));
      default -> new CheckConfig.None();
    };
    return Optional.of(new CheckConfig(interval, timeout, fall, rise, retry, delayBeforeRetry, startDown,
        port == 0 ? OptionalInt.empty() : OptionalInt.of(port), source, probe));
  }

  private static Probe http(Block c, boolean tls) {
    String path = c.string("path", true);
    if (!path.startsWith("/")) {
      c.error("path", "must start with '/', got '" + path + "'");
    }
    List<Integer> statuses = new java.util.ArrayList<>();
    for (String s : c.strings("expect-status", true)) {
      try {
        int code = Integer.parseInt(s);
        if (code < 100 || code > 599) {
          throw new NumberFormatException();
        }
        statuses.add(code);
      } catch (NumberFormatException e) {
        c.error("expect-status", "HTTP status codes are 100..599, got '" + s + "'");
      }
    }
    if (statuses.isEmpty() && c.isSet("expect-status")) {
      c.error("expect-status", "must list at least one status code");
    }
    Optional<String> digest = c.optionalString("digest");
    digest.filter(d -> !MD5_HEX.matcher(d).matches())
        .ifPresent(d -> c.error("digest", "must be the 32 hex digits of an MD5 sum (as keepalived's genhash prints), got '" + d + "'"));
    Optional<String> regex = c.optionalString("regex");
    regex.ifPresent(r -> {
      try {
        Pattern.compile(r);
      } catch (PatternSyntaxException e) {
        c.error("regex", "is not a valid regular expression: " + e.getDescription());
      }
    });
    Optional<String> host = c.optionalString("host");
    Block t = c.child("tls");
    Optional<String> sni = t.optionalString("sni");
    boolean verify = t.bool("verify");
    long maxBody = c.bytes("max-body", 0, 16L * 1024 * 1024);
    return new CheckConfig.Http(tls, path, statuses, digest.map(String::toLowerCase), regex, host, sni, verify, maxBody);
  }

  private static Probe dns(Block q) {
    String name = required(q, "name");
    String type = q.oneOf("type", DNS_TYPES.stream().sorted().toList(), w -> w, true);
    String rcode = q.oneOf("rcode", DNS_RCODES.stream().sorted().toList(), w -> w, true);
    return new CheckConfig.Dns(name, type == null ? "A" : type, rcode == null ? "NOERROR" : rcode);
  }

  private static Probe script(Block c) {
    List<String> command = c.command("command");
    if (command.isEmpty()) {
      c.problems().add(c.origin(), c.keyPath("command"), "missing (required): the script to run, e.g. [\"/usr/local/bin/check\", \"arg\"]");
    }
    return new CheckConfig.Script(command, c.bool("dynamic-weight"));
  }

  private static String required(Block b, String key) {
    String s = b.string(key, true);
    if (s.isEmpty() && b.isSet(key)) {
      b.error(key, "must not be empty");
    } else if (s.isEmpty()) {
      b.problems().add(b.origin(), b.keyPath(key), "missing (required)");
    }
    return s;
  }

  private static String absolutePath(Block b, String key) {
    String s = required(b, key);
    if (!s.isEmpty() && !s.startsWith("/")) {
      b.error(key, "must be an absolute path, got '" + s + "'");
    }
    return s;
  }
}
