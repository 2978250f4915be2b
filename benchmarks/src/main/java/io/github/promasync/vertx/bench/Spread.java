package io.github.promasync.vertx.bench;

import io.vertx.core.json.JsonArray;

import java.util.Arrays;
import java.util.Locale;

/**
 * The spread of a harness's figures over its rounds, as every summary shows it: the median
 * ({@link Verdict#median}), the smallest and the largest, and the text {@code "median (min..max)"}.
 */
final class Spread {

  private Spread() {
  }

  static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  /** {@code "median (min..max)"}, each figure in {@code format} (e.g. {@code "%.3f"}). */
  static String of(String format, double[] values) {
    return String.format(Locale.ROOT, format + " (" + format + ".." + format + ")", Verdict.median(values),
        min(values), max(values));
  }

  /** The figures of a JSON array of numbers, in order. */
  static double[] doubles(JsonArray array) {
    return array.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
  }
}
