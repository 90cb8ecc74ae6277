package io.tandem.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.migrate.ReportItem.Kind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each keepalived keyword family: converted with keepalived's meaning, or reported with file:line. */
class KeywordFamiliesTest {
  @TempDir
  Path dir;

  private static final String VIP = """
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 7
        virtual_ipaddress {
          192.0.2.7/24
        }
      %s
      }
      """;

  private ImportResult instance(String extra) {
    return new Fixture(dir).run(VIP.formatted(extra));
  }

  @Test
  void keepalivedDefaultsAreWrittenExplicitly() {
    Fixture f = new Fixture(dir);
    ImportResult r = instance("");
    String out = f.converted(r);
    // keepalived: VRRPv2, 1 s adverts, priority 100, accept mode on outside strict mode.
    assertTrue(out.contains("version = 2"), out);
    assertTrue(out.contains("advert-interval = 1s"), out);
    assertTrue(out.contains("priority = 100"), out);
    assertTrue(out.contains("accept = true"), out);
    assertEquals(ImportResult.EXIT_CLEAN, r.exitStatus(), () -> r.report().toString());
  }

  @Test
  void globalVrrpVersionAndStrictModeChangeTheInstances() {
    Fixture f = new Fixture(dir);
    String out = f.converted(f.run("""
        global_defs {
          vrrp_version 3
          vrrp_strict
        }
        """ + VIP.formatted("  advert_int 0.1")));
    assertTrue(out.contains("version = 3"), out);
    assertTrue(out.contains("advert-interval = 100ms"), out);
    assertTrue(out.contains("accept = false"), out);
  }

  @Test
  void stateIsOnlyInformational() {
    Fixture f = new Fixture(dir);
    ImportResult r = instance("  state MASTER");
    f.converted(r);
    assertEquals(Kind.INFO, Fixture.item(r, "keepalived.conf:7", "state").kind());
    assertEquals(ImportResult.EXIT_CLEAN, r.exitStatus());
  }

  @Test
  void vrrpInstanceKeywordsConvert() {
    Fixture f = new Fixture(dir);
    ImportResult r = f.run("""
        vrrp_instance VI_6 {
          interface eth2
          virtual_router_id 60
          version 3
          priority 200
          advert_int 0.05
          preempt_delay 30
          no_accept
          use_vmac
          virtual_ipaddress {
            2001:db8:6::1/64 dev eth2
            2001:db8:6::2
          }
          unicast_src_ip 2001:db8:6::10
          unicast_peer {
            2001:db8:6::11
            2001:db8:6::12
          }
          garp_master_repeat 2
          garp_master_refresh 30
          notify_master "/usr/local/bin/to-master VI_6"
          notify_backup /usr/local/bin/to-backup
          notify_fault "/usr/local/bin/to-fault"
          notify_stop "/usr/local/bin/to-stop"
          notify /usr/local/bin/any
        }
        """);
    String out = f.converted(r);
    for (String expected : new String[] {"interface = \"eth2\"", "vrid = 60", "version = 3", "priority = 200",
        "advert-interval = 50ms", "preempt = true", "preempt-delay = 30s", "accept = false", "use-vmac = true",
        "{ address = \"2001:db8:6::1/64\", device = \"eth2\" }", "\"2001:db8:6::2/128\"",
        "unicast = { source = \"2001:db8:6::10\", peers = [\"2001:db8:6::11\", \"2001:db8:6::12\"] }",
        "garp = { count = 2, refresh = 30s }", "master = [\"/usr/local/bin/to-master\", \"VI_6\"]",
        "backup = [\"/usr/local/bin/to-backup\"]", "fault = [\"/usr/local/bin/to-fault\"]", "stop = [\"/usr/local/bin/to-stop\"]",
        "any = [\"/usr/local/bin/any\"]"}) {
      assertTrue(out.contains(expected), () -> expected + " missing from\n" + out);
    }
    assertEquals(ImportResult.EXIT_CLEAN, r.exitStatus(), () -> r.report().toString());
  }

