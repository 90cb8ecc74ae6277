package io.tandem.daemon.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The daemon's metric families, written out on every scrape. Updates are lock-free (adders), so
 * hot paths (a VRRP advert sent, a check result) pay a few nanoseconds.
 */
public final class MetricsRegistry {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final List<Family> families = new CopyOnWriteArrayList<>();

  /** One sample line: {@code name{labels} value}. */
  public record Sample(String name, List<String> labelNames, List<String> labelValues, double value) {}

  /** Emits samples of one family at scrape time, e.g. from a core's own counters. */
  @FunctionalInterface
  public interface Collector {
    void collect(Samples out);
  }

  /** Where a collector puts its samples; the family's name is filled in. */
  @FunctionalInterface
  public interface Samples {
    void accept(List<String> labelNames, List<String> labelValues, double value);
  }

  public Counter counter(String name, String help, String... labelNames) {
    if (!name.endsWith("_total")) {
      throw new IllegalArgumentException("counter names end in _total: " + name);
    }
    return register(new Counter(name, help, labelNames));
  }

  public Gauge gauge(String name, String help, String... labelNames) {
    return register(new Gauge(name, help, labelNames));
  }

  public Histogram histogram(String name, String help, double[] bucketBounds, String... labelNames) {
    return register(new Histogram(name, help, bucketBounds, labelNames));
  }

  /** A family whose samples come from {@code collector} at each scrape ("counter" or "gauge"). */
  public void collect(String name, String type, String help, Collector collector) {
    register(new Family(name, type, help, new String[0]) {
      @Override
      void samples(Consumer<Sample> out) {
        collector.collect((labelNames, labelValues, value) -> out.accept(new Sample(name, labelNames, labelValues, value)));
      }
    });
  }

  /** Emits histograms at scrape time from a core's own cumulative buckets. */
  @FunctionalInterface
  public interface HistogramCollector {
    void collect(HistogramSamples out);
  }

  @FunctionalInterface
  public interface HistogramSamples {
    /** {@code cumulative[i]} counts observations {@code <= bounds[i]}; {@code count} is the +Inf bucket. */
    void accept(List<String> labelNames, List<String> labelValues, double[] bounds, long[] cumulative, double sum,
        long count);
  }

  /** A histogram family whose buckets come from {@code collector} at each scrape. */
  public void collectHistogram(String name, String help, HistogramCollector collector) {
    register(new Family(name, "histogram", help, new String[0]) {
      @Override
      void samples(Consumer<Sample> out) {
        collector.collect((labelNames, labelValues, bounds, cumulative, sum, count) -> {
          List<String> withLe = new java.util.ArrayList<>(labelNames);
          withLe.add("le");
          for (int i = 0; i < bounds.length; i++) {
            List<String> values = new java.util.ArrayList<>(labelValues);
            values.add(format(bounds[i]));
            out.accept(new Sample(name + "_bucket", withLe, values, cumulative[i]));
          }
          List<String> inf = new java.util.ArrayList<>(labelValues);
          inf.add("+Inf");
          out.accept(new Sample(name + "_bucket", withLe, inf, count));
          out.accept(new Sample(name + "_sum", labelNames, labelValues, sum));
          out.accept(new Sample(name + "_count", labelNames, labelValues, count));
        });
      }
    });
  }

  private <F extends Family> F register(F f) {
    for (Family existing : families) {
      if (existing.name.equals(f.name)) {
        throw new IllegalArgumentException("metric registered twice: " + f.name);
      }
    }
    families.add(f);
    return f;
  }

