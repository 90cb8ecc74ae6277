package io.tandem.daemon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tandem version}: the build's version and the Java runtime it runs on. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version and exit.")
final class VersionCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    for (String line : new Provider().getVersion()) {
      spec.commandLine().getOut().println(line);
    }
  }

  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TandemCli.class.getPackage().getImplementationVersion();
      return new String[] {
        "tandem " + (v != null ? v : "dev"),
        "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
      };
    }
  }
}
