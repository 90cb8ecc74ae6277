package io.tandem.migrate;

import io.tandem.migrate.Preprocessor.LogicalLine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Nests logical lines into statements with blocks. A "{" opens a block for the statement just
 * before it (on the same line or the next, as keepalived allows); an extra "}" and a block never
 * closed are errors naming the line of the brace or of the statement that opened the block.
 */
final class TreeBuilder {
  private TreeBuilder() {}

  static Node build(List<LogicalLine> lines, List<ImportError> errors) {
    Node root = new Node("", List.of(), new Location("", 0), List.of());
    root.hasBlock = true;
    Deque<Node> open = new ArrayDeque<>();
    open.push(root);
    Node previous = null;
    for (LogicalLine line : lines) {
      if (line.isOpen()) {
        if (previous == null || previous.hasBlock) {
          errors.add(new ImportError(line.at(), "{", "'{' without a keyword before it"));
          // Keep nesting balanced so that later errors point at the right places.
          previous = new Node("{", List.of(), line.at(), List.of());
        }
        previous.hasBlock = true;
        open.push(previous);
        previous = null;
        continue;
      }
      if (line.isClose()) {
        if (open.size() == 1) {
          errors.add(new ImportError(line.at(), "}", "extra '}' (no block is open here)"));
        } else {
          open.pop();
        }
        previous = null;
        continue;
      }
      List<String> words = line.words();
      Node n = new Node(words.get(0), words.subList(1, words.size()), line.at(), line.comments());
      open.peek().children.add(n);
      previous = n;
    }
    List<Node> unclosed = new ArrayList<>(open);
    for (Node n : unclosed) {
      if (n != root) {
        errors.add(new ImportError(n.at, n.keyword, "the block opened here is never closed (missing '}')"));
      }
    }
    return root;
  }
}
