package io.tandem.daemon.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/tandem}. */
@Command(name = "tandem", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
    description = "High availability for Linux load-balancer directors: VRRP, health checks, forwarding sync.",
    subcommands = {RunCommand.class, CheckCommand.class, ControlCommands.Status.class, ControlCommands.Reload.class,
        ControlCommands.Handover.class, ControlCommands.Drain.class, ControlCommands.Undrain.class,
        ControlCommands.Events.class, ImportCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class TandemCli implements Runnable {
  /** Exit status for a configuration that does not validate (as keepalived -t). */
  static final int EXIT_INVALID_CONFIG = 1;
  /** picocli's exit status for bad command-line usage. */
  static final int EXIT_USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams and returns the exit status (tests call this). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new TandemCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // Never a stack trace for a user error: one line, and the cause chain only at debug level.
      commandLine.getErr().println("tandem: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
      org.slf4j.LoggerFactory.getLogger(TandemCli.class).debug("command failed", e);
      return 1;
    });
    int status = cl.execute(args);
    out.flush(); // print() without a newline is not auto-flushed
    err.flush();
    return status;
  }
}
