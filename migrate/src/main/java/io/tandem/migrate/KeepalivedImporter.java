package io.tandem.migrate;

import io.tandem.config.ConfigError;
import io.tandem.config.ConfigLoader;
import io.tandem.config.ConfigResult;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Entry point of {@code tandem import}: reads a keepalived configuration and returns the Tandem
 * files, the report and the errors. Never throws for bad input, and never writes anything (see
 * {@link ImportWriter}). A conversion that succeeds has been loaded with {@link ConfigLoader} with
 * zero errors, so the files pass {@code tandem check} as written.
 */
public final class KeepalivedImporter {
  private KeepalivedImporter() {}

  /**
   * @param keepalivedConf the main keepalived.conf; includes are resolved relative to each including file
   * @param instanceName keepalived's {@code -i}: selects {@code @name} lines and drops {@code @^name} lines
   */
  public static ImportResult importFile(Path keepalivedConf, Optional<String> instanceName) {
    Path base = keepalivedConf.toAbsolutePath().normalize().getParent();
    List<ImportError> errors = new ArrayList<>();
    try {
      Preprocessor.Result lines = new Preprocessor(instanceName, base == null ? Path.of("/") : base).run(keepalivedConf);
      errors.addAll(lines.errors());
      Node root = TreeBuilder.build(lines.lines(), errors);
      if (!errors.isEmpty()) {
        return invalid(errors, List.of());
      }
      Converter converter = new Converter();
      converter.convert(root);
      if (!converter.errors.isEmpty()) {
        return invalid(converter.errors, converter.report);
      }
      List<ImportError> late = validate(converter.files, converter.origins, keepalivedConf);
      if (!late.isEmpty()) {
        return invalid(late, converter.report);
      }
      return new ImportResult(converter.files, sorted(converter.report), List.of());
    } catch (RuntimeException e) {
      // A bug of ours must not surface as a stack trace to the operator; the error says where to look.
      errors.add(new ImportError(new Location(keepalivedConf.getFileName() == null ? keepalivedConf.toString()
          : keepalivedConf.getFileName().toString(), 1), "", "internal error while importing: " + e));
      return invalid(errors, List.of());
    }
  }

  private static ImportResult invalid(List<ImportError> errors, List<ReportItem> report) {
    // A vrrp_script tracked by several instances is read once per instance: report each problem once.
    List<ImportError> sorted = new ArrayList<>(new java.util.LinkedHashSet<>(errors));
    sorted.sort(Comparator.comparing((ImportError e) -> e.at().file()).thenComparingInt(e -> e.at().line()));
    return new ImportResult(Map.of(), sorted(report), sorted);
  }

  private static List<ReportItem> sorted(List<ReportItem> report) {
    List<ReportItem> out = new ArrayList<>(new java.util.LinkedHashSet<>(report));
    out.sort(Comparator.comparing((ReportItem r) -> r.at().file()).thenComparingInt(r -> r.at().line()));
    return out;
  }

  /**
   * Loads the converted files with Tandem's own loader in a private temporary directory. Any error
   * there is a gap in the converter; it is reported against the keepalived block it came from.
   */
  private static List<ImportError> validate(Map<Path, String> files, Map<Path, Location> origins, Path source) {
    List<ImportError> out = new ArrayList<>();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("tandem-import");
      Files.createDirectories(dir.resolve(Converter.CONF_D));
      for (Map.Entry<Path, String> f : files.entrySet()) {
        Files.writeString(dir.resolve(f.getKey()), f.getValue());
      }
      ConfigResult result = ConfigLoader.load(dir.resolve(ImportResult.MAIN_FILE));
      for (ConfigError e : result.errors()) {
        Location at = origins.get(Path.of(e.file()));
        if (at == null) {
          at = new Location(source.getFileName() == null ? source.toString() : source.getFileName().toString(), 1);
        }
        out.add(new ImportError(at, "", "the converted configuration does not pass tandem check: " + e));
      }
    } catch (IOException e) {
      out.add(new ImportError(new Location(String.valueOf(source.getFileName()), 1), "",
          "cannot check the converted configuration in a temporary directory: " + e.getMessage()));
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
    return out;
  }

  static void deleteTree(Path dir) {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // A leftover temporary directory is harmless; the result does not depend on it.
    }
  }
}
