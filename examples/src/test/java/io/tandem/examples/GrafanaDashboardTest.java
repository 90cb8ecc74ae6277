package io.tandem.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.config.ConfigLoader;
import io.tandem.config.ConfigResult;
import io.tandem.daemon.Daemon;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * The shipped Grafana dashboard ({@code grafana/tandem-dashboard.json}) queries only metrics the
 * daemon really exposes, and is well-formed enough for Grafana to import.
 *
 * <p>The registered families come from the real composition root: a {@link Daemon} started with an
 * empty configuration (no instances, no services) registers every family and lists each one in
 * {@code /metrics} with its {@code # TYPE} line even before it has a sample. So renaming a metric in
 * the daemon without updating the dashboard fails here, with no hand-kept list to go stale.
 */
class GrafanaDashboardTest {
  private static final Path DASHBOARD = Path.of(System.getProperty("user.dir"), "grafana", "tandem-dashboard.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern METRIC = Pattern.compile("\\btandem_[a-zA-Z0-9_:]*");
  private static final Pattern TYPE_LINE = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);
  private static final List<String> HISTOGRAM_SERIES = List.of("_bucket", "_sum", "_count");

  private static JsonNode dashboard;

  @BeforeAll
  static void load() throws IOException {
    dashboard = JSON.readTree(DASHBOARD.toFile());
  }

  @Test
  void everyMetricInTheDashboardIsAFamilyTheDaemonRegisters(@TempDir Path tmp) throws Exception {
    Map<String, String> families = registeredFamilies(tmp);
    assertTrue(families.containsKey("tandem_vrrp_state"), "sanity: the daemon's scrape lists its families: " + families);
    List<String> problems = new ArrayList<>();
    Set<String> used = new TreeSet<>();
    for (String expr : queries()) {
      Matcher m = METRIC.matcher(expr);
      while (m.find()) {
        String name = m.group();
        used.add(name);
        String problem = check(name, families, expr, m.end());
        if (problem != null) {
          problems.add(problem + "\n    in: " + expr);
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems) + "\nregistered families: " + families.keySet());
    assertTrue(used.size() >= 15, "the dashboard should cover the daemon's metrics, uses only " + used);
  }

  /** Null if {@code name} (found in {@code expr}, ending at {@code end}) is queried correctly. */
  private static String check(String name, Map<String, String> families, String expr, int end) {
    String type = families.get(name);
    if (type == null) {
      for (String suffix : HISTOGRAM_SERIES) {
        String base = name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : null;
        if (base != null && "histogram".equals(families.get(base))) {
          return null;
        }
      }
      return name + " is not a metric the daemon registers";
    }
    if (type.equals("histogram")) {
      return name + " is a histogram: query " + name + "_bucket (or _sum, _count)";
    }
    // A counter's raw value is meaningless on a graph (it resets on restart): rate or increase it.
    // (label_values() in a template variable only reads its labels.)
    if (type.equals("counter")
        && !expr.substring(0, end - name.length()).matches("(?s).*\\b(rate|irate|increase|label_values)\\(\\s*$")) {
      return name + " is a counter: wrap it in rate() or increase()";
    }
    return null;
  }

  @Test
  void panelsHaveUniqueIdsATemplatedDataSourceAndDoNotOverlap() {
    Set<Integer> ids = new HashSet<>();
    boolean[][] taken = new boolean[200][24];
    for (JsonNode p : dashboard.path("panels")) {
      String title = p.path("title").asText();
      assertTrue(ids.add(p.path("id").asInt()), "duplicate panel id in " + title);
      JsonNode pos = p.path("gridPos");
      int x = pos.path("x").asInt();
      int y = pos.path("y").asInt();
      int w = pos.path("w").asInt();
      int h = pos.path("h").asInt();
      assertTrue(w > 0 && h > 0 && x >= 0 && x + w <= 24, title + ": gridPos " + pos);
      for (int r = y; r < y + h; r++) {
        for (int c = x; c < x + w; c++) {
          assertFalse(taken[r][c], title + " overlaps another panel at row " + r + ", column " + c);
          taken[r][c] = true;
        }
      }
      if (p.path("type").asText().equals("row")) {
        continue;
      }
      assertEquals("${datasource}", p.path("datasource").path("uid").asText(), title + ": data source");
      JsonNode targets = p.path("targets");
      assertTrue(targets.isArray() && !targets.isEmpty(), title + ": no queries");
      Set<String> refIds = new HashSet<>();
      for (JsonNode t : targets) {
        assertTrue(refIds.add(t.path("refId").asText()), title + ": duplicate refId");
        assertFalse(t.path("expr").asText().isBlank(), title + ": empty query");
        assertTrue(t.path("expr").asText().contains("instance=~\"$node\""), title + ": ignores the director picker");
      }
    }
    Set<String> variables = new HashSet<>();
    dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
    assertEquals(Set.of("datasource", "job", "node"), variables);
  }

  @Test
  void everyExpressionIsValidPromql(@TempDir Path tmp) throws Exception {
    String promtool = findCommand("promtool");
    if (promtool == null) {
      String why = "promtool not found (Debian package prometheus)";
      if (Boolean.getBoolean("tandem.require.all") || "true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("prerequisite missing (CI mode turns skips into failures): " + why);
      }
      throw new TestAbortedException(why);
    }
    // promtool checks recording rules, so each query becomes one, with Grafana's variables filled in.
    List<String> exprs = new ArrayList<>();
    collect(dashboard, "expr", exprs);
    StringBuilder rules = new StringBuilder("groups:\n- name: dashboard\n  rules:\n");
    for (int i = 0; i < exprs.size(); i++) {
      String e = exprs.get(i).replace("$__rate_interval", "2m").replace("$__range", "6h")
          .replace("$job", ".*").replace("$node", ".*");
      rules.append("  - record: dashboard:query").append(i).append('\n')
          .append("    expr: ").append(JSON.writeValueAsString(e)).append('\n');
    }
    Path file = tmp.resolve("dashboard-rules.yml");
    Files.writeString(file, rules);
    Process p = new ProcessBuilder(promtool, "check", "rules", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool hung");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains(exprs.size() + " rules found"), out);
  }

  /** Every PromQL text in the dashboard: panel queries, annotations and template variables. */
  private static List<String> queries() {
    List<String> out = new ArrayList<>();
    collect(dashboard, "expr", out);
    dashboard.path("templating").path("list").forEach(v -> {
      if (v.path("query").isTextual() && v.path("type").asText().equals("query")) {
        out.add(v.path("query").asText());
      }
    });
    return out;
  }

  private static void collect(JsonNode node, String field, List<String> out) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        if (e.getKey().equals(field) && e.getValue().isTextual()) {
          out.add(e.getValue().asText());
        } else {
          collect(e.getValue(), field, out);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, field, out));
    }
  }

  /** Starts a daemon with nothing configured and reads its family names and types from /metrics. */
  private static Map<String, String> registeredFamilies(Path tmp) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.createDirectories(tmp.resolve("conf.d"));
    Path conf = tmp.resolve("tandem.conf");
    Files.writeString(conf, """
        tandem {
          node-id = dashboard-test
          include-dir = conf.d
          control.socket = "%s"
          metrics.listen = "127.0.0.1:%d"
        }
        """.formatted(tmp.resolve("run/tandem.sock"), port));
    ConfigResult config = ConfigLoader.load(conf);
    assertTrue(config.ok(), "test config: " + config.errors());
    String scrape;
    try (Daemon daemon = Daemon.start(conf, config.config().orElseThrow(), "test")) {
      assertEquals("dashboard-test", daemon.status().node());
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      scrape = r.body();
    }
    Map<String, String> families = new LinkedHashMap<>();
    Matcher m = TYPE_LINE.matcher(scrape);
    while (m.find()) {
      families.put(m.group(1), m.group(2));
    }
    return families;
  }

  private static String findCommand(String name) {
    for (String dir : (System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin").split(":")) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    return null;
  }
}
