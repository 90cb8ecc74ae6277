package io.tandem.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.daemon.control.ControlProtocol;
import io.tandem.daemon.control.EventView;
import io.tandem.daemon.control.ReloadView;
import io.tandem.daemon.control.StatusView;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that talk to a running daemon through its control socket. */
final class ControlCommands {
  private ControlCommands() {}

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show every VRRP instance and virtual service of the running daemon.")
  static final class Status implements Callable<Integer> {
    @Mixin SocketOption socket;
    @Option(names = "--json", description = "Print the raw JSON snapshot.") boolean json;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      JsonNode data = socket.client().call("status", Map.of());
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(ControlProtocol.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(data));
      } else {
        out.print(StatusTable.render(ControlProtocol.JSON.treeToValue(data, StatusView.class), Instant.now()));
      }
      return 0;
    }
  }

  @Command(name = "reload", mixinStandardHelpOptions = true,
      description = {"Re-read the configuration and apply only what changed (as SIGHUP does).",
          "An invalid configuration changes nothing: every error is listed and the old one keeps running."})
  static final class Reload implements Callable<Integer> {
    @Mixin SocketOption socket;
    @Option(names = "--dry-run", description = "Print the changes without applying them.") boolean dryRun;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      ReloadView r = ControlProtocol.JSON.treeToValue(
          socket.client().call("reload", Map.of("dryRun", Boolean.toString(dryRun))), ReloadView.class);
      PrintWriter out = spec.commandLine().getOut();
      if (!r.errors().isEmpty()) {
        r.errors().forEach(spec.commandLine().getErr()::println);
        spec.commandLine().getErr().println("reload refused: " + r.errors().size() + " error(s); the running configuration is unchanged");
        return TandemCli.EXIT_INVALID_CONFIG;
      }
      if (r.changes().isEmpty()) {
        out.println("no changes");
      }
      r.changes().forEach(out::println);
      if (!r.changes().isEmpty()) {
        out.println(dryRun ? "(dry run: nothing applied)" : "applied " + r.changes().size() + " change(s)");
      }
      return 0;
    }
  }

  @Command(name = "handover", mixinStandardHelpOptions = true,
      description = "Planned failover: the instance's mastership moves to the best backup without dropping clients.")
  static final class Handover implements Callable<Integer> {
    @Mixin SocketOption socket;
    @Parameters(paramLabel = "INSTANCE") String instance;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      spec.commandLine().getOut().println(socket.client().call("handover", Map.of("instance", instance)).asText());
      return 0;
    }
  }

  @Command(name = "drain", mixinStandardHelpOptions = true,
      description = "Give a real server weight 0: no new connections, existing ones are kept.")
  static final class Drain implements Callable<Integer> {
    @Mixin SocketOption socket;
    @Parameters(index = "0", paramLabel = "SERVICE") String service;
    @Parameters(index = "1", paramLabel = "SERVER", description = "address:port as configured") String server;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      spec.commandLine().getOut().println(socket.client().call("drain", Map.of("service", service, "server", server)).asText());
      return 0;
    }
  }

  @Command(name = "undrain", mixinStandardHelpOptions = true, description = "Restore a drained real server's weight.")
  static final class Undrain implements Callable<Integer> {
    @Mixin SocketOption socket;
    @Parameters(index = "0", paramLabel = "SERVICE") String service;
    @Parameters(index = "1", paramLabel = "SERVER") String server;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      spec.commandLine().getOut().println(socket.client().call("undrain", Map.of("service", service, "server", server)).asText());
      return 0;
    }
  }

  @Command(name = "events", mixinStandardHelpOptions = true, description = "Follow state changes live, one per line.")
  static final class Events implements Callable<Integer> {
    @Mixin SocketOption socket;
    @Option(names = "--json", description = "One JSON object per line.") boolean json;
    @Option(names = {"-n", "--count"}, description = "Stop after this many events (default: follow until interrupted).")
    long count = Long.MAX_VALUE;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      long[] seen = {0};
      socket.client().follow(n -> {
        try {
          out.println(json ? ControlProtocol.JSON.writeValueAsString(n) : ControlProtocol.JSON.treeToValue(n, EventView.class).line());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        out.flush();
        return ++seen[0] < count;
      });
      return 0;
    }
  }
}
