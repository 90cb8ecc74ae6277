package io.tandem.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TandemCliTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = TandemCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void checkAcceptsAValidConfigWithExitZero() throws IOException {
    Files.writeString(dir.resolve("tandem.conf"), """
        tandem.node-id = lb1
        vrrp.web { interface = eth0, vrid = 51, virtual-ips = ["192.0.2.10/24"] }
        """);
    Run r = run("check", "-f", dir.resolve("tandem.conf").toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("valid (1 file(s), 1 VRRP instance(s)"), r.out());
  }

  @Test
  void importConvertsKeepalivedConfThatThenPassesCheck() throws IOException {
    Path keepalived = dir.resolve("keepalived.conf");
    Files.writeString(keepalived, """
        vrrp_instance VI_1 {
          state MASTER
          interface eth0
          virtual_router_id 51
          priority 150
          advert_int 1
          authentication { auth_type PASS
            auth_pass s3cret }
          virtual_ipaddress { 192.0.2.10/24 }
          notify_master "/usr/local/bin/master.sh VI_1"
        }
        """);
    Path out = dir.resolve("out");
    Run r = run("import", keepalived.toString(), "-o", out.toString());
    assertTrue(r.exit() == 0 || r.exit() == 1, r.err() + r.out());
    assertTrue(Files.exists(out.resolve("IMPORT-REPORT.md")));
    Run check = run("check", "-f", out.resolve("tandem.conf").toString());
    assertEquals(0, check.exit(), check.err());
    assertTrue(check.out().contains("1 VRRP instance(s)"), check.out());
    Run again = run("import", keepalived.toString(), "-o", out.toString());
    assertEquals(2, again.exit(), "an existing configuration is not overwritten without --replace");
  }

  @Test
  void importOfABrokenFileWritesNothingAndExitsTwo() throws IOException {
    Path keepalived = dir.resolve("keepalived.conf");
    Files.writeString(keepalived, "vrrp_instance VI_1 {\n  virtual_router_id 51\n  priorty 100\n");
    Run r = run("import", keepalived.toString(), "-o", dir.resolve("out").toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("error:"), r.err());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void checkListsEveryErrorAndExitsOne() throws IOException {
    Files.writeString(dir.resolve("tandem.conf"), """
        vrrp.web { interface = eth0, vrid = 300, prority = 1, virtual-ips = ["192.0.2.10/24"] }
        """);
    Run r = run("check", "-f", dir.resolve("tandem.conf").toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("tandem.conf:1: vrrp.web.vrid: must be 1..255, got 300"), r.err());
    assertTrue(r.err().contains("tandem.conf:1: vrrp.web.prority: unknown key (did you mean 'priority'?)"), r.err());
    assertTrue(r.err().contains("2 error(s); configuration NOT valid"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void checkOfAMissingFileIsOneLineNotAStackTrace() {
    Run r = run("check", "-f", dir.resolve("nope.conf").toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("nope.conf:0: cannot read: no such file"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void unknownOptionIsAUsageErrorWithExitTwo() {
    Run r = run("check", "--frobnicate");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("Unknown option: '--frobnicate'"), r.err());
  }

  @Test
  void versionPrintsTheVersionAndTheRuntime() {
    Run r = run("version");
    assertEquals(0, r.exit());
    assertTrue(r.out().startsWith("tandem "), r.out());
    assertTrue(r.out().contains("java " + System.getProperty("java.version")), r.out());
  }

  @Test
  void everyCommandHasHelp() {
    for (String cmd : new String[] {"run", "check", "version"}) {
      Run r = run(cmd, "--help");
      assertEquals(0, r.exit(), cmd);
      assertTrue(r.out().contains("Usage: tandem " + cmd), r.out());
    }
    Run r = run("--help");
    assertTrue(r.out().contains("check") && r.out().contains("run"), r.out());
  }
}
