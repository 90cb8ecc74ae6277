package io.tandem.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived's configuration language, read as keepalived 2.2 reads it. */
class LanguageTest {
  @TempDir
  Path dir;

  private static final String INSTANCE_BODY = """
        interface eth0
        virtual_router_id %d
        virtual_ipaddress {
          %s
        }
      """;

  @Test
  void bracesMayOpenOnTheNextLineOrShareALineWithTheStatements() {
    Fixture f = new Fixture(dir);
    String out = f.converted(f.run("""
        vrrp_instance NEXT_LINE
        {
          interface eth0
          virtual_router_id 10
          virtual_ipaddress
          {
            192.0.2.5/24
          }
        }
        vrrp_instance ONE_LINE { interface eth0
          virtual_router_id 11
          virtual_ipaddress { 192.0.2.6/24 } }
        """));
    assertTrue(out.contains("vrid = 10"), out);
    assertTrue(out.contains("virtual-ips = [\"192.0.2.5/24\"]"), out);
    assertTrue(out.contains("vrid = 11"), out);
    assertTrue(out.contains("virtual-ips = [\"192.0.2.6/24\"]"), out);
  }

  @Test
  void hashAndBangStartCommentsOutsideQuotesOnly() {
    Fixture f = new Fixture(dir);
    String out = f.converted(f.run("""
        # a comment
        ! another comment
        vrrp_instance VI_1 {   # trailing comment
          interface eth0       ! trailing bang comment
          virtual_router_id 12
          priority 120 # 250 would be a bad idea
          virtual_ipaddress {
            192.0.2.7/24
          }
          notify_master "/usr/local/bin/notify --tag=a#b!c"
        }
        """));
    assertTrue(out.contains("priority = 120"), out);
    assertTrue(out.contains("[\"/usr/local/bin/notify\", \"--tag=a#b!c\"]"), out);
  }

  @Test
  void includeExpandsGlobsRelativeToTheIncludingFile() {
    Fixture f = new Fixture(dir);
    f.write("conf.d/10-web.conf", "vrrp_instance WEB {\n" + INSTANCE_BODY.formatted(20, "192.0.2.20/24") + "}\n");
    f.write("conf.d/20-db.conf", "include ../shared/db-*.inc\n");
    f.write("shared/db-instance.inc", "vrrp_instance DB {\n" + INSTANCE_BODY.formatted(21, "192.0.2.21/24")
        + "  state MASTER\n}\n");
    f.write("conf.d/ignored.txt", "this is not included\n");
    Path main = f.write("keepalived.conf", "include conf.d/*.conf\n");
    ImportResult r = f.run(main, Optional.empty());
    String out = f.converted(r);
    assertTrue(out.contains("vrrp.WEB") && out.contains("vrrp.DB"), out);
    // Report locations name the included file and its own line numbers.
    assertEquals("shared/db-instance.inc:7", Fixture.item(r, "shared/db-instance.inc:7", "state").at().toString());
  }

  @Test
  void definitionsAreSubstitutedWithAndWithoutBraces() {
    Fixture f = new Fixture(dir);
    String out = f.converted(f.run("""
        $IFACE=eth1
        $VRID=33
        vrrp_instance VI_1 {
          interface $IFACE
          virtual_router_id ${VRID}
          virtual_ipaddress {
            192.0.2.33/24 dev $IFACE
          }
        }
        """));
    assertTrue(out.contains("interface = \"eth1\""), out);
    assertTrue(out.contains("vrid = 33"), out);
    assertTrue(out.contains("device = \"eth1\""), out);
  }

  @Test
  void bracedDefinitionJoinsTextThatFollowsIt() {
    Fixture f = new Fixture(dir);
    String out = f.converted(f.run("""
        $P=12
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 34
          priority ${P}5
          virtual_ipaddress {
            192.0.2.34/24
          }
        }
        """));
    assertTrue(out.contains("priority = 125"), out);
  }

  @Test
  void multiLineDefinitionsExpandIntoSeveralLines() {
    Fixture f = new Fixture(dir);
    String out = f.converted(f.run("""
        $VIPS=192.0.2.40/24 \\
              192.0.2.41/24 \\
        # a comment line inside the definition is skipped
              192.0.2.42/24
        $TCP=TCP_CHECK { \\
            connect_timeout 2 \\
          }
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 40
          virtual_ipaddress {
            $VIPS
          }
        }
        virtual_server 192.0.2.40 80 {
          real_server 198.51.100.40 80 {
            $TCP
          }
        }
        """));
    assertTrue(out.contains("virtual-ips = [\"192.0.2.40/24\", \"192.0.2.41/24\", \"192.0.2.42/24\"]"), out);
    assertTrue(out.contains("type = tcp, interval = 60s, timeout = 2s"), out);
  }

