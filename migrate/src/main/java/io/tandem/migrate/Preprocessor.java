package io.tandem.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * keepalived's line reader (lib/parser.c {@code read_line}), re-implemented: turns files into
 * logical lines of words. It handles, in keepalived's order: comments ({@code #} and {@code !}
 * outside quotes, {@code \#} escapes), {@code @id} / {@code @^id} conditional lines (keepalived's
 * {@code -i}), {@code $NAME=value} definitions (a trailing {@code \} continues one over several
 * lines), {@code $NAME} / {@code ${NAME}} substitution, {@code ~SEQ(var, start, step, end)} and
 * {@code ~SEQx}, {@code include} with globs relative to the including file, and braces, which
 * keepalived splits into lines of their own wherever they sit (outside quotes).
 *
 * <p>Whole-line comments directly above a line (no blank line between) travel with it, so that the
 * converter can put the operator's notes above the same entity in the output.
 */
final class Preprocessor {
  /** keepalived's MAXBUF is 1024; we allow more but bound runaway substitution. */
  static final int MAX_LINE = 64 * 1024;
  /** Bounds a ~SEQ or definition explosion (and hostile input) long before memory is at risk. */
  static final int MAX_LOGICAL_LINES = 200_000;
  static final int MAX_INCLUDE_DEPTH = 16;
  /** Files read in one import (an include of itself twice per file would otherwise grow as 2^depth). */
  static final int MAX_FILES = 1_000;
  /** Lines processed, counting each ~SEQ step: bounds loops that emit nothing (e.g. a ~SEQ of dropped lines). */
  static final int MAX_WORK = 2_000_000;
  private static final int MAX_SUBSTITUTION_PASSES = 32;
  private static final Pattern DEFINITION = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*)", Pattern.DOTALL);
  private static final Pattern SEQ = Pattern.compile("~SEQ(x?)\\s*\\(([^)]*)\\)\\s*(.*)", Pattern.DOTALL);
  private static final Pattern INCLUDE = Pattern.compile("include\\s+(\\S.*)");

  /** A line of words from the input, or a brace keepalived put on a line of its own ({@code brace} +1 / -1). */
  record LogicalLine(Location at, List<String> words, List<String> comments, int brace) {
    boolean isOpen() {
      return brace > 0;
    }

    boolean isClose() {
      return brace < 0;
    }
  }

  record Result(List<LogicalLine> lines, List<ImportError> errors) {}

  private final Optional<String> instance;
  private final Path displayBase;
  private final Map<String, String> definitions = new HashMap<>();
  private final List<LogicalLine> out = new ArrayList<>();
  private final List<ImportError> errors = new ArrayList<>();
  private List<String> pendingComments = new ArrayList<>();
  private boolean exploded;
  private int filesRead;
  private int work;

  Preprocessor(Optional<String> instance, Path displayBase) {
    this.instance = instance;
    this.displayBase = displayBase.toAbsolutePath().normalize();
  }

  Result run(Path mainFile) {
    Path abs = mainFile.toAbsolutePath().normalize();
    if (!Files.isRegularFile(abs)) {
      errors.add(new ImportError(new Location(display(abs), 0), "", "cannot read: no such file"));
      return new Result(out, errors);
    }
    readFile(abs, 0, null);
    return new Result(out, errors);
  }

  String display(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(displayBase) ? displayBase.relativize(abs).toString() : abs.toString();
  }

  private void readFile(Path file, int depth, Location includedFrom) {
    if (++filesRead > MAX_FILES) {
      explode(includedFrom, "more than " + MAX_FILES + " files included (an include loop?)");
      return;
    }
    List<String> lines;
    try {
      // Decoding replaces malformed bytes instead of failing: a stray Latin-1 comment must not stop the import.
      lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException | RuntimeException e) {
      Location at = includedFrom != null ? includedFrom : new Location(display(file), 0);
      errors.add(new ImportError(at, "include", "cannot read " + display(file) + ": " + e.getMessage()));
      return;
    }
    String name = display(file);
    String definingName = null; // a multi-line definition in progress
    for (int i = 0; i < lines.size() && !exploded; i++) {
      Location at = new Location(name, i + 1);
      String raw = lines.get(i);
      if (raw.indexOf('\0') >= 0) {
        errors.add(new ImportError(at, "", "the line contains NUL bytes"));
        continue;
      }
      if (definingName != null) {
        if (raw.isBlank()) {
          definingName = null; // keepalived: a blank line ends a multi-line definition
          continue;
        }
        String text = decomment(raw, at, false);
        if (text.isEmpty()) {
          continue; // a comment line inside a definition is skipped, as keepalived's reader skips it
        }
        boolean more = text.endsWith("\\");
        if (more) {
          text = text.substring(0, text.length() - 1).stripTrailing();
        }
        String sofar = definitions.get(definingName);
        if (!text.isEmpty()) {
          definitions.put(definingName, sofar.isEmpty() ? text : sofar + "\n" + text);
        }
        if (!more) {
          definingName = null;
        }
        continue;
      }
      String trimmed = raw.strip();
      if (trimmed.isEmpty()) {
        pendingComments = new ArrayList<>();
        continue;
      }
      if (trimmed.startsWith("#") || trimmed.startsWith("!")) {
        pendingComments.add(trimmed.substring(1).strip());
        continue;
      }
      String text = decomment(raw, at, true);
      if (text.isEmpty()) {
        continue;
      }
      definingName = process(text, at, depth, 0);
    }
  }

  /**
   * One line after comment removal, as keepalived's read_line loop treats it. Returns the name of a
   * multi-line definition that this line starts, else null.
   */
  private String process(String text, Location at, int depth, int nesting) {
    if (++work > MAX_WORK) {
      explode(at, "the configuration expands to more than " + MAX_WORK + " lines (a runaway ~SEQ or definition?)");
      return null;
    }
    if (nesting > MAX_SUBSTITUTION_PASSES) {
      errors.add(new ImportError(at, "", "definitions expand into each other too deeply"));
      return null;
    }
    if (text.startsWith("@")) {
      boolean reverse = text.startsWith("@^");
      int start = reverse ? 2 : 1;
      int space = indexOfBlank(text, start);
      if (space < 0) {
        return null; // keepalived drops an "@id" with nothing after it
      }
      String id = text.substring(start, space);
      boolean matches = instance.isPresent() && instance.get().equals(id);
      if (matches == reverse) {
        return null;
      }
      text = text.substring(space).strip();
      if (text.isEmpty()) {
        return null;
      }
    }
    if (text.startsWith("$")) {
      Matcher d = DEFINITION.matcher(text);
      if (d.matches()) {
        String value = d.group(2);
        if (value.endsWith("\\")) {
          definitions.put(d.group(1), value.substring(0, value.length() - 1).stripTrailing());
          return d.group(1);
        }
        definitions.put(d.group(1), value);
        return null;
      }
    }
    if (text.startsWith("~SEQ")) {
      sequence(text, at, depth, nesting);
      return null;
    }
    if (!text.startsWith("~") && !definitions.isEmpty() && text.indexOf('$') >= 0) {
      List<String> expanded = substitute(text, at);
      if (expanded != null) {
        String first = decomment(expanded.get(0), at, false);
        String started = first.isEmpty() ? null : process(first, at, depth, nesting + 1);
        for (int k = 1; k < expanded.size(); k++) {
          String next = decomment(expanded.get(k), at, false);
          if (!next.isEmpty()) {
            process(next, at, depth, nesting + 1);
          }
        }
        return started;
      }
    }
    Matcher inc = INCLUDE.matcher(text);
    if (inc.matches()) {
      include(inc.group(1).strip(), at, depth);
      return null;
    }
    emit(text, at);
    return null;
  }

  /** Replaces defined $NAME / ${NAME}; null when nothing was replaced. May yield several lines. */
  private List<String> substitute(String text, Location at) {
    StringBuilder sb = new StringBuilder();
    List<String> tail = new ArrayList<>();
    boolean replaced = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        sb.append(c);
        i++;
        continue;
      }
      boolean braces = text.charAt(i + 1) == '{';
      int nameStart = braces ? i + 2 : i + 1;
      int j = nameStart;
      while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
        j++;
      }
      String name = text.substring(nameStart, j);
      boolean wellFormed = !name.isEmpty() && !Character.isDigit(name.charAt(0))
          && (!braces || (j < text.length() && text.charAt(j) == '}'));
      String value = wellFormed ? definitions.get(name) : null;
      if (value == null) {
        sb.append(c);
        i++;
        continue;
      }
      replaced = true;
      int end = braces ? j + 1 : j;
      int newline = value.indexOf('\n');
      if (newline < 0) {
        sb.append(value);
      } else {
        // keepalived: the first line of a multi-line definition replaces the name; its other lines follow.
        sb.append(value, 0, newline);
        tail.addAll(List.of(value.substring(newline + 1).split("\n")));
      }
      i = end;
      if (sb.length() > MAX_LINE) {
        errors.add(new ImportError(at, "", "line longer than " + MAX_LINE + " characters after substituting definitions"));
        return List.of("");
      }
    }
    if (!replaced) {
      return null;
    }
    List<String> outLines = new ArrayList<>();
    outLines.add(sb.toString());
    outLines.addAll(tail);
    return outLines;
  }

  private void sequence(String text, Location at, int depth, int nesting) {
    List<String> expanded = definitions.isEmpty() ? null : substitute(text, at);
    String line = expanded == null ? text : expanded.get(0);
    Matcher m = SEQ.matcher(line);
    if (!m.matches()) {
      errors.add(new ImportError(at, "~SEQ", "invalid ~SEQ specification; expected ~SEQ(var, start, step, end) text"));
      return;
    }
    boolean hex = !m.group(1).isEmpty();
    String[] parts = m.group(2).split(",", -1);
    String var = parts[0].strip();
    if (!var.matches("[A-Za-z_][A-Za-z0-9_]*") || parts.length < 2 || parts.length > 4) {
      errors.add(new ImportError(at, "~SEQ", "invalid ~SEQ definition '" + m.group(2) + "'"));
      return;
    }
    long[] n = new long[parts.length - 1];
    for (int k = 1; k < parts.length; k++) {
      try {
        n[k - 1] = Long.decode(parts[k].strip());
      } catch (NumberFormatException e) {
        errors.add(new ImportError(at, "~SEQ", "invalid ~SEQ number '" + parts[k].strip() + "'"));
        return;
      }
    }
    long start;
    long step;
    long end;
    // keepalived: (end) counts from 1 (or -1); (start, end) steps by +/-1; (start, step, end).
    if (n.length == 1) {
      end = n[0];
      step = end < 1 ? -1 : 1;
      start = end < 0 ? -1 : 1;
    } else if (n.length == 2) {
      start = n[0];
      end = n[1];
      step = start <= end ? 1 : -1;
    } else {
      start = n[0];
      step = n[1];
      end = n[2];
      if (step == 0 || (start < end && step < 0) || (start > end && step > 0)) {
        errors.add(new ImportError(at, "~SEQ", "invalid ~SEQ values: the step never reaches the end"));
        return;
      }
    }
    if (hex && (start < 0 || end < 0)) {
      errors.add(new ImportError(at, "~SEQx", "~SEQx is only valid for positive numbers"));
      return;
    }
    String body = m.group(3).strip();
    if (body.isEmpty()) {
      return;
    }
    for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
      if (v > Long.MAX_VALUE - Math.abs(step) || v < Long.MIN_VALUE + Math.abs(step)) {
        return; // the next step would overflow
      }
      if (exploded) {
        return;
      }
      definitions.put(var, hex ? Long.toHexString(v) : Long.toString(v));
      process(body, at, depth, nesting + 1);
    }
  }

  private void include(String pattern, Location at, int depth) {
    if (depth + 1 > MAX_INCLUDE_DEPTH) {
      errors.add(new ImportError(at, "include", "includes nest deeper than " + MAX_INCLUDE_DEPTH
          + " levels (does a file include itself?)"));
      return;
    }
    Path including = displayBase.resolve(at.file()).getParent();
    List<Path> matches = Glob.expand(including == null ? displayBase : including, pattern);
    if (matches.isEmpty()) {
      errors.add(new ImportError(at, "include", "'" + pattern + "': no matching file"));
      return;
    }
    List<String> carried = pendingComments;
    pendingComments = new ArrayList<>();
    for (Path p : matches) {
      readFile(p, depth + 1, at);
      if (exploded) {
        return;
      }
    }
    if (!carried.isEmpty()) {
      pendingComments = carried;
    }
  }

  /** Splits at braces outside quotes (keepalived puts each brace on a line of its own) and tokenizes. */
  private void emit(String text, Location at) {
    StringBuilder segment = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (!quoted && (c == '{' || c == '}')) {
        add(segment.toString(), at, 0);
        add(String.valueOf(c), at, c == '{' ? 1 : -1);
        segment.setLength(0);
      } else {
        segment.append(c);
      }
    }
    add(segment.toString(), at, 0);
  }

  private void add(String segment, Location at, int brace) {
    List<String> words = words(segment);
    if (words.isEmpty()) {
      return;
    }
    if (out.size() >= MAX_LOGICAL_LINES) {
      explode(at, "the configuration expands to more than " + MAX_LOGICAL_LINES + " lines (a runaway ~SEQ or definition?)");
      return;
    }
    out.add(new LogicalLine(at, words, pendingComments, brace));
    pendingComments = new ArrayList<>();
  }

  /** keepalived's alloc_strvec: blank-separated words; "quoted text" is one word without its quotes. */
  static List<String> words(String s) {
    List<String> words = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0b) {
        i++;
        continue;
      }
      if (c == '"') {
        int close = s.indexOf('"', i + 1);
        if (close < 0) {
          words.add(s.substring(i + 1));
          break;
        }
        words.add(s.substring(i + 1, close));
        i = close + 1;
        continue;
      }
      int j = i;
      while (j < s.length() && " \t\r\n\f\u000b\"".indexOf(s.charAt(j)) < 0) {
        j++;
      }
      words.add(s.substring(i, j));
      i = j;
    }
    return words;
  }

  /**
   * keepalived's decomment: strips leading blanks, cuts at {@code #} or {@code !} outside quotes,
   * turns {@code \#} / {@code \!} into the plain character, keeps a trailing {@code \} (a
   * continuation) and strips trailing blanks.
   */
  private String decomment(String raw, Location at, boolean reportQuotes) {
    StringBuilder sb = new StringBuilder();
    boolean quoted = false;
    String s = raw.strip();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        if (!quoted && (n == '#' || n == '!')) {
          sb.append(n);
          i++;
          continue;
        }
        sb.append(c).append(n);
        i++;
        continue;
      } else if (!quoted && (c == '#' || c == '!')) {
        break;
      }
      sb.append(c);
    }
    if (quoted && reportQuotes) {
      errors.add(new ImportError(at, "", "unterminated quote"));
    }
    return sb.toString().strip();
  }

  private void explode(Location at, String message) {
    if (!exploded) {
      errors.add(new ImportError(at, "", message));
    }
    exploded = true;
  }

  private static int indexOfBlank(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
        return i;
      }
    }
    return -1;
  }

  /** Glob expansion as glob(3) with keepalived's flags: each path component may hold a pattern; sorted. */
  static final class Glob {
    private Glob() {}

    static List<Path> expand(Path base, String pattern) {
      Path p = Path.of(pattern);
      Path start = p.isAbsolute() ? p.getRoot() : base;
      List<Path> current = new ArrayList<>(List.of(start));
      try {
        for (int i = 0; i < p.getNameCount(); i++) {
          String part = p.getName(i).toString();
          List<Path> next = new ArrayList<>();
          boolean last = i == p.getNameCount() - 1;
          for (Path dir : current) {
            if (!part.matches(".*[*?\\[].*")) {
              Path candidate = dir.resolve(part);
              if (last ? Files.isRegularFile(candidate) : Files.isDirectory(candidate)) {
                next.add(candidate);
              }
              continue;
            }
            if (!Files.isDirectory(dir)) {
              continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, part)) {
              for (Path c : ds) {
                // glob(3) does not match dot files with a wildcard.
                if (!c.getFileName().toString().startsWith(".") || part.startsWith(".")) {
                  if (last ? Files.isRegularFile(c) : Files.isDirectory(c)) {
                    next.add(c);
                  }
                }
              }
            }
          }
          next.sort(null);
          current = next;
        }
      } catch (IOException | RuntimeException e) {
        return List.of();
      }
      List<Path> outPaths = new ArrayList<>();
      for (Path c : current) {
        outPaths.add(c.toAbsolutePath().normalize());
      }
      return outPaths;
    }
  }
}
