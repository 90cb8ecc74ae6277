package io.tandem.daemon.cli;

import io.tandem.config.ConfigLoader;
import io.tandem.config.ConfigResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem run -f FILE}: the daemon in the foreground. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the daemon in the foreground.")
final class RunCommand implements Callable<Integer> {
  @Option(names = {"-f", "--config"}, description = "Main configuration file (default: ${DEFAULT-VALUE}).",
      defaultValue = "/etc/tandem/tandem.conf")
  Path config;

  @Option(names = "--log-level", description = "Root log level (error, warn, info, debug, trace); overrides tandem.log.level.")
  String logLevel;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ConfigResult result = ConfigLoader.load(config);
    if (!result.ok()) {
      result.errors().forEach(spec.commandLine().getErr()::println);
      spec.commandLine().getErr().println(config + ": configuration NOT valid; not starting");
      return TandemCli.EXIT_INVALID_CONFIG;
    }
    Logging.setRootLevel(logLevel != null ? logLevel : result.config().orElseThrow().global().logLevel());
    spec.commandLine().getErr().println("tandem run: the daemon is not wired in this build yet; "
        + "the configuration is valid (use `tandem check`)");
    return 3;
  }
}