  @Test
  void conditionalLinesFollowTheInstanceName() {
    Fixture f = new Fixture(dir);
    Path main = f.write("keepalived.conf", """
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 50
        @lb1  priority 150
        @lb2  priority 100
        @^lb1 nopreempt
          virtual_ipaddress {
            192.0.2.50/24
          }
        }
        """);
    String lb1 = f.converted(f.run(main, Optional.of("lb1")));
    assertTrue(lb1.contains("priority = 150") && lb1.contains("preempt = true"), lb1);
    String lb2 = f.converted(f.run(main, Optional.of("lb2")));
    assertTrue(lb2.contains("priority = 100") && lb2.contains("preempt = false"), lb2);
    // Without -i: every @name line is dropped and every @^name line is kept.
    String none = f.converted(f.run(main, Optional.empty()));
    assertTrue(none.contains("priority = 100") && none.contains("preempt = false"), none);
  }

  @Test
  void sequencesRepeatALineWithTheVariableSet() {
    Fixture f = new Fixture(dir);
    String out = f.converted(f.run("""
        virtual_server 192.0.2.60 80 {
        ~SEQ(n, 1, 2, 5) real_server 198.51.100.$n 80 { TCP_CHECK { connect_timeout 1 } }
        }
        """));
    assertTrue(out.contains("198.51.100.1:80") && out.contains("198.51.100.3:80") && out.contains("198.51.100.5:80"), out);
    assertFalse(out.contains("198.51.100.2:80"), out);
  }

  @Test
  void sequenceWithOneNumberCountsFromOne() {
    Fixture f = new Fixture(dir);
    String out = f.converted(f.run("""
        virtual_server 192.0.2.61 80 {
        ~SEQ(i, 3) real_server 198.51.100.1$i 80 { }
        }
        """));
    assertTrue(out.contains("198.51.100.11:80") && out.contains("198.51.100.13:80"), out);
  }

  @Test
  void aliasesConvertLikeTheirModernNames() {
    Fixture f = new Fixture(dir);
    String modern = f.converted(f.run("""
        virtual_server 192.0.2.70 80 {
          lvs_sched sh
          lvs_method DR
          real_server 198.51.100.70 80 {
            HTTP_GET { url { path / } retry 3 }
          }
        }
        """));
    String old = f.converted(f.run("""
        virtual_server 192.0.2.70 80 {
          lb_algo sh
          lb_kind DR
          real_server 198.51.100.70 80 {
            HTTP_GET { url { path / } nb_get_retry 3 }
          }
        }
        """));
    assertEquals(modern, old);
    assertTrue(modern.contains("scheduler = sh") && modern.contains("forwarding = dr") && modern.contains("retry = 3"), modern);
  }

  @Test
  void commentsAboveAnEntityAreCarriedAboveIt() {
    Fixture f = new Fixture(dir);
    ImportResult r = f.run("""
        # The payment VIP. Ask team-pay before touching it.
        vrrp_instance PAY {
          interface eth0
          virtual_router_id 80
          virtual_ipaddress {
            192.0.2.80/24
          }
        }

        # Not carried: a blank line separates it from the block.

        ! Payment API servers.
        virtual_server 192.0.2.80 443 {
          protocol TCP
          # the old box, retire in Q3
          real_server 198.51.100.80 443 {
            TCP_CHECK {
            }
          }
        }
        """);
    f.converted(r);
    String vrrp = r.files().get(Path.of("conf.d/vrrp-PAY.conf"));
    assertTrue(vrrp.startsWith("# The payment VIP. Ask team-pay before touching it.\n"), vrrp);
    String vs = r.files().get(Path.of("conf.d/vs-192-0-2-80-443-tcp.conf"));
    assertTrue(vs.startsWith("# Payment API servers.\n"), vs);
    assertTrue(vs.contains("    # the old box, retire in Q3\n    { address = \"198.51.100.80:443\""), vs);
    assertFalse(Fixture.all(r).contains("Not carried"), Fixture.all(r));
  }
}