  /** The whole exposition, text format 0.0.4. */
  public String scrape() {
    StringBuilder sb = new StringBuilder(8192);
    for (Family f : families) {
      sb.append("# HELP ").append(f.name).append(' ').append(escapeHelp(f.help)).append('\n');
      sb.append("# TYPE ").append(f.name).append(' ').append(f.type).append('\n');
      f.samples(s -> line(sb, s));
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, Sample s) {
    sb.append(s.name());
    if (!s.labelNames().isEmpty()) {
      sb.append('{');
      for (int i = 0; i < s.labelNames().size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(s.labelNames().get(i)).append("=\"").append(escapeLabel(s.labelValues().get(i))).append('"');
      }
      sb.append('}');
    }
    sb.append(' ').append(format(s.value())).append('\n');
  }

  static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  static String escapeHelp(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n");
  }

  static String escapeLabel(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** A named metric with fixed label names and one child per label-value combination. */
  abstract static class Family {
    final String name;
    final String type;
    final String help;
    final List<String> labelNames;

    Family(String name, String type, String help, String[] labelNames) {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("bad metric name: " + name);
      }
      for (String l : labelNames) {
        if (!LABEL.matcher(l).matches() || l.startsWith("__")) {
          throw new IllegalArgumentException("bad label name: " + l);
        }
      }
      this.name = name;
      this.type = type;
      this.help = help;
      this.labelNames = List.of(labelNames);
    }

    List<String> key(String... values) {
      if (values.length != labelNames.size()) {
        throw new IllegalArgumentException(name + " takes labels " + labelNames + ", got " + Arrays.toString(values));
      }
      return List.of(values);
    }

    abstract void samples(Consumer<Sample> out);
  }

  public static final class Counter extends Family {
    private final Map<List<String>, LongAdder> children = new ConcurrentHashMap<>();

    Counter(String name, String help, String[] labelNames) {
      super(name, "counter", help, labelNames);
    }

    public LongAdder labels(String... values) {
      return children.computeIfAbsent(key(values), k -> new LongAdder());
    }

    public void inc(String... values) {
      labels(values).increment();
    }

    public long value(String... values) {
      LongAdder a = children.get(key(values));
      return a == null ? 0 : a.sum();
    }

    @Override
    void samples(Consumer<Sample> out) {
      children.forEach((k, v) -> out.accept(new Sample(name, labelNames, k, v.sum())));
    }
  }

  public static final class Gauge extends Family {
    private final Map<List<String>, AtomicLong> children = new ConcurrentHashMap<>();

    Gauge(String name, String help, String[] labelNames) {
      super(name, "gauge", help, labelNames);
    }

    public void set(double value, String... labels) {
      children.computeIfAbsent(key(labels), k -> new AtomicLong()).set(Double.doubleToLongBits(value));
    }

    public void remove(String... labels) {
      children.remove(key(labels));
    }

    public double value(String... labels) {
      AtomicLong a = children.get(key(labels));
      return a == null ? Double.NaN : Double.longBitsToDouble(a.get());
    }

    @Override
    void samples(Consumer<Sample> out) {
      children.forEach((k, v) -> out.accept(new Sample(name, labelNames, k, Double.longBitsToDouble(v.get()))));
    }
  }

  /** Cumulative buckets ({@code le}), sum and count, as Prometheus histograms are. */
  public static final class Histogram extends Family {
    private final double[] bounds;
    private final Map<List<String>, Child> children = new ConcurrentHashMap<>();

    Histogram(String name, String help, double[] bounds, String[] labelNames) {
      super(name, "histogram", help, labelNames);
      for (int i = 1; i < bounds.length; i++) {
        if (bounds[i] <= bounds[i - 1]) {
          throw new IllegalArgumentException("bucket bounds must increase: " + Arrays.toString(bounds));
        }
      }
      this.bounds = bounds.clone();
    }

    public void observe(double value, String... labels) {
      Child c = children.computeIfAbsent(key(labels), k -> new Child(bounds.length));
      int i = 0;
      while (i < bounds.length && value > bounds[i]) {
        i++;
      }
      c.buckets[i].increment(); // i == bounds.length: only +Inf
      c.sum.add(value);
    }

    @Override
    void samples(Consumer<Sample> out) {
      children.forEach((k, c) -> {
        List<String> names = new ArrayList<>(labelNames);
        names.add("le");
        long cumulative = 0;
        for (int i = 0; i <= bounds.length; i++) {
          cumulative += c.buckets[i].sum();
          List<String> values = new ArrayList<>(k);
          values.add(i < bounds.length ? format(bounds[i]) : "+Inf");
          out.accept(new Sample(name + "_bucket", names, values, cumulative));
        }
        out.accept(new Sample(name + "_sum", labelNames, k, c.sum.sum()));
        out.accept(new Sample(name + "_count", labelNames, k, cumulative));
      });
    }

    private static final class Child {
      final LongAdder[] buckets;
      final DoubleAdder sum = new DoubleAdder();

      Child(int n) {
        buckets = new LongAdder[n + 1];
        for (int i = 0; i <= n; i++) {
          buckets[i] = new LongAdder();
        }
      }
    }
  }
}
