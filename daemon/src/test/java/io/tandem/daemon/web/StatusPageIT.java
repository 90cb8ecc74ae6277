package io.tandem.daemon.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.daemon.control.EventView;
import io.tandem.daemon.control.StatusView;
import io.tandem.daemon.control.StatusView.InstanceView;
import io.tandem.daemon.control.StatusView.ServerView;
import io.tandem.daemon.control.StatusView.ServiceView;
import io.tandem.daemon.metrics.MetricsRegistry;
import io.tandem.testkit.Requirements;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page as a browser shows it: headless Chromium loads it from a real {@link WebServer}
 * serving a fixed snapshot, runs its script, and we read back the DOM it built. Also leaves a
 * screenshot in {@code target/status-page.png} for a human to look at.
 */
class StatusPageIT {
  private static final String HOSTILE = "<img src=x onerror=alert(1)>";
  private static final String HOSTILE_EVENT = "<script>alert(2)</script>";
  private static final long NOW = System.currentTimeMillis();
  private static final Path SCREENSHOT = Path.of("target", "status-page.png").toAbsolutePath();

  @TempDir
  Path tmp;

  static StatusView status() {
    List<InstanceView> instances = List.of(
        new InstanceView("web", "eth0", 51, "MASTER", 100, 150, List.of("track service web-pool up: +50"),
            "192.0.2.10 (this node)", "BACKUP -> MASTER", "master_down_timer", NOW - 42_000,
            List.of("192.0.2.100/24", "2001:db8::100/64")),
        new InstanceView("db", "eth1", 52, "FAULT", 100, 0, List.of("interface eth1 down", "<b>bold</b> reason"),
            "", "MASTER -> FAULT", "interface_down", NOW - 300_000, List.of("192.0.2.200/24")));
    List<ServerView> servers = List.of(
        new ServerView("10.0.0.11:8080", true, false, 100, 100, "ok", 1.8),
        new ServerView("10.0.0.12:8080", false, false, 0, 100, HOSTILE, 2003.5),
        new ServerView("10.0.0.13:8080", true, true, 0, 50, "ok", 0.9));
    return new StatusView("lb1", "0.1.0-test", 93_784, instances,
        List.of(new ServiceView("web-pool", "192.0.2.100:80/tcp", "userspace", "wrr", true, false, servers)));
  }

  static List<EventView> events() {
    return List.of(
        new EventView(NOW - 300_000, "vrrp", "db", "MASTER", "FAULT", "interface_down"),
        new EventView(NOW - 60_000, "server", "web-pool 10.0.0.12:8080", "UP", "DOWN", HOSTILE_EVENT),
        new EventView(NOW - 42_000, "vrrp", "web", "BACKUP", "MASTER", "master_down_timer"));
  }

  @Test
  void chromiumRendersStatesServersAndEventsWithHostileTextEscaped() throws Exception {
    String chromium = Requirements.findCommand("chromium");
    Requirements.require(chromium != null, "command 'chromium' not found on PATH (Debian package chromium)");
    try (WebServer web = new WebServer(new InetSocketAddress("127.0.0.1", 0), new MetricsRegistry(),
        StatusPageIT::status, StatusPageIT::events)) {
      String url = "http://127.0.0.1:" + web.port() + "/";

      String dom = chromium(chromium, "--dump-dom", url);

      // the script ran and fetched status.json: title, header and refresh time are filled in
      assertTrue(dom.contains("<title>Tandem status · lb1</title>"), dom);
      assertFalse(dom.contains("id=\"refreshed\">never<"), "status.json never arrived:\n" + dom);
      assertTrue(dom.contains(">1d 2h 3m<"), "uptime 93784 s:\n" + dom);
      // instances, coloured by state
      assertContains(dom, "<tr class=\"st-master\"><td class=\"nowrap\">web</td>");
      assertContains(dom, "<td class=\"state st-master\">MASTER</td>");
      assertContains(dom, "<tr class=\"st-fault\"><td class=\"nowrap\">db</td>");
      assertContains(dom, "<td class=\"state st-fault\">FAULT</td>");
      assertContains(dom, ">150 (100)<");
      assertContains(dom, ">BACKUP → MASTER<");
      // the service, its quorum and each server with health, weight and drain
      assertContains(dom, ">web-pool<");
      assertContains(dom, ">quorum UP<");
      assertContains(dom, "<tr class=\"rs-up\"><td class=\"nowrap\">10.0.0.11:8080</td><td class=\"state rs-up\">UP</td>"
          + "<td class=\"num\">100 / 100</td>");
      assertContains(dom, "<tr class=\"rs-down\"><td class=\"nowrap\">10.0.0.12:8080</td><td class=\"state rs-down\">DOWN</td>"
          + "<td class=\"num\">0 / 100</td>");
      assertContains(dom, "<tr class=\"rs-drained\"><td class=\"nowrap\">10.0.0.13:8080</td><td class=\"state rs-up\">UP</td>"
          + "<td class=\"num\">0 / 50</td><td class=\"drained-yes\">DRAINED</td>");
      assertContains(dom, ">2.00 s<");
      // recent events, newest first
      int newest = dom.indexOf(">master_down_timer</td>");
      int oldest = dom.indexOf(">interface_down</td>");
      assertTrue(newest > 0 && oldest > newest, "events newest first:\n" + dom);
      // hostile text is shown as text, never turned into elements
      assertContains(dom, "&lt;img src=x onerror=alert(1)&gt;");
      assertContains(dom, "&lt;script&gt;alert(2)&lt;/script&gt;");
      assertContains(dom, "&lt;b&gt;bold&lt;/b&gt; reason");
      assertFalse(Pattern.compile("<img\\b", Pattern.CASE_INSENSITIVE).matcher(dom).find(), dom);
      assertFalse(dom.contains("<b>bold"), dom);
      assertEquals(1, count(dom, "<script"), "only the page's own script tag:\n" + dom);

      Files.createDirectories(SCREENSHOT.getParent());
      Files.deleteIfExists(SCREENSHOT);
      chromium(chromium, "--screenshot=" + SCREENSHOT, "--window-size=1280,1000", "--hide-scrollbars", url);
      assertTrue(Files.size(SCREENSHOT) > 10_000, "screenshot suspiciously small: " + SCREENSHOT);
      byte[] magic = Arrays.copyOf(Files.readAllBytes(SCREENSHOT), 8);
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, magic);
    }
  }

  /** Runs headless Chromium once with a fresh profile, lets the page's script run, returns stdout. */
  private String chromium(String exe, String... args) throws Exception {
    Path profile = Files.createTempDirectory(tmp, "chromium-profile");
    List<String> cmd = new ArrayList<>(List.of(exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--no-proxy-server", "--mute-audio", "--user-data-dir=" + profile,
        // virtual time runs the page's timers (and waits for its fetches) before dumping/shooting
        "--virtual-time-budget=3000"));
    cmd.addAll(List.of(args));
    Path stderr = tmp.resolve("chromium-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
      try (InputStream in = p.getInputStream()) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try {
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        throw new AssertionError("chromium did not finish in 90 s: " + cmd + "\n" + tail(stderr));
      }
      assertEquals(0, p.exitValue(), "chromium failed: " + cmd + "\n" + tail(stderr));
      return new String(out.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    } finally {
      // only the processes this test started: the browser and its helpers
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no stderr)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private static void assertContains(String dom, String expected) {
    assertTrue(dom.contains(expected), "missing " + expected + " in:\n" + dom);
  }

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
