package io.tandem.notify.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.notify.event.SyncGroupTransition;
import io.tandem.notify.event.VrrpInstanceTransition;
import io.tandem.notify.event.VrrpState;
import io.tandem.notify.plan.KeepalivedFormat;
import io.tandem.notify.script.ScriptDir;
import io.tandem.testkit.NetnsLab;
import io.tandem.testkit.Requirements;
import io.tandem.testkit.Sh;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The same conventions checked against the real thing: keepalived 2.2.7 runs alone in a namespace,
 * goes BACKUP then MASTER, runs our recording scripts and writes its notify FIFO. What it produced
 * must be byte for byte what {@link KeepalivedFormat} produces for the same transitions.
 */
class KeepalivedConventionIT {
  @Test
  void keepalivedsOwnArgvAndFifoLinesEqualOurs() throws Exception {
    Requirements.requireRoot();
    Requirements.requireCommand("keepalived");
    Requirements.requireCommand("mkfifo");
    try (ScriptDir dir = new ScriptDir(); NetnsLab lab = new NetnsLab("nt")) {
      String ns = lab.ns("ka");
      // keepalived needs a real interface; a veth pair kept inside the one namespace.
      Sh.run("ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "eth1");
      Sh.run("ip", "-n", ns, "link", "set", "eth0", "up");
      Sh.run("ip", "-n", ns, "link", "set", "eth1", "up");
      Sh.run("ip", "-n", ns, "addr", "add", "192.0.2.1/24", "dev", "eth0");

      Path record = dir.script("record.sh", "printf '%s\\0' \"$0\" \"$@\" > \"$1.$4\"");
      Path master = dir.script("master.sh", "printf '%s\\0' \"$0\" \"$@\" > \"$1\"");
      String out = dir.resolve("inst").toString();
      String groupOut = dir.resolve("group").toString();
      String masterOut = dir.resolve("master").toString();
      Path fifo = dir.resolve("ka.fifo");
      Sh.run("mkfifo", "-m", "0600", fifo.toString());
      Path conf = dir.resolve("keepalived.conf");
      Files.writeString(conf, """
          global_defs {
            router_id ntka
            vrrp_version 3
            enable_script_security
            script_user root
            notify_fifo %s
          }
          vrrp_sync_group G1 {
            group {
              VI_1
            }
            notify "%s %s"
          }
          vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority 150
            advert_int 0.1
            virtual_ipaddress {
              192.0.2.10/24
            }
            notify "%s %s"
            notify_master "%s %s"
          }
          """.formatted(fifo, record, groupOut, record, out, master, masterOut));

      ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
      Thread reader = Thread.ofVirtual().start(() -> readFifo(fifo, lines));
      ProcessBuilder pb = new ProcessBuilder("keepalived", "-n", "-l", "-D", "-P", "-f", conf.toString(),
          "-p", dir.resolve("k.pid").toString(), "-r", dir.resolve("v.pid").toString(),
          "-c", dir.resolve("c.pid").toString());
      pb.redirectErrorStream(true).redirectOutput(dir.resolve("keepalived.log").toFile());
      lab.start(ns, pb);

      Path instMaster = Path.of(out + ".MASTER");
      Path groupMaster = Path.of(groupOut + ".MASTER");
      long deadline = System.nanoTime() + 15_000_000_000L;
      while (!(nonEmpty(instMaster) && nonEmpty(groupMaster) && nonEmpty(Path.of(masterOut))
          && lines.contains("INSTANCE \"VI_1\" MASTER 150") && lines.contains("GROUP \"G1\" MASTER 0"))) {
        assertTrue(System.nanoTime() < deadline, "keepalived did not become master and notify; lines " + lines
            + "\n" + Files.readString(dir.resolve("keepalived.log")));
        Thread.sleep(20);
      }

      // Our planner's argv for the same transitions, against what keepalived's scripts received.
      assertArrayEquals(nul(KeepalivedFormat.genericScriptArgv(List.of(record.toString(), out),
          new VrrpInstanceTransition("VI_1", VrrpState.BACKUP, VrrpState.MASTER, 150))), Files.readAllBytes(instMaster));
      assertArrayEquals(nul(KeepalivedFormat.genericScriptArgv(List.of(record.toString(), groupOut),
          new SyncGroupTransition("G1", VrrpState.BACKUP, VrrpState.MASTER))), Files.readAllBytes(groupMaster));
      assertArrayEquals(nul(List.of(master.toString(), masterOut)), Files.readAllBytes(Path.of(masterOut)));

      // Every FIFO line keepalived wrote is one our planner writes for the corresponding event.
      Set<String> ours = Set.of(
          strip(KeepalivedFormat.fifoLine(new VrrpInstanceTransition("VI_1", VrrpState.INIT, VrrpState.BACKUP, 150))),
          strip(KeepalivedFormat.fifoLine(new VrrpInstanceTransition("VI_1", VrrpState.BACKUP, VrrpState.MASTER, 150))),
          strip(KeepalivedFormat.fifoLine(new SyncGroupTransition("G1", VrrpState.INIT, VrrpState.BACKUP))),
          strip(KeepalivedFormat.fifoLine(new SyncGroupTransition("G1", VrrpState.BACKUP, VrrpState.MASTER))));
      for (String line : lines) {
        assertTrue(ours.contains(line), "keepalived wrote a line we would not: " + line + " (all: " + lines + ")");
      }
      reader.interrupt();
    }
  }

  private static boolean nonEmpty(Path p) throws IOException {
    return Files.exists(p) && Files.size(p) > 0;
  }

  private static String strip(String line) {
    return line.substring(0, line.length() - 1);
  }

  private static byte[] nul(List<String> argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String a : argv) {
      out.writeBytes(a.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return out.toByteArray();
  }

  private static void readFifo(Path fifo, ConcurrentLinkedQueue<String> lines) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(fifo), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // keepalived stopped; the lines read so far are what we check
    }
  }
}
