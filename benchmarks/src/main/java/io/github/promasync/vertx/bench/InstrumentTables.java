package io.github.promasync.vertx.bench;

import java.util.List;
import java.util.Locale;

/**
 * The Instrument overhead part of {@link Report}'s summary, from the run's JMH benchmarks
 * ({@link JmhRuns}): the tables of ns/op and bytes per op, and the {@code time(h, future)}
 * targets against the hand-written floor and Micrometer.
 */
final class InstrumentTables {

  /** "One small object" of the time target: a header, a reference and a long, padded. */
  static final double SMALL_OBJECT_BYTES = 32;
  static final double TIME_RATIO = 1.1;

  private final JmhRuns jmh;
  private final Summary summary;

  InstrumentTables(JmhRuns jmh, Summary summary) {
    this.jmh = jmh;
    this.summary = summary;
  }

  /** Adds the tables and the targets to the summary. */
  void build() {
    Table table = new Table("Instrument overhead: ns/op and bytes allocated per op, lower is better"
        + " (client_java histogram with classic buckets only; pendingDefaultHistogram: the default"
        + " classic + native histogram)",
        List.of("Verb", "Case", "Hand-written (Handler)", "Hand-written (Completable)", "Instrument",
            "Instrument / floor", "Micrometer Timer", "Micrometer histogram", "client_java time()"));
    String[][] rows = {
        {"time", "completed"}, {"time", "pending"}, {"time", "sync"}, {"time", "contended"},
        {"time", "pendingDefaultHistogram"},
        {"countExceptions", "completed"}, {"countExceptions", "pending"}, {"countExceptions", "failed"},
        {"trackInProgress", "completed"}, {"trackInProgress", "pending"}};
    for (String[] row : rows) {
      String prefix = row[0] + "_" + row[1] + "_";
      double[] floor = floor(prefix);
      double[] ours = jmh.get(prefix + "instrument");
      if (floor == null && ours == null) {
        continue;
      }
      table.add(row[0], row[1], cell(prefix + "handwritten"), cell(prefix + "handwrittenCompletable"),
          cell(prefix + "instrument"), ratioCell(ours, floor), cell(prefix + "micrometer"),
          cell(prefix + "micrometerHistogram"), cell(prefix + "clientJava"));
    }
    summary.table(table);

    Table alone = new Table("The metric alone: one observation of 50 ns, no timing, no future",
        List.of("client_java Histogram (default: classic + native)", "client_java Histogram, classic only",
            "Micrometer Timer (default: no buckets)", "Micrometer Timer with histogram buckets"));
    if (jmh.has("metric_alone_clientJavaHistogram")) {
      alone.add(cell("metric_alone_clientJavaHistogram"), cell("metric_alone_clientJavaClassicHistogram"),
          cell("metric_alone_micrometer"), cell("metric_alone_micrometerHistogram"));
      summary.table(alone);
    }

    for (String scenario : List.of("completed", "pending", "contended", "pendingDefaultHistogram")) {
      String prefix = "time_" + scenario + "_";
      double[] floor = floor(prefix);
      double[] ours = jmh.get(prefix + "instrument");
      if (floor == null || ours == null) {
        continue;
      }
      // Every iteration of ours against every iteration of the floor: the pairings of the rule.
      double[] floorRounds = jmh.iterations(floorName(prefix));
      summary.target("`time(h, future)`, " + scenario + ": <= " + TIME_RATIO + "x the hand-written floor",
          Verdict.atMost(Verdict.pairedRatios(jmh.iterations(prefix + "instrument"), floorRounds),
              TIME_RATIO), "%.2fx",
          String.format(Locale.ROOT, "%.1f ns vs %.1f ns (means)", ours[0], floor[0]));
      // -prof gc reports a fraction of a byte of JMH's own allocation: objects come in 8-byte steps.
      double extra = Math.round((ours[2] - floor[2]) / 8) * 8.0;
      summary.target("`time(h, future)`, " + scenario + ": at most one small object (32 B) more per op",
          Verdict.atMost(new double[] {extra}, SMALL_OBJECT_BYTES), "%+.0f B",
          String.format(Locale.ROOT, "%.0f B vs %.0f B", ours[2], floor[2]));
      if (jmh.has(prefix + "micrometer")) {
        summary.target("`time(h, future)`, " + scenario + ": faster than Micrometer `Timer.Sample`",
            Verdict.below(Verdict.pairedRatios(jmh.iterations(prefix + "instrument"),
                jmh.iterations(prefix + "micrometer")), 1), "%.2fx", "");
      }
    }
  }

  /**
   * The cheaper hand-written form, the physical floor for that verb and case: its time and error,
   * and the smaller allocation of the two.
   */
  private double[] floor(String prefix) {
    double[] a = jmh.get(prefix + "handwritten");
    double[] b = jmh.get(prefix + "handwrittenCompletable");
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    double[] faster = a[0] <= b[0] ? a : b;
    return new double[] {faster[0], faster[1], Math.min(a[2], b[2])};
  }

  /** The name of the benchmark {@link #floor} takes its time from. */
  private String floorName(String prefix) {
    double[] a = jmh.get(prefix + "handwritten");
    double[] b = jmh.get(prefix + "handwrittenCompletable");
    return a != null && (b == null || a[0] <= b[0]) ? prefix + "handwritten"
        : prefix + "handwrittenCompletable";
  }

  private String cell(String benchmark) {
    double[] r = jmh.get(benchmark);
    if (r == null) {
      return "";
    }
    return Double.isNaN(r[1]) ? String.format(Locale.ROOT, "%.1f ns, %.0f B", r[0], r[2])
        : String.format(Locale.ROOT, "%.1f ± %.1f ns, %.0f B", r[0], r[1], r[2]);
  }

  private static String ratioCell(double[] ours, double[] floor) {
    if (ours == null || floor == null) {
      return "";
    }
    return String.format(Locale.ROOT, "%.2fx, %+.0f B", ours[0] / floor[0], ours[2] - floor[2]);
  }
}