  @Test
  void nopreemptAndAuthentication() {
    Fixture f = new Fixture(dir);
    ImportResult r = instance("""
          nopreempt
          preempt_delay 10
          authentication {
            auth_type PASS
            auth_pass longer-than-eight
          }
        """);
    String out = f.converted(r);
    assertTrue(out.contains("preempt = false") && !out.contains("preempt-delay"), out);
    assertTrue(out.contains("auth.pass = \"longer-t\""), out);
    assertEquals(Kind.OBSOLETE, Fixture.item(r, "keepalived.conf:8", "preempt_delay").kind());
    assertEquals(Kind.REVIEW, Fixture.item(r, "keepalived.conf:11", "auth_pass").kind());
    assertEquals(ImportResult.EXIT_REVIEW, r.exitStatus());
  }

  @Test
  void stateMasterClearsNopreemptAndPreemptDelayAsKeepalivedDoes() {
    Fixture f = new Fixture(dir);
    ImportResult r = instance("""
          state MASTER
          nopreempt
          preempt_delay 5
        """);
    String out = f.converted(r);
    assertTrue(out.contains("preempt = true") && !out.contains("preempt-delay"), out);
    assertEquals(Kind.OBSOLETE, Fixture.item(r, "keepalived.conf:8", "nopreempt").kind());
    assertEquals(Kind.OBSOLETE, Fixture.item(r, "keepalived.conf:9", "preempt_delay").kind());
  }

  @Test
  void ipv6InstanceBecomesVersion3AndAuthIsIgnored() {
    Fixture f = new Fixture(dir);
    ImportResult r = f.run("""
        vrrp_instance V6 {
          interface eth0
          virtual_router_id 9
          authentication {
            auth_type PASS
            auth_pass x
          }
          virtual_ipaddress {
            2001:db8::9/64
          }
        }
        """);
    String out = f.converted(r);
    assertTrue(out.contains("version = 3") && !out.contains("auth.pass"), out);
    assertEquals(Kind.OBSOLETE, Fixture.item(r, "keepalived.conf:6", "auth_pass").kind());
  }

  @Test
  void subSecondAdvertOnVersion2IsRoundedForReview() {
    Fixture f = new Fixture(dir);
    ImportResult r = instance("  advert_int 2.4");
    String out = f.converted(r);
    assertTrue(out.contains("advert-interval = 2s"), out);
    String half = f.converted(instance("  advert_int 0.4"));
    assertTrue(half.contains("advert-interval = 1s"), "never below one second: " + half);
    assertEquals(Kind.REVIEW, Fixture.item(r, "keepalived.conf:7", "advert_int").kind());
  }

  @Test
  void trackInterfaceScriptAndFileWeights() {
    Fixture f = new Fixture(dir);
    ImportResult r = f.run("""
        vrrp_script chk_down {
          script "/usr/local/bin/chk down"
          interval 3
          fall 2
          rise 4
          weight -20
        }
        vrrp_script chk_up {
          script /usr/local/bin/chk-up
          weight 15
        }
        vrrp_script chk_fault {
          script /usr/local/bin/chk-fault
        }
        track_file ext_weight {
          file /run/ext-weight
          weight 2
        }
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 7
          priority 100
          virtual_ipaddress {
            192.0.2.7/24
          }
          track_interface {
            eth1
            eth2 weight -30
            eth3 weight 10
          }
          track_script {
            chk_down
            chk_up
            chk_fault
            chk_down weight -5
          }
          track_file {
            ext_weight weight 3
          }
        }
        """);
    String out = f.converted(r);
    // keepalived adds positive weights while up; Tandem subtracts while down: 100 + 10 + 15 = 125.
    assertTrue(out.contains("priority = 125"), out);
    assertTrue(out.contains("{ name = \"eth1\", weight = 0 }"), out);
    assertTrue(out.contains("{ name = \"eth2\", weight = -30 }"), out);
    assertTrue(out.contains("{ name = \"eth3\", weight = -10 }"), out);
    assertTrue(out.contains("{ name = \"chk_down\", command = [\"/usr/local/bin/chk\", \"down\"], interval = 3s,"
        + " timeout = 3s, rise = 4, fall = 2, weight = -20 }"), out);
    assertTrue(out.contains("{ name = \"chk_up\", command = [\"/usr/local/bin/chk-up\"], interval = 1s, timeout = 1s,"
        + " rise = 1, fall = 1, weight = -15 }"), out);
    assertTrue(out.contains("name = \"chk_fault\"") && out.contains("weight = 0 }"), out);
    assertTrue(out.contains("weight = -5 }"), out);
    assertTrue(out.contains("{ path = \"/run/ext-weight\", weight-scale = 3 }"), out);
    assertEquals(Kind.INFO, Fixture.item(r, "keepalived.conf:22", "priority").kind());
  }

