package io.tandem.daemon.cli;

import io.tandem.migrate.ImportResult;
import io.tandem.migrate.ImportWriter;
import io.tandem.migrate.KeepalivedImporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem import keepalived.conf}: converts a keepalived configuration and writes a Tandem
 * one plus IMPORT-REPORT.md. Exit 0 clean, 1 converted with items to review, 2 invalid input
 * (nothing written).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Convert a keepalived.conf into a Tandem configuration (tandem.conf + conf.d/ + IMPORT-REPORT.md).",
        "Every keyword is converted or listed in the report with file:line and why; nothing is dropped silently.",
        "Exit status: 0 converted cleanly, 1 converted with items to review, 2 invalid input (nothing written)."})
final class ImportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "KEEPALIVED_CONF", description = "The keepalived configuration (includes are followed).")
  Path source;

  @Option(names = {"-o", "--output"}, description = "Directory to write into (default: ${DEFAULT-VALUE}).",
      defaultValue = "tandem-import")
  Path output;

  @Option(names = "--instance", description = "keepalived's -i/--config-id: the instance name that selects @NAME lines.")
  String instance;

  @Option(names = "--replace", description = "Replace a Tandem configuration already in the output directory.")
  boolean replace;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ImportResult result = KeepalivedImporter.importFile(source, Optional.ofNullable(instance));
    PrintWriter out = result.ok() ? spec.commandLine().getOut() : spec.commandLine().getErr();
    result.summaryLines().forEach(out::println);
    if (!result.ok()) {
      return result.exitStatus();
    }
    try {
      List<Path> written = ImportWriter.write(result, output, source, replace);
      spec.commandLine().getOut().println("wrote " + written.size() + " file(s) to " + output
          + "; check them with: tandem check -f " + output.resolve(ImportResult.MAIN_FILE));
    } catch (IOException e) {
      spec.commandLine().getErr().println("tandem import: " + e.getMessage());
      return ImportResult.EXIT_INVALID;
    }
    return result.exitStatus();
  }
}
