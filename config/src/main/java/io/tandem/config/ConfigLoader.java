package io.tandem.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.tandem.config.model.GlobalSettings;
import io.tandem.config.model.HostPort;
import io.tandem.config.model.SyncGroupConfig;
import io.tandem.config.model.TandemConfig;
import io.tandem.config.model.VirtualServerConfig;
import io.tandem.config.model.VrrpInstanceConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads a Tandem configuration: the main file, then every {@code *.conf} in its include directory
 * in name order, each checked against the reference ({@code tandem-reference.conf}) and then
 * across files. Never throws for bad input: every problem becomes a {@link ConfigError}.
 */
public final class ConfigLoader {
  static final String REFERENCE = "tandem-reference.conf";
  private static final List<String> MAIN_KEYS = List.of("tandem", "defaults", "vrrp", "virtual-servers", "sync-groups");
  private static final List<String> INCLUDE_KEYS = List.of("vrrp", "virtual-servers", "sync-groups");
  private static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");

  private ConfigLoader() {}

  /** The reference configuration with every default, as shipped. */
  public static Config reference() {
    return ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), REFERENCE,
        ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
  }

  public static ConfigResult load(Path mainFile) {
    Path base = mainFile.toAbsolutePath().normalize().getParent();
    Problems problems = new Problems(base == null ? Path.of("/") : base);
    try {
      return loadChecked(mainFile, problems);
    } catch (RuntimeException e) {
      // A bug of ours must still not surface as a stack trace to the operator running `check`.
      problems.add(problems.display(mainFile), 0, "", "internal error while checking: " + e);
      return new ConfigResult(Optional.empty(), problems.sorted());
    }
  }

  private static ConfigResult loadChecked(Path mainFile, Problems problems) {
    Config reference = reference();
    List<Path> files = new ArrayList<>();
    Config main = parse(mainFile, problems);
    if (main == null) {
      return new ConfigResult(Optional.empty(), problems.sorted());
    }
    files.add(mainFile);
    checkTopLevel(main, MAIN_KEYS, "", problems);

    Block tandem = new Block("tandem", object(main, "tandem", problems), reference.getObject("tandem"), main.origin(), problems);
    GlobalSettings global = global(tandem, mainFile);

    Config defaults = mergedDefaults(main, reference, problems);
    Entries entries = new Entries();
    entries.collect(main, problems);
    Path includeDir = global.includeDir();
    if (Files.isDirectory(includeDir)) {
      for (Path f : confFiles(includeDir, problems)) {
        Config c = parse(f, problems);
        if (c != null) {
          files.add(f);
          checkTopLevel(c, INCLUDE_KEYS, "the main file", problems);
          entries.collect(c, problems);
        }
      }
    } else if (tandem.isSet("include-dir")) {
      tandem.error("include-dir", "directory " + includeDir + " does not exist");
    }

    ConfigObject trackScriptDefaults = defaults.getObject("track-script");
    Map<String, VrrpInstanceConfig> instances = new LinkedHashMap<>();
    entries.vrrp.forEach((name, obj) -> {
      Block b = new Block("vrrp." + name, obj, defaults.getObject("vrrp"), obj.origin(), problems);
      instances.put(name, VrrpReader.read(name, b, trackScriptDefaults));
      b.finish();
    });
    Map<String, VirtualServerConfig> services = new LinkedHashMap<>();
    entries.services.forEach((name, obj) -> {
      Block b = new Block("virtual-servers." + name, obj, defaults.getObject("virtual-server"), obj.origin(), problems);
      services.put(name, VirtualServerReader.read(name, b, defaults.getObject("real-server"), defaults.getObject("check")));
      b.finish();
    });
    Map<String, SyncGroupConfig> groups = new LinkedHashMap<>();
    entries.groups.forEach((name, obj) -> {
      Block b = new Block("sync-groups." + name, obj, defaults.getObject("sync-group"), obj.origin(), problems);
      List<String> members = b.strings("instances", true);
      groups.put(name, new SyncGroupConfig(name, VrrpReader.origin(b), members, VrrpReader.notify(b.child("notify"))));
      b.finish();
    });
    tandem.finish();

    Map<String, VrrpInstanceConfig> withGroups = CrossChecks.run(instances, groups, services, entries.origins, problems);
    if (!problems.isEmpty()) {
      return new ConfigResult(Optional.empty(), problems.sorted());
    }
    return new ConfigResult(Optional.of(new TandemConfig(global, withGroups, groups, services, files)), List.of());
  }

  private static GlobalSettings global(Block t, Path mainFile) {
    String nodeId = t.string("node-id", false);
    if (nodeId.isEmpty()) {
      nodeId = hostName();
    }
    Path base = mainFile.toAbsolutePath().getParent();
    Path includeDir = base.resolve(t.string("include-dir", true)).normalize();
    Path socket = Path.of(t.child("control").string("socket", true));
    if (!socket.isAbsolute()) {
      t.error("control", "control.socket must be an absolute path, got '" + socket + "'");
    }
    Block metrics = t.child("metrics");
    Optional<HostPort> listen = Optional.empty();
    String listenText = metrics.string("listen", false);
    if (!listenText.isEmpty()) {
      try {
        listen = Optional.of(Addresses.hostPort(listenText, true));
      } catch (IllegalArgumentException e) {
        metrics.error("listen", e.getMessage());
      }
    }
    String level = t.child("log").oneOf("level", LOG_LEVELS, w -> w, true);
    Duration wait = t.child("startup").duration("interface-wait", Duration.ZERO, Duration.ofHours(1));
    Block scripts = t.child("scripts");
    boolean security = scripts.bool("security");
    Optional<String> user = scripts.optionalString("user");
    boolean removeForwarding = t.child("shutdown").bool("remove-forwarding");
    return new GlobalSettings(nodeId, includeDir, socket, listen, level == null ? "info" : level, wait, security, user,
        removeForwarding);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** The main file's {@code defaults} over the reference's; unknown default keys are errors too. */
  private static Config mergedDefaults(Config main, Config reference, Problems problems) {
    ConfigObject user = object(main, "defaults", problems);
    ConfigObject ref = reference.getObject("defaults");
    if (user == null) {
      return ref.toConfig();
    }
    Block check = new Block("defaults", user, ref, user.origin(), problems);
    markAll(check, ref);
    check.finish();
    return user.toConfig().withFallback(ref);
  }

  /** Walks the reference tree so that every reference key counts as known, recursively. */
  private static void markAll(Block b, ConfigObject ref) {
    for (Map.Entry<String, ConfigValue> e : ref.entrySet()) {
      if (e.getValue().valueType() == ConfigValueType.OBJECT) {
        markAll(b.child(e.getKey()), (ConfigObject) e.getValue());
      } else {
        b.rawValue(e.getKey());
      }
    }
  }

  private static ConfigObject object(Config c, String key, Problems problems) {
    ConfigValue v = c.root().get(key);
    if (v == null) {
      return null;
    }
    if (v.valueType() != ConfigValueType.OBJECT) {
      problems.add(v.origin(), key, "must be a block in { }, got " + Block.describe(v));
      return null;
    }
    return (ConfigObject) v;
  }

  private static void checkTopLevel(Config c, List<String> allowed, String onlyIn, Problems problems) {
    for (Map.Entry<String, ConfigValue> e : c.root().entrySet()) {
      String key = e.getKey();
      if (!allowed.contains(key)) {
        String where = MAIN_KEYS.contains(key) && !onlyIn.isEmpty() ? " (allowed only in " + onlyIn + ")" : "";
        problems.add(e.getValue().origin(), key,
            "unknown top-level key" + where + Suggest.didYouMean(key, allowed));
      }
    }
  }

  private static List<Path> confFiles(Path dir, Problems problems) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".conf") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      problems.add(problems.display(dir), 0, "", "cannot list directory: " + e.getMessage());
      return List.of();
    }
  }

  /** Parses and resolves one file; null (with the error recorded) when it cannot be read. */
  static Config parse(Path file, Problems problems) {
    if (!Files.isRegularFile(file)) {
      problems.add(problems.display(file), 0, "", "cannot read: no such file");
      return null;
    }
    try {
      Config c = ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
      return c.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
    } catch (ConfigException e) {
      ConfigOrigin o = e.origin();
      String message = e.getMessage();
      // typesafe prefixes the origin ("file: 4: "); we print our own.
      int cut = message.indexOf(": ", message.indexOf(": ") + 1);
      if (o != null && o.lineNumber() > 0 && cut > 0 && message.startsWith(o.description().split(":")[0])) {
        message = message.substring(cut + 2);
      }
      problems.add(problems.display(file), o == null ? 0 : Math.max(0, o.lineNumber()), "", "syntax: " + message);
      return null;
    }
  }

  /** Named entries from all files; a name defined twice is an error at its second definition. */
  private static final class Entries {
    final Map<String, ConfigObject> vrrp = new LinkedHashMap<>();
    final Map<String, ConfigObject> services = new LinkedHashMap<>();
    final Map<String, ConfigObject> groups = new LinkedHashMap<>();
    final Map<String, ConfigOrigin> origins = new LinkedHashMap<>();

    void collect(Config c, Problems problems) {
      collect(c, "vrrp", vrrp, problems);
      collect(c, "virtual-servers", services, problems);
      collect(c, "sync-groups", groups, problems);
    }

    private void collect(Config c, String section, Map<String, ConfigObject> into, Problems problems) {
      ConfigObject all = object(c, section, problems);
      if (all == null) {
        return;
      }
      for (Map.Entry<String, ConfigValue> e : all.entrySet()) {
        String name = e.getKey();
        ConfigValue v = e.getValue();
        if (v.valueType() != ConfigValueType.OBJECT) {
          problems.add(v.origin(), section + "." + name, "must be a block in { }, got " + Block.describe(v));
          continue;
        }
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
          problems.add(v.origin(), section + "." + name, "names are 1..64 letters, digits, '-' or '_'");
        }
        ConfigOrigin earlier = origins.get(section + "." + name);
        if (earlier != null) {
          problems.add(v.origin(), section + "." + name,
              "defined twice; first at " + problems.fileOf(earlier) + ":" + earlier.lineNumber());
          continue;
        }
        origins.put(section + "." + name, v.origin());
        into.put(name, (ConfigObject) v);
      }
    }
  }
}
