package io.tandem.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One keepalived statement: a keyword, its arguments, and the statements of its { } block if it has one. */
final class Node {
  final String keyword;
  final List<String> args;
  final Location at;
  final List<String> comments;
  final List<Node> children = new ArrayList<>();
  boolean hasBlock;

  Node(String keyword, List<String> args, Location at, List<String> comments) {
    this.keyword = keyword;
    this.args = List.copyOf(args);
    this.at = at;
    this.comments = List.copyOf(comments);
  }

  String arg(int i) {
    return i < args.size() ? args.get(i) : "";
  }

  /** The words of this line after the keyword, joined as keepalived's "rest of the line". */
  String rest() {
    return String.join(" ", args);
  }

  List<Node> all(String kw) {
    return children.stream().filter(c -> c.keyword.equals(kw)).toList();
  }

  Optional<Node> last(String... keywords) {
    Node found = null;
    for (Node c : children) {
      for (String k : keywords) {
        if (c.keyword.equals(k)) {
          found = c;
        }
      }
    }
    return Optional.ofNullable(found);
  }

  @Override
  public String toString() {
    return keyword + (args.isEmpty() ? "" : " " + rest()) + (hasBlock ? " { " + children.size() + " }" : "") + " @" + at;
  }
}
