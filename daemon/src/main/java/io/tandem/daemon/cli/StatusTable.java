package io.tandem.daemon.cli;

import io.tandem.daemon.control.StatusView;
import io.tandem.daemon.control.StatusView.InstanceView;
import io.tandem.daemon.control.StatusView.ServerView;
import io.tandem.daemon.control.StatusView.ServiceView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Renders {@code tandem status} for a terminal: aligned columns, the reasons spelled out. */
final class StatusTable {
  private StatusTable() {}

  static String render(StatusView s, Instant now) {
    StringBuilder sb = new StringBuilder();
    sb.append("node ").append(s.node()).append("  tandem ").append(s.version())
        .append("  up ").append(human(Duration.ofSeconds(s.uptimeSeconds()))).append("\n\n");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("INSTANCE", "IF/VRID", "STATE", "PRIO", "MASTER", "SINCE", "LAST CHANGE", "PRIORITY BECAUSE"));
    for (InstanceView i : s.instances()) {
      String since = i.lastTransitionEpochMillis() == 0 ? "-"
          : human(Duration.between(Instant.ofEpochMilli(i.lastTransitionEpochMillis()), now)) + " ago";
      rows.add(List.of(i.name(), i.interfaceName() + "/" + i.vrid(), i.state(),
          i.effectivePriority() + (i.effectivePriority() != i.basePriority() ? " (" + i.basePriority() + ")" : ""),
          nullToDash(i.masterAddress()), since, nullToDash(i.lastTransition()) + (i.lastReason() == null ? "" : " (" + i.lastReason() + ")"),
          i.priorityReasons().isEmpty() ? "-" : String.join("; ", i.priorityReasons())));
    }
    table(sb, rows);
    for (ServiceView v : s.services()) {
      sb.append('\n').append(v.name()).append("  ").append(v.address()).append("  ").append(v.engine()).append('/')
          .append(v.scheduler()).append("  quorum ").append(v.quorumUp() ? "UP" : "DOWN")
          .append(v.sorryActive() ? "  SORRY SERVER ACTIVE" : "").append('\n');
      List<List<String>> srows = new ArrayList<>();
      srows.add(List.of("  REAL SERVER", "HEALTH", "WEIGHT", "LAST CHECK", "LATENCY"));
      for (ServerView r : v.servers()) {
        srows.add(List.of("  " + r.address(), (r.up() ? "UP" : "DOWN") + (r.drained() ? " drained" : ""),
            r.weight() + (r.weight() != r.configuredWeight() ? " (" + r.configuredWeight() + ")" : ""),
            nullToDash(r.lastResult()), String.format("%.1f ms", r.lastLatencyMillis())));
      }
      table(sb, srows);
    }
    return sb.toString();
  }

  private static void table(StringBuilder sb, List<List<String>> rows) {
    int cols = rows.get(0).size();
    int[] w = new int[cols];
    for (List<String> r : rows) {
      for (int c = 0; c < cols; c++) {
        w[c] = Math.max(w[c], r.get(c).length());
      }
    }
    for (List<String> r : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < cols; c++) {
        line.append(c == cols - 1 ? r.get(c) : pad(r.get(c), w[c] + 2));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static String pad(String s, int n) {
    return s.length() >= n ? s : s + " ".repeat(n - s.length());
  }

  private static String nullToDash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }

  static String human(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 7200) {
      return (s / 60) + "m";
    }
    if (s < 172_800) {
      return (s / 3600) + "h";
    }
    return (s / 86_400) + "d";
  }
}
