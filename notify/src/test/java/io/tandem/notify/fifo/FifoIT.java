package io.tandem.notify.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.notify.NotifyWiring;
import io.tandem.notify.dispatch.Notifier;
import io.tandem.notify.event.RealServerChange;
import io.tandem.notify.event.RealServerId;
import io.tandem.notify.event.ServiceProtocol;
import io.tandem.notify.event.SyncGroupTransition;
import io.tandem.notify.event.VirtualServiceId;
import io.tandem.notify.event.VirtualServiceQuorumChange;
import io.tandem.notify.event.VrrpInstanceTransition;
import io.tandem.notify.event.VrrpState;
import io.tandem.notify.plan.NotifyConfig;
import io.tandem.notify.script.ScriptDir;
import io.tandem.testkit.Requirements;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A real FIFO, created by the writer, read by a real reader, as keepalived's notify_fifo consumers do. */
class FifoIT {
  @Test
  void everyLineTypeReachesAFifoReaderInKeepalivedFormat() throws Exception {
    Requirements.requireCommand("mkfifo");
    try (ScriptDir dir = new ScriptDir()) {
      Path fifo = dir.resolve("notify.fifo");
      VirtualServiceId vs = VirtualServiceId.ofAddress(InetAddress.getByName("2001:db8::10"), ServiceProtocol.TCP, 443);
      RealServerId rs = new RealServerId(InetAddress.getByName("2001:db8:0:0:1::21"), 8443);
      Notifier notifier = NotifyWiring.start(NotifyConfig.builder("lb1").fifo(fifo).build());
      try {
        notifier.publish(new VrrpInstanceTransition("VI_1", VrrpState.BACKUP, VrrpState.MASTER, 150));
        assertTrue(notifier.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(0010000, ((Integer) Files.getAttribute(fifo, "unix:mode")) & 0170000, "writer created a FIFO");

        List<String> expected = new ArrayList<>();
        // keepalived 2.2.7 vrrp/vrrp_notify.c notify_fifo(): "%s \"%s\" %s %d\n".
        expected.add("INSTANCE \"VI_1\" MASTER 150");
        // The reader opens now; the first line is already in the pipe (the writer holds it open O_RDWR).
        CompletableFuture<List<String>> read = CompletableFuture.supplyAsync(() -> readLines(fifo, 7));
        notifier.publish(new SyncGroupTransition("G1", VrrpState.BACKUP, VrrpState.MASTER));
        expected.add("GROUP \"G1\" MASTER 0"); // notify_group_fifo(): priority 0
        notifier.publish(new RealServerChange(vs, rs, false));
        // check/ipwrapper.c notify_fifo_rs(): "RS %s %s %s\n" with [addr]:proto:port for RS and VS.
        expected.add("RS [2001:db8::1:0:0:21]:tcp:8443 [2001:db8::10]:tcp:443 DOWN");
        notifier.publish(new VirtualServiceQuorumChange(vs, false));
        expected.add("VS [2001:db8::10]:tcp:443 DOWN"); // notify_fifo_vs(): "VS %s %s\n"
        notifier.publish(new VirtualServiceQuorumChange(VirtualServiceId.ofFwmark(12, ServiceProtocol.TCP), true));
        expected.add("VS FWM 12 UP");
        notifier.publish(new io.tandem.notify.event.VrrpPriorityChange("VI_1", VrrpState.MASTER, 140));
        expected.add("INSTANCE \"VI_1\" MASTER_PRIORITY 140"); // send_instance_priority_notifies()
        notifier.publish(new VrrpInstanceTransition("VI_1", VrrpState.MASTER, VrrpState.STOP, 150));
        expected.add("INSTANCE \"VI_1\" STOP 150");
        assertEquals(expected, read.get(10, TimeUnit.SECONDS));
      } finally {
        notifier.close();
      }
    }
  }

  @Test
  void aPathThatIsNotAFifoIsRefused() throws Exception {
    try (ScriptDir dir = new ScriptDir(); FifoWriter writer = new FifoWriter()) {
      Path plain = Files.writeString(dir.resolve("plain"), "");
      IOException e = assertThrows(IOException.class, () -> writer.write(plain, "x\n"));
      assertTrue(e.getMessage().contains("not a FIFO"), e.getMessage());
      assertEquals("", Files.readString(plain));
    }
  }

  private static List<String> readLines(Path fifo, int n) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(fifo), StandardCharsets.UTF_8))) {
      List<String> lines = new ArrayList<>();
      while (lines.size() < n) {
        String line = r.readLine();
        if (line == null) {
          break;
        }
        lines.add(line);
      }
      return lines;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
