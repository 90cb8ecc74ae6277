package io.tandem.daemon.cli;

import io.tandem.config.ConfigLoader;
import io.tandem.config.ConfigResult;
import io.tandem.daemon.Daemon;
import io.tandem.daemon.control.ReloadView;
import io.tandem.daemon.systemd.SdNotify;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code tandem run -f FILE}: the daemon in the foreground. SIGHUP reloads (only the difference is
 * applied; an invalid file changes nothing), SIGTERM/SIGINT stop cleanly (masters hand over first).
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the daemon in the foreground.")
final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @Option(names = {"-f", "--config"}, description = "Main configuration file (default: ${DEFAULT-VALUE}).",
      defaultValue = "/etc/tandem/tandem.conf")
  Path config;

  @Option(names = "--log-level", description = "Root log level (error, warn, info, debug, trace); overrides tandem.log.level.")
  String logLevel;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ConfigResult result = ConfigLoader.load(config);
    if (!result.ok()) {
      result.errors().forEach(spec.commandLine().getErr()::println);
      spec.commandLine().getErr().println(config + ": configuration NOT valid; not starting");
      return TandemCli.EXIT_INVALID_CONFIG;
    }
    Logging.setRootLevel(logLevel != null ? logLevel : result.config().orElseThrow().global().logLevel());
    String version = Optional.ofNullable(TandemCli.class.getPackage().getImplementationVersion()).orElse("dev");
    // Handlers first: a SIGTERM during start-up (systemd stop) then means "stop once started", exit 0.
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    AtomicReference<Daemon> running = new AtomicReference<>();
    Signal.handle(new Signal("HUP"), s -> {
      Daemon d = running.get();
      if (d != null) {
        Thread.ofVirtual().start(() -> reload(d));
      }
    });
    Daemon daemon;
    try {
      daemon = Daemon.start(config.toAbsolutePath(), result.config().orElseThrow(), version);
    } catch (Daemon.StartupException e) {
      spec.commandLine().getErr().println("tandem run: " + e.getMessage());
      return TandemCli.EXIT_INVALID_CONFIG;
    }
    running.set(daemon);
    Optional<SdNotify> systemd = SdNotify.fromEnvironment();
    systemd.ifPresent(n -> n.send("READY=1\nSTATUS=running"));
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "watchdog");
      t.setDaemon(true);
      return t;
    });
    Optional<Duration> period = SdNotify.watchdogInterval();
    if (systemd.isPresent() && period.isPresent()) {
      // Ping at half the period, and only while the control API answers: a wedged daemon gets restarted.
      long every = Math.max(1, period.get().toMillis() / 2);
      watchdog.scheduleAtFixedRate(() -> {
        daemon.status();
        systemd.get().send("WATCHDOG=1");
      }, every, every, TimeUnit.MILLISECONDS);
    }
    stop.await();
    log.info("stopping: handing over mastership first");
    systemd.ifPresent(n -> n.send("STOPPING=1"));
    watchdog.shutdownNow();
    daemon.close();
    return 0;
  }

  private static void reload(Daemon daemon) {
    ReloadView v = daemon.reload(false);
    if (!v.errors().isEmpty()) {
      log.error("SIGHUP reload refused; the running configuration is unchanged");
    }
  }
}
