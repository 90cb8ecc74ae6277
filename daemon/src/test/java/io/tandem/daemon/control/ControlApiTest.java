package io.tandem.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.daemon.cli.TandemCli;
import io.tandem.daemon.control.StatusView.InstanceView;
import io.tandem.daemon.control.StatusView.ServerView;
import io.tandem.daemon.control.StatusView.ServiceView;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a real control socket served by a scripted handler. */
class ControlApiTest {
  @TempDir Path dir;
  private ControlServer server;
  private final List<Consumer<EventView>> listeners = new CopyOnWriteArrayList<>();
  private final List<String> drained = new CopyOnWriteArrayList<>();

  private final ControlHandler handler = new ControlHandler() {
    @Override
    public StatusView status() {
      return new StatusView("lb1", "test", 3700,
          List.of(new InstanceView("web", "eth0", 51, "MASTER", 150, 90, List.of("eth1 down: -60"), "192.0.2.11",
              "BACKUP -> MASTER", "master_down_timer", System.currentTimeMillis() - 330_000, List.of("192.0.2.10/24"))),
          List.of(new ServiceView("web-http", "192.0.2.10:80", "userspace", "rr", true, false,
              List.of(new ServerView("192.0.2.101:80", true, false, 1, 1, "ok", 0.42),
                  new ServerView("192.0.2.102:80", false, false, 0, 2, "refused", 0.1)))));
    }

    @Override
    public ReloadView reload(boolean dryRun) {
      return new ReloadView(!dryRun, dryRun, List.of("~ vrrp.web: priority 150 → 120 (in place: state and VIPs kept)"), List.of());
    }

    @Override
    public String handover(String instance) {
      if (!instance.equals("web")) {
        throw new ControlException("no instance named '" + instance + "'");
      }
      return "web: handed over";
    }

    @Override
    public String drain(String service, String srv, boolean drain) {
      drained.add((drain ? "drain " : "undrain ") + service + " " + srv);
      return service + " " + srv + (drain ? " drained" : " undrained");
    }

    @Override
    public AutoCloseable subscribe(Consumer<EventView> listener) {
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }
  };

  @BeforeEach
  void start() throws IOException {
    server = new ControlServer(dir.resolve("run/tandem.sock"), handler);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private record Run(int exit, String out, String err) {}

  private Run cli(String... args) {
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--socket";
    full[args.length + 1] = server.socket().toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = TandemCli.execute(full, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void socketIsOwnerOnlyInsideAnOwnerOnlyDirectory() throws IOException {
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket())));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket().getParent())));
  }

  @Test
  void statusPrintsATableWithTheReasons() {
    Run r = cli("status");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("web       eth0/51  MASTER  90 (150)  192.0.2.11  5m ago"), r.out());
    assertTrue(r.out().contains("eth1 down: -60"), r.out());
    assertTrue(r.out().contains("192.0.2.102:80  DOWN    0 (2)   refused"), r.out());
  }

  @Test
  void statusJsonIsTheSnapshot() {
    Run r = cli("status", "--json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("\"effectivePriority\" : 90"), r.out());
  }

  @Test
  void reloadDryRunPrintsTheDiff() {
    Run r = cli("reload", "--dry-run");
    assertEquals(0, r.exit(), r.err());
    assertEquals("~ vrrp.web: priority 150 → 120 (in place: state and VIPs kept)\n(dry run: nothing applied)\n", r.out());
  }

  @Test
  void aRefusedRequestIsOneLineAndExitOne() {
    Run r = cli("handover", "nope");
    assertEquals(1, r.exit());
    assertEquals("tandem: no instance named 'nope'\n", r.err());
  }

  @Test
  void drainReachesTheHandler() {
    assertEquals(0, cli("drain", "web-http", "192.0.2.101:80").exit());
    assertEquals(0, cli("undrain", "web-http", "192.0.2.101:80").exit());
    assertEquals(List.of("drain web-http 192.0.2.101:80", "undrain web-http 192.0.2.101:80"), drained);
  }

  @Test
  void eventsAreFollowedLive() throws Exception {
    Thread publisher = Thread.ofVirtual().start(() -> {
      while (listeners.isEmpty()) {
        Thread.onSpinWait();
      }
      listeners.forEach(l -> l.accept(new EventView(0, "vrrp", "web", "BACKUP", "MASTER", "master_down_timer")));
      listeners.forEach(l -> l.accept(new EventView(1000, "vrrp", "web", "MASTER", "BACKUP", "higher_priority_seen")));
    });
    Run r = cli("events", "-n", "2");
    publisher.join();
    assertEquals(0, r.exit(), r.err());
    assertEquals("1970-01-01T00:00:00Z vrrp web BACKUP -> MASTER (master_down_timer)\n"
        + "1970-01-01T00:00:01Z vrrp web MASTER -> BACKUP (higher_priority_seen)\n", r.out());
  }

  @Test
  void noDaemonIsAClearError() throws IOException {
    server.close();
    Run r = cli("status");
    assertEquals(1, r.exit());
    assertTrue(r.err().startsWith("tandem: no daemon control socket at "), r.err());
  }
}
