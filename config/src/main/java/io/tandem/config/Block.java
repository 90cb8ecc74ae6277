package io.tandem.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A reader over one HOCON object with its defaults. Every key read is remembered, so that
 * {@link #finish()} can report the keys nobody read as unknown, with a did-you-mean. A bad value
 * is reported (file, line, key path) and replaced by its default or a neutral value, so reading
 * goes on and every error of a file is found in one pass.
 */
final class Block {
  private final String path;
  private final ConfigObject raw;
  private final ConfigObject defaults;
  private final ConfigOrigin origin;
  private final Problems problems;
  private final Set<String> known = new LinkedHashSet<>();
  private final List<Block> children = new ArrayList<>();

  Block(String path, ConfigObject raw, ConfigObject defaults, ConfigOrigin origin, Problems problems) {
    this.path = path;
    this.raw = raw != null ? raw : ConfigFactory.empty().root();
    this.defaults = defaults != null ? defaults : ConfigFactory.empty().root();
    this.origin = raw != null ? raw.origin() : origin;
    this.problems = problems;
  }

  String path() {
    return path;
  }

  ConfigOrigin origin() {
    return origin;
  }

  Problems problems() {
    return problems;
  }

  String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean isSet(String key) {
    known.add(key);
    ConfigValue v = raw.get(key);
    return v != null && v.valueType() != ConfigValueType.NULL;
  }

  /** The user's value, else the default, else null (after reporting it missing when required). */
  private ConfigValue value(String key, boolean required) {
    known.add(key);
    ConfigValue v = raw.get(key);
    if (v != null && v.valueType() != ConfigValueType.NULL) {
      return v;
    }
    ConfigValue d = defaults.get(key);
    if (d != null && d.valueType() != ConfigValueType.NULL) {
      return d;
    }
    if (required) {
      problems.add(origin, keyPath(key), "missing (required)");
    }
    return null;
  }

  void error(String key, String message) {
    ConfigValue v = raw.get(key);
    problems.add(v != null ? v.origin() : origin, keyPath(key), message);
  }

  void error(ConfigValue at, String key, String message) {
    problems.add(at != null ? at.origin() : origin, keyPath(key), message);
  }

  ConfigValue rawValue(String key) {
    known.add(key);
    return raw.get(key);
  }

  // --- scalars -------------------------------------------------------------------------------

  String string(String key, boolean required) {
    ConfigValue v = value(key, required);
    if (v == null) {
      return "";
    }
    return switch (v.valueType()) {
      case STRING, NUMBER, BOOLEAN -> String.valueOf(v.unwrapped());
      default -> {
        error(v, key, "must be a single value, got " + describe(v));
        yield "";
      }
    };
  }

  Optional<String> optionalString(String key) {
    String s = string(key, false);
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  int integer(String key, int min, int max, boolean required) {
    ConfigValue v = value(key, required);
    if (v == null) {
      return min;
    }
    Object u = v.unwrapped();
    if (v.valueType() != ConfigValueType.NUMBER || !(u instanceof Integer || u instanceof Long)) {
      error(v, key, "must be a whole number, got " + describe(v));
      return min;
    }
    long n = ((Number) u).longValue();
    if (n < min || n > max) {
      error(v, key, "must be " + min + ".." + max + ", got " + n);
      return (int) Math.max(min, Math.min(max, n));
    }
    return (int) n;
  }

  boolean bool(String key) {
    ConfigValue v = value(key, true);
    if (v == null) {
      return false;
    }
    if (v.valueType() == ConfigValueType.BOOLEAN) {
      return (Boolean) v.unwrapped();
    }
    error(v, key, "must be true or false, got " + describe(v));
    return false;
  }

  /** A duration with a unit; a bare number is refused (HOCON would silently read it as ms). */
  Duration duration(String key, Duration min, Duration max) {
    ConfigValue v = value(key, true);
    if (v == null) {
      return min;
    }
    if (v.valueType() == ConfigValueType.NUMBER) {
      error(v, key, "needs a unit, e.g. '" + v.unwrapped() + "s' or '" + v.unwrapped() + "ms', got " + v.unwrapped());
      return min;
    }
    Duration d;
    try {
      d = ConfigFactory.empty().withValue("d", v).getDuration("d");
    } catch (ConfigException e) {
      error(v, key, "must be a duration such as 100ms, 2s or 5m, got " + describe(v));
      return min;
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      error(v, key, "must be " + human(min) + ".." + human(max) + ", got " + human(d));
      return d.compareTo(min) < 0 ? min : max;
    }
    return d;
  }

  long bytes(String key, long min, long max) {
    ConfigValue v = value(key, true);
    if (v == null) {
      return min;
    }
    long n;
    try {
      n = ConfigFactory.empty().withValue("b", v).getBytes("b");
    } catch (ConfigException e) {
      error(v, key, "must be a size such as 64KiB or 1MiB, got " + describe(v));
      return min;
    }
    if (n < min || n > max) {
      error(v, key, "must be " + min + ".." + max + " bytes, got " + n);
      return Math.max(min, Math.min(max, n));
    }
    return n;
  }

  /** A lower-case word from a fixed set, mapped to an enum or other value. */
  <T> T oneOf(String key, Collection<String> words, Function<String, T> map, boolean required) {
    String s = string(key, required);
    if (s.isEmpty()) {
      return null;
    }
    if (!words.contains(s)) {
      error(key, "must be one of " + String.join(", ", words) + ", got '" + s + "'" + Suggest.didYouMean(s, words));
      return null;
    }
    return map.apply(s);
  }

  static <E extends Enum<E>> List<String> words(Class<E> type) {
    List<String> out = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      out.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    return out;
  }

  static <E extends Enum<E>> E enumOf(Class<E> type, String word) {
    return Enum.valueOf(type, word.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  // --- lists and nesting ------------------------------------------------------------------

  /** A list value; a single scalar is refused with a hint to use brackets. */
  List<ConfigValue> list(String key, boolean required) {
    ConfigValue v = value(key, required);
    if (v == null) {
      return List.of();
    }
    if (v.valueType() != ConfigValueType.LIST) {
      error(v, key, "must be a list in [ ], got " + describe(v));
      return List.of();
    }
    @SuppressWarnings("unchecked")
    List<ConfigValue> items = (List<ConfigValue>) (List<?>) ((com.typesafe.config.ConfigList) v);
    return items;
  }

  List<String> strings(String key, boolean required) {
    List<String> out = new ArrayList<>();
    for (ConfigValue item : list(key, required)) {
      if (item.valueType() == ConfigValueType.STRING || item.valueType() == ConfigValueType.NUMBER) {
        out.add(String.valueOf(item.unwrapped()));
      } else {
        error(item, key, "list items must be single values, got " + describe(item));
      }
    }
    return out;
  }

  /**
   * A command: either a string (one executable path, never split on spaces or run through a shell)
   * or a list [path, args...]. The path must be absolute. Empty when unset.
   */
  List<String> command(String key) {
    ConfigValue v = value(key, false);
    if (v == null) {
      return List.of();
    }
    List<String> argv = v.valueType() == ConfigValueType.LIST ? strings(key, false) : List.of(string(key, false));
    if (argv.isEmpty() || argv.get(0).isEmpty()) {
      return List.of();
    }
    if (!argv.get(0).startsWith("/")) {
      error(v, key, "must be an absolute path, got '" + argv.get(0) + "'");
    } else if (v.valueType() == ConfigValueType.STRING && argv.get(0).contains(" ")) {
      error(v, key, "is one path, never split on spaces; write arguments as a list: [\"/path/to/script\", \"arg\"]");
    }
    return argv;
  }

  /** A nested block with its own defaults; its unknown keys are reported by this block's finish(). */
  Block child(String key) {
    return child(key, defaults.get(key) instanceof ConfigObject o ? o : null);
  }

  /** A nested block whose defaults come from elsewhere (e.g. the check defaults for a real server). */
  Block child(String key, ConfigObject childDefaults) {
    known.add(key);
    ConfigValue v = raw.get(key);
    ConfigObject rawChild = null;
    if (v != null && v.valueType() != ConfigValueType.NULL) {
      if (v.valueType() == ConfigValueType.OBJECT) {
        rawChild = (ConfigObject) v;
      } else {
        error(v, key, "must be a block in { }, got " + describe(v));
      }
    }
    Block b = new Block(keyPath(key), rawChild, childDefaults, rawChild != null ? rawChild.origin() : origin, problems);
    children.add(b);
    return b;
  }

  /** A block made of one list item (no defaults of its own beyond {@code defaults}). */
  Block item(String key, int index, ConfigValue item, ConfigObject itemDefaults) {
    if (item.valueType() != ConfigValueType.OBJECT) {
      error(item, key, "item " + (index + 1) + " must be a block in { }, got " + describe(item));
      return null;
    }
    Block b = new Block(keyPath(key) + "[" + index + "]", (ConfigObject) item, itemDefaults, item.origin(), problems);
    children.add(b);
    return b;
  }

  /** Reports every key of this block and its children that no reader asked for. */
  void finish() {
    Set<String> knownWithDefaults = new TreeSet<>(known);
    knownWithDefaults.addAll(defaults.keySet());
    for (String key : raw.keySet()) {
      if (!known.contains(key)) {
        String hint = Suggest.didYouMean(key, knownWithDefaults);
        problems.add(raw.get(key).origin(), keyPath(key), "unknown key" + hint);
      }
    }
    for (Block c : children) {
      c.finish();
    }
  }

  static String describe(ConfigValue v) {
    return switch (v.valueType()) {
      case OBJECT -> "a block";
      case LIST -> "a list";
      case NULL -> "null";
      case STRING -> "'" + v.unwrapped() + "'";
      default -> String.valueOf(v.unwrapped());
    };
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 == 0) {
      return (ms / 1000) + "s";
    }
    return ms + "ms";
  }
}