  @Test
  void scriptsThatNeedAShellAreWrappedAndFlagged() {
    Fixture f = new Fixture(dir);
    ImportResult r = instance("""
          notify_master "/usr/local/bin/notify master | logger"
          notify_backup "notify.sh backup"
        """);
    String out = f.converted(r);
    assertTrue(out.contains("master = [\"/bin/sh\", \"-c\", \"/usr/local/bin/notify master | logger\"]"), out);
    assertTrue(out.contains("backup = [\"/bin/sh\", \"-c\", \"notify.sh backup\"]"), out);
    assertEquals(Kind.REVIEW, Fixture.item(r, "keepalived.conf:7", "notify_master").kind());
    assertEquals(Kind.REVIEW, Fixture.item(r, "keepalived.conf:8", "notify_backup").kind());
    assertEquals(ImportResult.EXIT_REVIEW, r.exitStatus());
  }

  @Test
  void unsupportedInstanceKeywordsAreReportedNotDropped() {
    Fixture f = new Fixture(dir);
    ImportResult r = instance("""
          virtual_ipaddress_excluded {
            192.0.2.200/24
          }
          virtual_routes {
            198.51.100.0/24 via 192.0.2.1
          }
          mcast_src_ip 192.0.2.2
          track_process {
            nginx
          }
          garp_master_delay 5
          smtp_alert
          debug 2
        """);
    f.converted(r);
    assertEquals(Kind.NOT_SUPPORTED, Fixture.item(r, "keepalived.conf:7", "virtual_ipaddress_excluded").kind());
    assertEquals(Kind.NOT_SUPPORTED, Fixture.item(r, "keepalived.conf:10", "virtual_routes").kind());
    assertEquals(Kind.NOT_SUPPORTED, Fixture.item(r, "keepalived.conf:13", "mcast_src_ip").kind());
    assertEquals(Kind.NOT_SUPPORTED, Fixture.item(r, "keepalived.conf:14", "track_process").kind());
    assertEquals(Kind.NOT_SUPPORTED, Fixture.item(r, "keepalived.conf:17", "garp_master_delay").kind());
    assertEquals(Kind.NOT_SUPPORTED, Fixture.item(r, "keepalived.conf:18", "smtp_alert").kind());
    assertEquals(Kind.OBSOLETE, Fixture.item(r, "keepalived.conf:19", "debug").kind());
  }

