package io.tandem.migrate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which keywords keepalived 2.x accepts in which block ({@code keepalived-keywords.txt}), so that a
 * typo is an error with a did-you-mean while a real keepalived keyword Tandem cannot carry is a
 * report item. Blocks whose lines are data rather than keywords (addresses, member names) are
 * listed in {@link #VALUE_BLOCKS}.
 */
final class KeywordTable {
  static final String TOP = ".";
  /** Blocks whose lines are values (keepalived's alloc_value_block), never keywords. */
  static final Set<String> VALUE_BLOCKS = Set.of("virtual_ipaddress", "virtual_ipaddress_excluded", "virtual_routes",
      "virtual_rules", "track_interface", "track_script", "track_file", "track_process", "track_bfd", "unicast_peer",
      "notification_email", "static_ipaddress", "static_routes", "static_rules", "group", "virtual_server_group",
      "linkbeat_interfaces", "interfaces", "interface_up_down_delays", "process_names");

  private static final KeywordTable INSTANCE = load();
  private final Map<String, Set<String>> byContext;

  private KeywordTable(Map<String, Set<String>> byContext) {
    this.byContext = byContext;
  }

  static KeywordTable get() {
    return INSTANCE;
  }

  boolean hasContext(String context) {
    return byContext.containsKey(context);
  }

  Set<String> keywords(String context) {
    return byContext.getOrDefault(context, Set.of());
  }

  boolean knows(String context, String keyword) {
    return keywords(context).contains(keyword);
  }

  /** The context of the block opened by {@code keyword} inside {@code context}. */
  static String child(String context, String keyword) {
    return context.equals(TOP) ? keyword : context + "/" + keyword;
  }

  /** Where else keepalived accepts this keyword (for "belongs in X" hints). */
  Optional<String> contextOf(String keyword) {
    return byContext.entrySet().stream().filter(e -> e.getValue().contains(keyword)).map(Map.Entry::getKey)
        .sorted().findFirst();
  }

  private static KeywordTable load() {
    Map<String, Set<String>> map = new HashMap<>();
    try (InputStream in = KeywordTable.class.getResourceAsStream("keepalived-keywords.txt")) {
      if (in == null) {
        throw new IllegalStateException("keepalived-keywords.txt missing from the jar");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.strip().split("\\s+");
        map.computeIfAbsent(parts[0], k -> new TreeSet<>()).add(parts[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new KeywordTable(map);
  }

  static List<String> sorted(Set<String> s) {
    return List.copyOf(new TreeSet<>(s));
  }
}
