package io.tandem.e2e.bench;

import io.tandem.e2e.support.KeepalivedNode;
import io.tandem.e2e.support.TandemNode;
import io.tandem.testkit.NetnsLab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The two VRRP implementations the benchmark compares, behind one small interface. */
final class Directors {
  private Directors() {}

  /** How a pair runs: VRRP version and advert interval. */
  record Setting(int version, Duration interval) {
    static Setting parse(String text) { // "v3-100" = VRRPv3 at 100 ms
      String[] p = text.split("-");
      return new Setting(Integer.parseInt(p[0].substring(1)), Duration.ofMillis(Long.parseLong(p[1])));
    }

    String label() {
      return "VRRPv" + version + ", " + (interval.toMillis() >= 1000 ? interval.toSeconds() + " s" : interval.toMillis() + " ms");
    }
  }

  /** One director of a pair. */
  interface Director extends AutoCloseable {
    /** The name its HTTP server answers with (d1, d2). */
    String name();

    /** MASTER, BACKUP, FAULT... ("" if unknown yet). */
    String state();

    /** Writes the tracked file: −100 (priority 150 → 50, below the peer's 100) or 0. */
    void priorityDrop(boolean drop);

    /** SIGTERM, waiting for the process to exit. */
    void stopGracefully();

    @Override
    void close();
  }

  interface Factory {
    Director start(NetnsLab lab, String ns, String name, Path dir, int priority, Setting setting);
  }

  static Factory of(String impl, boolean keepalivedRealtime) {
    return switch (impl) {
      case "tandem" -> Directors::tandem;
      case "keepalived" -> (lab, ns, name, dir, priority, setting) ->
          keepalived(lab, ns, name, dir, priority, setting, keepalivedRealtime);
      default -> throw new IllegalArgumentException("unknown implementation " + impl);
    };
  }

  static void writeTrack(Path file, boolean drop) {
    try {
      Files.writeString(file, drop ? "-100\n" : "0\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Director tandem(NetnsLab lab, String ns, String name, Path dir, int priority, Setting s) {
    Path track = dir.resolve("weight");
    writeTrack(track, false);
    String body = "vrrp.vi { interface = eth0, vrid = 51, version = " + s.version() + ", priority = " + priority
        + ", advert-interval = " + s.interval().toMillis() + "ms, virtual-ips = [\"192.0.2.10/24\"]\n"
        + "  track.files = [{ path = \"" + track + "\", weight-scale = 1 }] }\n";
    TandemNode node = TandemNode.start(lab, ns, name, dir, "", body);
    return new Director() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String state() {
        return node.status().instances().get(0).state();
      }

      @Override
      public void priorityDrop(boolean drop) {
        writeTrack(track, drop);
      }

      @Override
      public void stopGracefully() {
        node.stop(Duration.ofSeconds(15));
      }

      @Override
      public void close() {
        node.close();
      }
    };
  }

  static Director keepalived(NetnsLab lab, String ns, String name, Path dir, int priority, Setting s, boolean rt) {
    Path track = dir.resolve("weight");
    writeTrack(track, false);
    String globals = "global_defs {\n  router_id " + name + "\n  script_user root\n  enable_script_security\n"
        + "  vrrp_garp_master_delay 0\n" + (rt ? "  vrrp_rt_priority 10\n" : "") + "}\n"
        + "vrrp_track_file tf {\n  file " + track + "\n  weight 1\n}\n";
    String instance = KeepalivedNode.instance("VI_1", s.version(), 51, priority, s.interval(), true, null,
        List.of("192.0.2.10/24"), "  track_file {\n    tf\n  }");
    KeepalivedNode node = KeepalivedNode.start(lab, ns, name, dir, globals + instance);
    return new Director() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String state() {
        return node.state("VI_1");
      }

      @Override
      public void priorityDrop(boolean drop) {
        writeTrack(track, drop);
      }

      @Override
      public void stopGracefully() {
        node.stop(Duration.ofSeconds(15));
      }

      @Override
      public void close() {
        node.close();
      }
    };
  }
}
