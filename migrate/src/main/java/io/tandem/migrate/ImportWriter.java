package io.tandem.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes an import: {@code DIR/tandem.conf}, {@code DIR/conf.d/*.conf} and {@code DIR/IMPORT-REPORT.md}.
 * The edge of this module. It refuses to write an invalid result, and it refuses to mix with an
 * earlier configuration in DIR unless asked to replace it (a stale conf.d file would be loaded too).
 */
public final class ImportWriter {
  private ImportWriter() {}

  /**
   * @param source the keepalived file the result came from (named in the report)
   * @param replace when true, an existing tandem.conf and conf.d/*.conf in {@code dir} are replaced
   * @return the files written, relative to {@code dir}
   */
  public static List<Path> write(ImportResult result, Path dir, Path source, boolean replace) throws IOException {
    if (!result.ok()) {
      throw new IllegalStateException("the import has errors; nothing may be written");
    }
    Path confD = dir.resolve(Converter.CONF_D);
    if (!replace) {
      if (Files.exists(dir.resolve(ImportResult.MAIN_FILE)) || existingConf(confD).findAny().isPresent()) {
        throw new IOException(dir + " already holds a Tandem configuration; choose an empty directory or replace it");
      }
    }
    Files.createDirectories(confD);
    try (Stream<Path> old = existingConf(confD)) {
      for (Path p : old.toList()) {
        Files.delete(p);
      }
    }
    for (Map.Entry<Path, String> f : result.files().entrySet()) {
      Files.writeString(dir.resolve(f.getKey()), f.getValue());
    }
    Files.writeString(dir.resolve(ImportResult.REPORT_FILE), ImportReport.markdown(source, result));
    return Stream.concat(result.files().keySet().stream(), Stream.of(ImportResult.REPORT_FILE)).toList();
  }

  private static Stream<Path> existingConf(Path confD) throws IOException {
    if (!Files.isDirectory(confD)) {
      return Stream.empty();
    }
    return Files.list(confD).filter(p -> p.getFileName().toString().endsWith(".conf"));
  }
}
