package io.tandem.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of broken configurations: each yields exactly the expected error line
 * ({@code file:line: key: message}) among the errors reported.
 */
class BrokenConfigTest {
  @TempDir Path dir;

  /** A valid instance; cases replace one line (1-based line numbers below count from "vrrp.web {"). */
  private static final String WEB = """
      vrrp.web {
        interface = eth0
        vrid = 51
        priority = 150
        advert-interval = 100ms
        virtual-ips = ["192.0.2.10/24"]
      }
      """;

  private static final String SERVICE = """
      virtual-servers.web-http {
        vip = "192.0.2.10:80"
        scheduler = wlc
        forwarding = nat
        real-servers = [
          { address = "192.0.2.101:80", check { type = http, path = /health } }
          { address = "192.0.2.102:80", check { type = tcp } }
        ]
      }
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        // --- vrrp values -----------------------------------------------------------------
        webLine("priority out of range", 4, "  priority = 300", "conf.d/web.conf:4: vrrp.web.priority: must be 1..255, got 300"),
        webLine("priority not a number", 4, "  priority = high", "conf.d/web.conf:4: vrrp.web.priority: must be a whole number, got 'high'"),
        webLine("misspelt key", 4, "  prority = 150", "conf.d/web.conf:4: vrrp.web.prority: unknown key (did you mean 'priority'?)"),
        webLine("vrid zero", 3, "  vrid = 0", "conf.d/web.conf:3: vrrp.web.vrid: must be 1..255, got 0"),
        webLine("vrid missing", 3, "", "conf.d/web.conf:1: vrrp.web.vrid: missing (required)"),
        webLine("interface missing", 2, "", "conf.d/web.conf:1: vrrp.web.interface: missing (required)"),
        webLine("interface name too long", 2, "  interface = averyveryverylongname0",
            "conf.d/web.conf:2: vrrp.web.interface: not a valid interface name (1..15 characters, no '/' or spaces), got 'averyveryverylongname0'"),
        webLine("advert without unit", 5, "  advert-interval = 100",
            "conf.d/web.conf:5: vrrp.web.advert-interval: needs a unit, e.g. '100s' or '100ms', got 100"),
        webLine("advert not centiseconds", 5, "  advert-interval = 105ms",
            "conf.d/web.conf:5: vrrp.web.advert-interval: VRRPv3 carries centiseconds (RFC 5798 §5.2.7): use a multiple of 10ms, got 105ms"),
        webLine("advert too long for v3", 5, "  advert-interval = 41s",
            "conf.d/web.conf:5: vrrp.web.advert-interval: must be 10ms..40950ms, got 41s"),
        webLine("v2 sub-second", 5, "  advert-interval = 100ms, version = 2",
            "conf.d/web.conf:5: vrrp.web.advert-interval: VRRPv2 carries whole seconds (RFC 3768 §5.3.7), got 100ms; use version = 3 for sub-second intervals"),
        webLine("version 4", 5, "  advert-interval = 1s, version = 4", "conf.d/web.conf:5: vrrp.web.version: must be 2..3, got 4"),
        webLine("auth on v3", 5, "  advert-interval = 1s, auth.pass = secret",
            "conf.d/web.conf:5: vrrp.web.auth.pass: authentication was removed in VRRPv3 (RFC 5798 §9); remove auth or use version = 2"),
        webLine("v2 password too long", 5, "  advert-interval = 1s, version = 2, auth.pass = abcdefghij",
            "conf.d/web.conf:5: vrrp.web.auth.pass: must be at most 8 characters (RFC 3768 §5.3.10), got 10 (keepalived would silently truncate it)"),
        webLine("vip host name", 6, "  virtual-ips = [\"www.example.org\"]",
            "conf.d/web.conf:6: vrrp.web.virtual-ips: item 1: not an IP address literal: 'www.example.org'"),
        webLine("vip bad prefix", 6, "  virtual-ips = [\"192.0.2.10/33\"]",
            "conf.d/web.conf:6: vrrp.web.virtual-ips: item 1: prefix length must be 0..32, got 33"),
        webLine("vip not a list", 6, "  virtual-ips = \"192.0.2.10/24\"",
            "conf.d/web.conf:6: vrrp.web.virtual-ips: must be a list in [ ], got '192.0.2.10/24'"),
        webLine("mixed families", 6, "  virtual-ips = [\"192.0.2.10/24\", \"2001:db8::10/64\"]",
            "conf.d/web.conf:6: vrrp.web.virtual-ips: mixes IPv4 and IPv6 addresses; one instance carries one family (use two instances)"),
        webLine("ipv6 on v2", 6, "  virtual-ips = [\"2001:db8::10/64\"], version = 2, advert-interval = 1s",
            "conf.d/web.conf:6: vrrp.web.version: VRRPv2 is IPv4 only (RFC 3768); IPv6 virtual addresses need version = 3"),
        webLine("duplicate vip", 6, "  virtual-ips = [\"192.0.2.10/24\", \"192.0.2.10/32\"]",
            "conf.d/web.conf:6: vrrp.web.virtual-ips: lists 192.0.2.10 twice"),
        webLine("preempt is not boolean", 5, "  advert-interval = 1s, preempt = maybe",
            "conf.d/web.conf:5: vrrp.web.preempt: must be true or false, got 'maybe'"),
        webLine("preempt-delay with nopreempt", 5, "  advert-interval = 1s, preempt = false, preempt-delay = 30s",
            "conf.d/web.conf:5: vrrp.web.preempt-delay: has no effect with preempt = false; remove one of them"),
        webLine("unicast source without peers", 5, "  advert-interval = 1s, unicast.source = 192.0.2.11",
            "conf.d/web.conf:5: vrrp.web.unicast.source: is set but unicast.peers is empty; list the peers, or remove source to use multicast"),
        webLine("unicast peer wrong family", 5, "  advert-interval = 1s, unicast.peers = [\"2001:db8::2\"]",
            "conf.d/web.conf:5: vrrp.web.unicast.peers: address 2001:db8::2 is not of the virtual addresses' family (IPv4)"),
        webLine("notify relative path", 5, "  advert-interval = 1s, notify.master = notify.sh",
            "conf.d/web.conf:5: vrrp.web.notify.master: must be an absolute path, got 'notify.sh'"),
        webLine("notify with shell words", 5, "  advert-interval = 1s, notify.master = \"/bin/notify master now\"",
            "conf.d/web.conf:5: vrrp.web.notify.master: is one path, never split on spaces; write arguments as a list: [\"/path/to/script\", \"arg\"]"),
        webLine("webhook not http", 5, "  advert-interval = 1s, notify.webhooks = [\"ftp://example.org/x\"]",
            "conf.d/web.conf:5: vrrp.web.notify.webhooks: must be an http:// or https:// URL, got 'ftp://example.org/x'"),
        webLine("track weight out of range", 5, "  advert-interval = 1s, track.interfaces = [{ name = eth1, weight = -300 }]",
            "conf.d/web.conf:5: vrrp.web.track.interfaces[0].weight: must be -254..254, got -300"),
        webLine("garp refresh too fast", 5, "  advert-interval = 1s, garp.refresh = 100ms",
            "conf.d/web.conf:5: vrrp.web.garp.refresh: must be 0s (off) or at least 1s, got 100ms"),
        webLine("track service unknown", 5, "  advert-interval = 1s, track.services = [{ name = web-htp, weight = -10 }]",
            "conf.d/web.conf:1: vrrp.web.track.services: no virtual service named 'web-htp' (did you mean 'web-http'?)"),
        webLine("syntax error", 4, "  priority = = 150",
            "conf.d/web.conf:4: syntax:"),
        // --- virtual services -------------------------------------------------------------
        serviceLine("unknown scheduler", 3, "  scheduler = wcl",
            "conf.d/web.conf:10: virtual-servers.web-http.scheduler: must be one of rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, mh, fo, ovf, got 'wcl' (did you mean 'wlc'?)"),
        serviceLine("vip without port", 2, "  vip = \"192.0.2.10\"",
            "conf.d/web.conf:9: virtual-servers.web-http.vip: needs a port, e.g. '192.0.2.10:80'"),
        serviceLine("vip and fwmark", 2, "  vip = \"192.0.2.10:80\", fwmark = 5",
            "conf.d/web.conf:9: virtual-servers.web-http.fwmark: set either vip or fwmark, not both"),
        serviceLine("real server without check", 6, "    { address = \"192.0.2.101:80\" }",
            "conf.d/web.conf:13: virtual-servers.web-http.real-servers[0].check: missing: every real server needs a check { type = ... } block (type = none to run without one)"),
        serviceLine("real server twice", 7, "    { address = \"192.0.2.101:80\", check { type = tcp } }",
            "conf.d/web.conf:14: virtual-servers.web-http.real-servers[1].address: real server 192.0.2.101:80 is listed twice in this service"),
        Arguments.of("dr port change", files("web.conf", WEB + SERVICE.replace("forwarding = nat", "forwarding = dr")
                .replace("192.0.2.101:80", "192.0.2.101:8080")),
            "conf.d/web.conf:13: virtual-servers.web-http.real-servers[0].address: direct routing cannot change the port: the real server must listen on 80, got 8080"),
        serviceLine("check key for other type", 7, "    { address = \"192.0.2.102:80\", check { type = tcp, path = /x } }",
            "conf.d/web.conf:14: virtual-servers.web-http.real-servers[1].check.path: applies only to http/https checks, not type = tcp"),
        serviceLine("bad http status", 6, "    { address = \"192.0.2.101:80\", check { type = http, expect-status = [200, 700] } }",
            "conf.d/web.conf:13: virtual-servers.web-http.real-servers[0].check.expect-status: HTTP status codes are 100..599, got '700'"),
        serviceLine("bad digest", 6, "    { address = \"192.0.2.101:80\", check { type = http, digest = abc } }",
            "conf.d/web.conf:13: virtual-servers.web-http.real-servers[0].check.digest: must be the 32 hex digits of an MD5 sum (as keepalived's genhash prints), got 'abc'"),
        serviceLine("bad regex", 6, "    { address = \"192.0.2.101:80\", check { type = http, regex = \"(ok\" } }",
            "conf.d/web.conf:13: virtual-servers.web-http.real-servers[0].check.regex: is not a valid regular expression: Unclosed group"),
        serviceLine("check type typo", 7, "    { address = \"192.0.2.102:80\", check { type = htp } }",
            "conf.d/web.conf:14: virtual-servers.web-http.real-servers[1].check.type: must be one of tcp, http, https, udp, icmp, dns, smtp, script, file, process, none, got 'htp' (did you mean 'http'?)"),
        serviceLine("script without command", 7, "    { address = \"192.0.2.102:80\", check { type = script } }",
            "conf.d/web.conf:14: virtual-servers.web-http.real-servers[1].check.command: missing (required): the script to run, e.g. [\"/usr/local/bin/check\", \"arg\"]"),
        serviceLine("quorum unreachable", 4, "  forwarding = nat, quorum.min = 5",
            "conf.d/web.conf:11: virtual-servers.web-http.quorum.min: is 5 but all real servers together weigh only 2: the service could never reach quorum"),
        serviceLine("hysteresis too large", 4, "  forwarding = nat, quorum { min = 1, hysteresis = 1 }",
            "conf.d/web.conf:11: virtual-servers.web-http.quorum.hysteresis: must be less than quorum.min (1), or the service never goes down"),
        serviceLine("weight too large", 7, "    { address = \"192.0.2.102:80\", weight = 70000, check { type = tcp } }",
            "conf.d/web.conf:14: virtual-servers.web-http.real-servers[1].weight: must be 0..65535, got 70000"),
        serviceLine("ipv6 real server for ipv4 vip", 7, "    { address = \"[2001:db8::2]:80\", check { type = tcp } }",
            "conf.d/web.conf:14: virtual-servers.web-http.real-servers[1].address: is not of the vip's address family (only forwarding = tun may mix families)"),
        serviceLine("check timeout without unit", 7, "    { address = \"192.0.2.102:80\", check { type = tcp, timeout = 3 } }",
            "conf.d/web.conf:14: virtual-servers.web-http.real-servers[1].check.timeout: needs a unit, e.g. '3s' or '3ms', got 3"),
        // --- across blocks and files ---------------------------------------------------------
        Arguments.of("duplicate vrid", files("web.conf", WEB + SERVICE, "z-db.conf", WEB.replace("vrrp.web", "vrrp.db").replace("192.0.2.10/24", "192.0.2.20/24")),
            "conf.d/z-db.conf:1: vrrp.db.vrid: VRID 51 is already used on eth0 (IPv4) by vrrp.web at conf.d/web.conf:1"),
        Arguments.of("name defined twice", files("web.conf", WEB + SERVICE, "web2.conf", WEB),
            "conf.d/web2.conf:1: vrrp.web: defined twice; first at conf.d/web.conf:1"),
        Arguments.of("sync group unknown member", files("web.conf", WEB + SERVICE + "sync-groups.g { instances = [web, wbe2] }\n"),
            "conf.d/web.conf:17: sync-groups.g.instances: no vrrp instance named 'wbe2' (did you mean 'web'?)"),
        Arguments.of("tandem block outside main", files("web.conf", "tandem.node-id = x\n" + WEB + SERVICE),
            "conf.d/web.conf:1: tandem: unknown top-level key (allowed only in the main file)"),
        Arguments.of("unknown top-level key", files("web.conf", WEB + SERVICE + "virtual-server.x {}\n"),
            "conf.d/web.conf:17: virtual-server: unknown top-level key (did you mean 'virtual-servers'?)"),
        Arguments.of("unknown key in main", Map.of("tandem.conf", "tandem { node-id = lb1, metrics.listen = \"127.0.0.1\" }\n"),
            "tandem.conf:1: tandem.metrics.listen: needs a port, e.g. '127.0.0.1:80'"),
        Arguments.of("unknown default key", Map.of("tandem.conf", "tandem.node-id = lb1\ndefaults.vrrp.advert-intervall = 1s\n"),
            "tandem.conf:2: defaults.vrrp.advert-intervall: unknown key (did you mean 'advert-interval'?)"),
        Arguments.of("bad log level", Map.of("tandem.conf", "tandem.log.level = verbose\n"),
            "tandem.conf:1: tandem.log.level: must be one of error, warn, info, debug, trace, got 'verbose'"),
        Arguments.of("missing include dir", Map.of("tandem.conf", "tandem.include-dir = /nonexistent/tandem.d\n"),
            "tandem.conf:1: tandem.include-dir: directory /nonexistent/tandem.d does not exist"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void brokenConfigIsReportedWithFileLineAndKey(String name, Map<String, String> files, String expected) throws IOException {
    Path main = write(files);
    ConfigResult r = ConfigLoader.load(main);
    assertFalse(r.ok(), name + ": expected errors, got a valid config");
    List<String> lines = r.errors().stream().map(ConfigError::toString).toList();
    assertTrue(lines.stream().anyMatch(l -> l.equals(expected) || (expected.endsWith("syntax:") && l.startsWith(expected))),
        name + ": expected\n  " + expected + "\namong\n  " + String.join("\n  ", lines));
  }

  @Test
  void theValidBaseIsValid() throws IOException {
    ConfigResult r = ConfigLoader.load(write(files("web.conf", WEB + SERVICE)));
    assertTrue(r.ok(), () -> String.join("\n", r.errors().stream().map(ConfigError::toString).toList()));
  }

  @Test
  void everyErrorOfEveryFileIsReportedInOnePass() throws IOException {
    Path main = write(files("a.conf", WEB.replace("priority = 150", "priority = 0").replace("vrid = 51", "vrid = 256"),
        "b.conf", SERVICE.replace("wlc", "fastest")));
    ConfigResult r = ConfigLoader.load(main);
    assertTrue(r.errors().size() >= 3, r.errors().toString());
  }

  private static Arguments webLine(String name, int line, String replacement, String expected) {
    return Arguments.of(name, files("web.conf", replaceLine(WEB, line, replacement) + SERVICE), expected);
  }

  /** Service lines count from 1 at "virtual-servers.web-http {", which is line 8 of web.conf. */
  private static Arguments serviceLine(String name, int line, String replacement, String expected) {
    return Arguments.of(name, files("web.conf", WEB + replaceLine(SERVICE, line, replacement)), expected);
  }

  private static String replaceLine(String text, int line, String replacement) {
    String[] lines = text.split("\n", -1);
    lines[line - 1] = replacement;
    return String.join("\n", lines);
  }

  private static Map<String, String> files(String... nameAndText) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("tandem.conf", "tandem { node-id = lb1 }\n");
    for (int i = 0; i < nameAndText.length; i += 2) {
      m.put("conf.d/" + nameAndText[i], nameAndText[i + 1]);
    }
    return m;
  }

  private Path write(Map<String, String> files) throws IOException {
    Files.createDirectories(dir.resolve("conf.d"));
    for (Map.Entry<String, String> e : files.entrySet()) {
      Files.writeString(dir.resolve(e.getKey()), e.getValue());
    }
    return dir.resolve("tandem.conf");
  }
}
