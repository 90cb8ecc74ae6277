package io.tandem.vrrp.fsm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The current value of every track of one instance, immutable; {@link #effectivePriority} turns it
 * into the priority the instance advertises.
 */
public final class TrackState {
  /** Per track: whether it is up/succeeding, the consecutive run for rise/fall, the file or external value. */
  record Value(boolean up, int streak, int number, boolean forcedFault) {}

  private final List<TrackSpec> specs;
  private final Map<String, Value> values;

  private TrackState(List<TrackSpec> specs, Map<String, Value> values) {
    this.specs = specs;
    this.values = values;
  }

  /** Interfaces start up, scripts start succeeding unless {@code initiallyFailed}, files and externals at 0. */
  public static TrackState initial(List<TrackSpec> specs) {
    Map<String, Value> values = new HashMap<>();
    for (TrackSpec t : specs) {
      values.put(t.name(), new Value(!t.initiallyFailed(), 0, 0, false));
    }
    return new TrackState(List.copyOf(specs), Map.copyOf(values));
  }

  public boolean knows(String name) {
    return values.containsKey(name);
  }

  /**
   * The state after {@code input} for track {@code name}.
   *
   * @throws IllegalArgumentException if the track is unknown or the input kind does not fit it
   */
  public TrackState with(String name, TrackInput input) {
    TrackSpec spec = specs.stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no track named '" + name + "'"));
    Value old = values.get(name);
    Value next = switch (input) {
      case TrackInput.InterfaceState s when spec.kind() == TrackSpec.Kind.INTERFACE -> new Value(s.up(), 0, 0, false);
      case TrackInput.ScriptResult r when spec.kind() == TrackSpec.Kind.SCRIPT -> scriptStep(spec, old, r.success());
      case TrackInput.FileValue f when spec.kind() == TrackSpec.Kind.FILE -> new Value(true, 0, f.value(), false);
      case TrackInput.ExternalWeight w when spec.kind() == TrackSpec.Kind.EXTERNAL -> new Value(true, 0, w.weight(), w.fault());
      default -> throw new IllegalArgumentException("track '" + name + "' is " + spec.kind() + ", cannot take " + input);
    };
    Map<String, Value> copy = new HashMap<>(values);
    copy.put(name, next);
    return new TrackState(specs, Map.copyOf(copy));
  }

  /** keepalived's rise/fall: a flip needs {@code rise} successes or {@code fall} failures in a row. */
  private static Value scriptStep(TrackSpec spec, Value old, boolean success) {
    if (success == old.up()) {
      return new Value(old.up(), 0, 0, false);
    }
    int streak = old.streak() + 1;
    int needed = success ? spec.rise() : spec.fall();
    return streak >= needed ? new Value(success, 0, 0, false) : new Value(old.up(), streak, 0, false);
  }

  /** True when a track forces FAULT (weight-0 interface/script down, weight-0 file non-zero, external fault). */
  public boolean faulted() {
    for (TrackSpec t : specs) {
      Value v = values.get(t.name());
      boolean fault = switch (t.kind()) {
        case INTERFACE, SCRIPT -> t.weight() == 0 && !v.up();
        case FILE -> t.weight() == 0 && v.number() != 0;
        case EXTERNAL -> v.forcedFault();
      };
      if (fault) {
        return true;
      }
    }
    return false;
  }

  /** The sum of all track weights currently in effect. */
  public int weightSum() {
    long sum = 0;
    for (TrackSpec t : specs) {
      Value v = values.get(t.name());
      sum += switch (t.kind()) {
        case INTERFACE, SCRIPT -> (t.weight() > 0 && v.up()) || (t.weight() < 0 && !v.up()) ? t.weight() : 0;
        case FILE -> (long) v.number() * t.weight();
        case EXTERNAL -> v.number();
      };
    }
    return (int) Math.max(-1000, Math.min(1000, sum));
  }

  /**
   * Effective priority = base + track weights, clamped to 1..254 for a non-owner; the address owner
   * (base 255) stays 255 (keepalived does the same: only a fault takes the owner down).
   */
  public int effectivePriority(int basePriority) {
    if (basePriority == 255) {
      return 255;
    }
    return Math.max(1, Math.min(254, basePriority + weightSum()));
  }

  /**
   * Why the priority is what it is, one line per track that moves it or forces FAULT, e.g.
   * {@code "interface:eth1 down: -50"} (status pages; tracks without effect are left out).
   */
  public List<String> reasons() {
    List<String> out = new java.util.ArrayList<>();
    for (TrackSpec t : specs) {
      Value v = values.get(t.name());
      String line = switch (t.kind()) {
        case INTERFACE, SCRIPT -> {
          String word = t.kind() == TrackSpec.Kind.INTERFACE ? (v.up() ? "up" : "down") : (v.up() ? "succeeding" : "failing");
          if (t.weight() == 0) {
            yield v.up() ? null : t.name() + " " + word + ": FAULT";
          }
          yield (t.weight() > 0) == v.up() ? t.name() + " " + word + ": " + signed(t.weight()) : null;
        }
        case FILE -> t.weight() == 0
            ? (v.number() != 0 ? t.name() + " = " + v.number() + ": FAULT" : null)
            : (v.number() != 0 ? t.name() + " = " + v.number() + " x " + t.weight() + ": " + signed(v.number() * t.weight()) : null);
        case EXTERNAL -> v.forcedFault() ? t.name() + ": FAULT" : v.number() != 0 ? t.name() + ": " + signed(v.number()) : null;
      };
      if (line != null) {
        out.add(line);
      }
    }
    return out;
  }

  private static String signed(long n) {
    return n > 0 ? "+" + n : Long.toString(n);
  }

  @Override
  public String toString() {
    return "TrackState" + values;
  }
}