  @Test
  void globalDefs() {
    Fixture f = new Fixture(dir);
    ImportResult r = f.run("""
        global_defs {
          router_id lb-7
          script_user tandem
          enable_script_security
          notify_fifo /run/keepalived.fifo
          vrrp_garp_master_repeat 4
          vrrp_garp_master_refresh 60
          vrrp_garp_interval 0.01
          smtp_server 192.0.2.25
          lvs_flush
        }
        """ + VIP.formatted(""));
    String out = f.converted(r);
    assertTrue(out.contains("node-id = \"lb-7\"") && out.contains("scripts.user = \"tandem\"")
        && out.contains("scripts.security = true"), out);
    assertTrue(out.contains("defaults.vrrp.notify.fifo = \"/run/keepalived.fifo\""), out);
    assertTrue(out.contains("garp = { count = 4, interval = 10ms, refresh = 60s }"), out);
    assertEquals(Kind.NOT_SUPPORTED, Fixture.item(r, "keepalived.conf:9", "smtp_server").kind());
    assertEquals(Kind.NOT_SUPPORTED, Fixture.item(r, "keepalived.conf:10", "lvs_flush").kind());
  }

  @Test
  void syncGroup() {
    Fixture f = new Fixture(dir);
    ImportResult r = f.run(VIP.formatted("") + """
        vrrp_instance VI.2 {
          interface eth1
          virtual_router_id 8
          virtual_ipaddress {
            198.51.100.8/24
          }
        }
        vrrp_sync_group G1 {
          group {
            VI_1 VI.2
          }
          notify_master /usr/local/bin/group-master
          global_tracking
        }
        """);
    String out = f.converted(r);
    assertTrue(out.contains("sync-groups.G1 {\n  instances = [\"VI_1\", \"VI-2\"]"), out);
    assertTrue(out.contains("master = [\"/usr/local/bin/group-master\"]"), out);
    assertEquals(Kind.REVIEW, Fixture.item(r, "keepalived.conf:9", "vrrp_instance").kind()); // renamed VI.2 -> VI-2
    assertEquals(Kind.OBSOLETE, Fixture.item(r, "keepalived.conf:21", "global_tracking").kind());
  }

  @Test
  void syncGroupWithoutTrackingWeightIgnoresWeightsAsKeepalivedDoes() {
    Fixture f = new Fixture(dir);
    String instance = """
        vrrp_script chk {
          script /usr/local/bin/chk
          weight -30
        }
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 7
          virtual_ipaddress {
            192.0.2.7/24
          }
          track_interface {
            eth1 weight -50
          }
          track_script {
            chk
          }
        }
        vrrp_instance VI_2 {
          interface eth1
          virtual_router_id 8
          virtual_ipaddress {
            198.51.100.8/24
          }
        }
        vrrp_sync_group G {
          group {
            VI_1
            VI_2
          }
        %s
        }
        """;
    ImportResult ignored = f.run(instance.formatted(""));
    String out = f.converted(ignored);
    assertTrue(out.contains("{ name = \"eth1\", weight = 0 }") && !out.contains("scripts ="), out);
    assertEquals(Kind.INFO, Fixture.item(ignored, "keepalived.conf:12", "eth1").kind());
    assertEquals(Kind.OBSOLETE, Fixture.item(ignored, "keepalived.conf:15", "chk").kind());

    ImportResult kept = f.run(instance.formatted("  sync_group_tracking_weight"));
    String out2 = f.converted(kept);
    assertTrue(out2.contains("{ name = \"eth1\", weight = -50 }") && out2.contains("weight = -30 }"), out2);
  }

  @Test
  void virtualServerWithoutProtocolRunsAsUdpLikeKeepalived() {
    Fixture f = new Fixture(dir);
    ImportResult r = f.run("""
        virtual_server 192.0.2.150 80 {
          real_server 198.51.100.150 80 {
          }
        }
        """);
    String out = f.converted(r);
    assertTrue(out.contains("protocol = udp") && out.contains("scheduler = wlc") && out.contains("forwarding = nat"), out);
    assertTrue(r.report().stream().anyMatch(i -> i.kind() == Kind.REVIEW && i.message().startsWith("no protocol")),
        r.report()::toString);
  }

