package io.tandem.e2e.bench;

import io.tandem.e2e.bench.Directors.Director;
import io.tandem.e2e.bench.Directors.Setting;
import io.tandem.e2e.support.AdvertTap;
import io.tandem.e2e.support.DirectorLab;
import io.tandem.e2e.support.DirectorLab.Timeline;
import io.tandem.e2e.wire.ClientLog;
import io.tandem.e2e.wire.Wait;
import io.tandem.testkit.Requirements;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Soak (a harness, not a CI test): a pair at VRRPv3 20 ms left alone for {@code bench.soak.minutes}
 * (default 10) per implementation, with the client probing. Any advert from the backup (d2) is a
 * spurious failover. Results: stdout and {@code target/bench-vrrp-wire-soak.md}.
 */
class SoakBench {
  private static final int MINUTES = Integer.getInteger("bench.soak.minutes", 10);
  private static final List<String> IMPLS = List.of(System.getProperty("bench.impls", "tandem,keepalived").split(","));

  @Test
  void noSpuriousFailoverAt20ms() throws IOException {
    Requirements.requireRoot();
    Setting setting = Setting.parse("v3-20");
    StringBuilder b = new StringBuilder("Soak, VRRPv3 at 20 ms, " + MINUTES + " min per implementation\n\n"
        + "| implementation | adverts from the backup (spurious takeovers) | master adverts | longest gap between master adverts | failed connects |\n"
        + "|---|---|---|---|---|\n");
    try (DirectorLab lab = new DirectorLab("vw")) {
      String d1ns = lab.host("d1", 1);
      String d2ns = lab.host("d2", 2);
      String clNs = lab.host("cl", 100);
      lab.nameServer(d1ns, 8080, "d1");
      lab.nameServer(d2ns, 8080, "d2");
      Timeline client = lab.client(clNs, 8080, 5, 100);
      try (AdvertTap tap = new AdvertTap(clNs)) {
        for (String impl : IMPLS) {
          Directors.Factory f = Directors.of(impl, true);
          try (Director d2 = f.start(lab.netns(), d2ns, "d2", lab.tempDir("s-d2"), 100, setting);
               Director d1 = f.start(lab.netns(), d1ns, "d1", lab.tempDir("s-d1"), 150, setting)) {
            Wait.until("d1 master", Duration.ofSeconds(60), () -> d1.state().equals("MASTER")
                && d2.state().equals("BACKUP") && ClientLog.lastAnsweredBy(client.since(0), "d1", 10));
            int mark = tap.mark();
            int cmark = client.mark();
            Wait.sleep(MINUTES * 60_000L);
            List<AdvertTap.Seen> seen = tap.since(mark);
            InetAddress a1 = InetAddress.getByName("192.0.2.1");
            InetAddress a2 = InetAddress.getByName("192.0.2.2");
            long fromBackup = seen.stream().filter(s -> s.source().equals(a2)).count();
            long fromMaster = seen.stream().filter(s -> s.source().equals(a1)).count();
            double gap = tap.maxGapMillis(mark, a1, 51);
            ClientLog c = ClientLog.of(client.since(cmark));
            String line = String.format(Locale.ROOT, "| %s | %d | %d | %.1f ms | %d |%n", impl, fromBackup, fromMaster, gap,
                c.connectFailures());
            System.out.print("[soak] " + line);
            b.append(line);
          }
        }
      } finally {
        client.stop();
      }
    }
    System.out.println(b);
    Files.writeString(Path.of("target", "bench-vrrp-wire-soak.md"), b.toString());
  }
}
