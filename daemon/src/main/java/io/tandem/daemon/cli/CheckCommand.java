package io.tandem.daemon.cli;

import io.tandem.config.ConfigError;
import io.tandem.config.ConfigLoader;
import io.tandem.config.ConfigResult;
import io.tandem.config.model.TandemConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem check -f FILE}: validate a configuration, as {@code keepalived -t} does. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Validate a configuration and every file it includes.",
        "Exit status: 0 valid, 1 invalid (every error listed as file:line: key: message)."})
final class CheckCommand implements Callable<Integer> {
  @Option(names = {"-f", "--config"}, description = "Main configuration file (default: ${DEFAULT-VALUE}).",
      defaultValue = "/etc/tandem/tandem.conf")
  Path config;

  @Option(names = {"-q", "--quiet"}, description = "Print errors only.")
  boolean quiet;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ConfigResult result = ConfigLoader.load(config);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!result.ok()) {
      for (ConfigError e : result.errors()) {
        err.println(e);
      }
      err.println(config + ": " + result.errors().size() + " error(s); configuration NOT valid");
      return TandemCli.EXIT_INVALID_CONFIG;
    }
    if (!quiet) {
      TandemConfig c = result.config().orElseThrow();
      out.printf("%s: valid (%d file(s), %d VRRP instance(s), %d sync group(s), %d virtual service(s), %d real server(s))%n",
          config, c.files().size(), c.vrrpInstances().size(), c.syncGroups().size(), c.virtualServers().size(),
          c.virtualServers().values().stream().mapToInt(s -> s.realServers().size()).sum());
    }
    return 0;
  }
}