  @Test
  void virtualServerKeywords() {
    Fixture f = new Fixture(dir);
    ImportResult r = f.run("""
        virtual_server 192.0.2.90 53 {
          protocol UDP
          lb_algo sh
          lb_kind DR
          persistence_timeout
          persistence_granularity 255.255.255.0
          delay_loop 10
          quorum 3
          hysteresis 1
          quorum_up "/usr/local/bin/quorum up"
          quorum_down /usr/local/bin/quorum-down
          inhibit_on_failure
          sorry_server 192.0.2.99 53
          alpha
          omega
          real_server 192.0.2.91 53 {
            weight 2
            DNS_CHECK {
              type A
              name example.org
            }
          }
          real_server 192.0.2.92 53 {
            weight 2
            notify_up /usr/local/bin/rs-up
            UDP_CHECK {
              payload 70696e67
              require_reply 706f6e67
            }
          }
        }
        """);
    String out = f.converted(r);
    for (String expected : new String[] {"vip = \"192.0.2.90:53\"", "protocol = udp", "scheduler = sh", "forwarding = dr",
        "persistence = 360s", "persistence-netmask = \"255.255.255.0\"", "inhibit-on-failure = true",
        "sorry-server = \"192.0.2.99:53\"",
        "quorum = { min = 3, hysteresis = 1, up-command = [\"/usr/local/bin/quorum\", \"up\"], down-command = [\"/usr/local/bin/quorum-down\"] }",
        "type = dns, interval = 10s, timeout = 5s, fall = 1, rise = 1, retry = 3, delay-before-retry = 10s, start-down = true, query { name = \"example.org\", type = A }",
        "notify-up = [\"/usr/local/bin/rs-up\"]", "payload = \"ping\"", "expect = \"pong\""}) {
      assertTrue(out.contains(expected), () -> expected + " missing from\n" + out);
    }
    assertEquals(Kind.NOT_SUPPORTED, Fixture.item(r, "keepalived.conf:15", "omega").kind());
  }

  @Test
  void fwmarkAndVirtualServerGroups() {
    Fixture f = new Fixture(dir);
    ImportResult r = f.run("""
        virtual_server_group WEB {
          192.0.2.100 80
          192.0.2.110-111 80
        }
        virtual_server group WEB {
          real_server 198.51.100.100 80 {
            PING_CHECK {
            }
          }
        }
        virtual_server fwmark 25 {
          lb_algo wrr
          real_server 198.51.100.25 {
            SMTP_CHECK {
              helo_name lb.example.net
              connect_port 25
            }
          }
        }
        """);
    String out = f.converted(r);
    assertTrue(out.contains("vip = \"192.0.2.100:80\"") && out.contains("vip = \"192.0.2.110:80\"")
        && out.contains("vip = \"192.0.2.111:80\""), out);
    assertTrue(out.contains("type = icmp"), out);
    assertTrue(out.contains("fwmark = 25") && out.contains("address = \"198.51.100.25\""), out);
    assertTrue(out.contains("type = smtp") && out.contains("helo = \"lb.example.net\", port = 25"), out);
    assertTrue(r.report().stream().anyMatch(i -> i.at().toString().equals("keepalived.conf:5") && i.kind() == Kind.REVIEW
        && i.message().contains("virtual_server_group WEB has 3 addresses")), r.report()::toString);
  }

  @Test
  void checkerTimingInheritsFromServiceAndRealServer() {
    Fixture f = new Fixture(dir);
    String out = f.converted(f.run("""
        virtual_server 192.0.2.120 80 {
          delay_loop 7
          connect_timeout 4
          retry 2
          delay_before_retry 3
          real_server 198.51.100.120 80 {
            connect_timeout 2
            TCP_CHECK {
              retry 0
            }
          }
          real_server 198.51.100.121 80 {
            TCP_CHECK {
              delay_loop 1.5
              bindto 198.51.100.1
            }
          }
        }
        """));
    assertTrue(out.contains("type = tcp, interval = 7s, timeout = 2s, fall = 1, rise = 1, retry = 0, delay-before-retry = 3s"), out);
    assertTrue(out.contains("type = tcp, interval = 1500ms, timeout = 4s, fall = 1, rise = 1, retry = 2,"
        + " delay-before-retry = 3s, source = \"198.51.100.1\""), out);
  }

