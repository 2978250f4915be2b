package io.github.promasync.vertx.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link Report} reads of a run's {@code jmh.json}: each benchmark's score, its 95%
 * confidence half-width and its allocation per op, its measurement iterations (the rounds of a
 * JMH verdict), and one line on how JMH ran.
 */
final class JmhRuns {

  /** Each benchmark's {score, 95% half-width, gc.alloc.rate.norm}, by method name. */
  private final Map<String, double[]> jmh = new HashMap<>();
  /** Each benchmark's measurement iterations, every fork's in turn: the rounds of a JMH verdict. */
  private final Map<String, double[]> iterations = new HashMap<>();
  private final String meta;

  JmhRuns(JsonArray jmhRuns) {
    String meta = null;
    for (int i = 0; i < jmhRuns.size(); i++) {
      JsonObject run = jmhRuns.getJsonObject(i);
      String name = run.getString("benchmark");
      name = name.substring(name.lastIndexOf('.') + 1);
      JsonObject primary = run.getJsonObject("primaryMetric");
      JsonObject secondary = run.getJsonObject("secondaryMetrics", new JsonObject());
      JsonObject norm = secondary.getJsonObject("gc.alloc.rate.norm",
          secondary.getJsonObject("\u00b7gc.alloc.rate.norm"));
      iterations.put(name, rawIterations(primary));
      jmh.put(name, new double[] {
          primary.getDouble("score"),
          halfWidth95(primary),
          norm == null ? Double.NaN : norm.getDouble("score")});
      if (meta == null) {
        meta = String.format(Locale.ROOT,
            "JMH %s, %s %s, %d fork(s), %d warm-up x %s, %d measurement x %s, -prof gc",
            run.getString("jmhVersion"), run.getString("vmName"), run.getString("jdkVersion"),
            run.getInteger("forks"), run.getInteger("warmupIterations"), run.getString("warmupTime"),
            run.getInteger("measurementIterations"), run.getString("measurementTime"));
      }
    }
    this.meta = meta;
  }

  /** {score, 95% half-width, bytes per op} of {@code benchmark}, or null if the run has none. */
  double[] get(String benchmark) {
    return jmh.get(benchmark);
  }

  boolean isEmpty() {
    return jmh.isEmpty();
  }

  boolean has(String benchmark) {
    return jmh.containsKey(benchmark);
  }

  /** The measurement iterations of {@code benchmark}, or null if the run has none. */
  double[] iterations(String benchmark) {
    return iterations.get(benchmark);
  }

  /** How JMH ran (version, JVM, forks, iterations), or null for a run without benchmarks. */
  String meta() {
    return meta;
  }

  /**
   * JMH's JSON without the percentiles and the secondary metrics other than
   * {@code gc.alloc.rate.norm}: a quarter of the size, the same scores and intervals.
   */
  static JsonArray compact(JsonArray runs) {
    JsonArray compact = new JsonArray();
    for (int i = 0; i < runs.size(); i++) {
      JsonObject run = runs.getJsonObject(i).copy();
      JsonObject primary = run.getJsonObject("primaryMetric");
      // The per-iteration scores stay: Report computes its confidence intervals from them.
      primary.remove("rawDataHistogram");
      primary.remove("scorePercentiles");
      JsonObject secondary = run.getJsonObject("secondaryMetrics", new JsonObject());
      JsonObject kept = new JsonObject();
      secondary.forEach(entry -> {
        if (entry.getKey().endsWith("gc.alloc.rate.norm")) {
          JsonObject metric = ((JsonObject) entry.getValue()).copy();
          metric.remove("rawData");
          metric.remove("rawDataHistogram");
          metric.remove("scorePercentiles");
          kept.put(entry.getKey(), metric);
        }
      });
      run.put("secondaryMetrics", kept);
      compact.add(run);
    }
    return compact;
  }

  /** JMH's per-iteration scores of every fork; the score alone when they are missing. */
  static double[] rawIterations(JsonObject primary) {
    JsonArray forks = primary.getJsonArray("rawData");
    if (forks == null) {
      return new double[] {primary.getDouble("score")};
    }
    List<Double> values = new ArrayList<>();
    forks.forEach(fork -> ((JsonArray) fork).forEach(v -> values.add(((Number) v).doubleValue())));
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** Student's t for a two-sided 95% interval, by degrees of freedom (1 to 10; 1.96 beyond 30). */
  private static final double[] T95 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262,
      2.228};

  /**
   * The 95% confidence half-width of the mean over the measurement iterations, from JMH's raw
   * data (JMH's own scoreError is a 99.9% interval: with a handful of iterations it is so wide that
   * nothing could ever be told apart). JMH's error when the raw data is missing.
   */
  static double halfWidth95(JsonObject primary) {
    JsonArray forks = primary.getJsonArray("rawData");
    if (forks == null) {
      return number(primary.getValue("scoreError"));
    }
    List<Double> values = new ArrayList<>();
    forks.forEach(fork -> ((JsonArray) fork).forEach(v -> values.add(((Number) v).doubleValue())));
    int n = values.size();
    if (n < 2) {
      return Double.NaN;
    }
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double variance = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (n - 1);
    double t = n - 1 <= T95.length ? T95[n - 2] : n - 1 <= 30 ? 2.1 : 1.96;
    return t * Math.sqrt(variance / n);
  }
}
