package io.tandem.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a keepalived script string into argv as keepalived does for executable scripts (words
 * separated by blanks, single and double quotes group, backslash escapes), and tells whether the
 * string uses shell syntax that only {@code /bin/sh} would give meaning to.
 */
final class ShellWords {
  /** Characters a shell interprets outside quotes; keepalived hands such strings to system(3). */
  private static final String SHELL_SYNTAX = "|&;<>()$`*?[]~{}";

  record Split(List<String> words, boolean shellSyntax, boolean balanced) {}

  private ShellWords() {}

  static Split split(String s) {
    List<String> words = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    boolean syntax = false;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < s.length() && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) {
          cur.append(s.charAt(++i));
        } else {
          if (quote == '"' && (c == '$' || c == '`')) {
            syntax = true;
          }
          cur.append(c);
        }
        continue;
      }
      if (c == ' ' || c == '\t') {
        if (inWord) {
          words.add(cur.toString());
          cur.setLength(0);
          inWord = false;
        }
        continue;
      }
      inWord = true;
      if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '\\' && i + 1 < s.length()) {
        cur.append(s.charAt(++i));
      } else {
        if (SHELL_SYNTAX.indexOf(c) >= 0 || (c == '=' && words.isEmpty() && cur.length() > 0)) {
          syntax = true;
        }
        cur.append(c);
      }
    }
    if (inWord) {
      words.add(cur.toString());
    }
    return new Split(words, syntax, quote == 0);
  }
}