  @Test
  void httpAndSslChecks() {
    Fixture f = new Fixture(dir);
    ImportResult r = f.run("""
        virtual_server 192.0.2.130 443 {
          real_server 198.51.100.130 443 {
            SSL_GET {
              virtualhost www.example.org
              enable_sni
              url {
                path /health
                status_code 200 204 301-302
              }
              url {
                path /other
              }
            }
          }
          real_server 198.51.100.131 443 {
            HTTP_GET {
              url {
                path /
                digest 0123456789ABCDEF0123456789abcdef
                virtualhost api.example.org
              }
              connect_port 8443
            }
            TCP_CHECK {
            }
          }
        }
        """);
    String out = f.converted(r);
    assertTrue(out.contains("type = https") && out.contains("path = \"/health\", expect-status = [200, 204, 301, 302]")
        && out.contains("host = \"www.example.org\", tls { sni = \"www.example.org\", verify = false }"), out);
    assertTrue(out.contains("digest = \"0123456789abcdef0123456789abcdef\"") && out.contains("host = \"api.example.org\"")
        && out.contains("port = 8443"), out);
    assertEquals(Kind.NOT_SUPPORTED, Fixture.item(r, "keepalived.conf:10", "url").kind());
    assertEquals(Kind.NOT_SUPPORTED, Fixture.item(r, "keepalived.conf:24", "TCP_CHECK").kind());
    assertEquals(Kind.INFO, Fixture.item(r, "keepalived.conf:3", "SSL_GET").kind());
  }

  @Test
  void miscAndFileChecksAndRealServerWithoutChecker() {
    Fixture f = new Fixture(dir);
    ImportResult r = f.run("""
        track_file rs_state {
          file /run/rs-state
        }
        virtual_server 192.0.2.140 80 {
          real_server 198.51.100.140 80 {
            MISC_CHECK {
              misc_path "/usr/local/bin/check-app 198.51.100.140"
              misc_timeout 3
              misc_dynamic
              user nobody
            }
          }
          real_server 198.51.100.141 80 {
            FILE_CHECK {
              track_file rs_state
            }
          }
          real_server 198.51.100.142 80 {
          }
        }
        """);
    String out = f.converted(r);
    assertTrue(out.contains("type = script, interval = 60s, timeout = 3s") && out.contains(
        "command = [\"/usr/local/bin/check-app\", \"198.51.100.140\"], dynamic-weight = true"), out);
    assertTrue(out.contains("type = file") && out.contains("file = \"/run/rs-state\""), out);
    assertTrue(out.contains("check { type = none }"), out);
    assertEquals(Kind.NOT_SUPPORTED, Fixture.item(r, "keepalived.conf:10", "user").kind());
    assertEquals(Kind.INFO, Fixture.item(r, "keepalived.conf:18", "real_server").kind());
  }

  @Test
  void unsupportedTopLevelBlocksAreReported() {
    Fixture f = new Fixture(dir);
    ImportResult r = f.run("""
        static_ipaddress {
          192.0.2.250/24 dev eth0
        }
        vrrp_track_process nginx {
          process nginx
        }
        """ + VIP.formatted(""));
    String out = f.converted(r);
    assertFalse(out.contains("192.0.2.250"), out);
    assertEquals(Kind.NOT_SUPPORTED, Fixture.item(r, "keepalived.conf:1", "static_ipaddress").kind());
    assertEquals(Kind.NOT_SUPPORTED, Fixture.item(r, "keepalived.conf:4", "vrrp_track_process").kind());
  }
}
