package io.github.promasync.vertx.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns one run's {@code jmh.json} and {@code load.json} into its summary: the figures, the ratios
 * against the baselines of the same run and each target's {@link Verdict}. Writes
 * {@code summary.adoc} (which BENCHMARKS.adoc includes from {@code results/latest/}) and
 * {@code summary.md} next to them.
 *
 * <p>Usage: {@code Report DIR [--compact-jmh FILE]}.
 */
public final class Report {

  /** "One small object" of the time target: a header, a reference and a long, padded. */
  static final double SMALL_OBJECT_BYTES = 32;
  static final double TIME_RATIO = 1.1;
  static final double ENCODER_RATIO = 0.8;
  static final double MICROMETER_RATIO = 1.5;
  static final double HTTPSERVER_RATIO = 1.0;
  static final double PING_P99_MS = 5.0;

  private final Map<String, double[]> jmh = new HashMap<>();
  /** Each benchmark's measurement iterations, every fork's in turn: the rounds of a JMH verdict. */
  private final Map<String, double[]> iterations = new HashMap<>();
  private final JsonObject load;
  private final String jmhMeta;
  private final List<Table> tables = new ArrayList<>();
  private final Summary summary = new Summary();

  private Report(JsonArray jmhRuns, JsonObject load) {
    this.load = load;
    String meta = null;
    if (jmhRuns != null) {
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
    }
    this.jmhMeta = meta;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Path compactJmh = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--compact-jmh" -> compactJmh = Path.of(args[++i]);
        default -> throw new IllegalArgumentException(args[i] + ": unknown argument");
      }
    }
    Path jmhFile = dir.resolve("jmh.json");
    Path loadFile = dir.resolve("load.json");
    Report report = new Report(
        Files.exists(jmhFile) ? new JsonArray(Files.readString(jmhFile)) : null,
        Files.exists(loadFile) ? new JsonObject(Files.readString(loadFile)) : null);
    report.build();
    if (compactJmh != null && Files.exists(jmhFile)) {
      Files.writeString(compactJmh, compact(new JsonArray(Files.readString(jmhFile))).encodePrettily());
    }
    report.notes();
    report.summary.write(dir);
    Files.writeString(dir.resolve("summary.md"), report.summary.render(false));
    System.out.print(report.summary.render(false));
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

  private void build() {
    if (!jmh.isEmpty()) {
      instrumentTables();
    }
    if (load != null) {
      if (!load.getJsonArray("throughput", new JsonArray()).isEmpty()) {
        scrapeTable();
      }
      latencyTable();
      concurrentTable();
      growthTables();
    }
  }

  // --- Instrument ------------------------------------------------------------------------------

  private void instrumentTables() {
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
    tables.add(table);

    Table alone = new Table("The metric alone: one observation of 50 ns, no timing, no future",
        List.of("client_java Histogram (default: classic + native)", "client_java Histogram, classic only",
            "Micrometer Timer (default: no buckets)", "Micrometer Timer with histogram buckets"));
    if (jmh.containsKey("metric_alone_clientJavaHistogram")) {
      alone.add(cell("metric_alone_clientJavaHistogram"), cell("metric_alone_clientJavaClassicHistogram"),
          cell("metric_alone_micrometer"), cell("metric_alone_micrometerHistogram"));
      tables.add(alone);
    }

    for (String scenario : List.of("completed", "pending", "contended", "pendingDefaultHistogram")) {
      String prefix = "time_" + scenario + "_";
      double[] floor = floor(prefix);
      double[] ours = jmh.get(prefix + "instrument");
      if (floor == null || ours == null) {
        continue;
      }
      // Every iteration of ours against every iteration of the floor: the pairings of the rule.
      double[] floorRounds = iterations.get(floorName(prefix));
      summary.target("`time(h, future)`, " + scenario + ": <= " + TIME_RATIO + "x the hand-written floor",
          Verdict.atMost(Verdict.pairedRatios(iterations.get(prefix + "instrument"), floorRounds),
              TIME_RATIO), "%.2fx",
          String.format(Locale.ROOT, "%.1f ns vs %.1f ns (means)", ours[0], floor[0]));
      // -prof gc reports a fraction of a byte of JMH's own allocation: objects come in 8-byte steps.
      double extra = Math.round((ours[2] - floor[2]) / 8) * 8.0;
      summary.target("`time(h, future)`, " + scenario + ": at most one small object (32 B) more per op",
          Verdict.atMost(new double[] {extra}, SMALL_OBJECT_BYTES), "%+.0f B",
          String.format(Locale.ROOT, "%.0f B vs %.0f B", ours[2], floor[2]));
      if (jmh.containsKey(prefix + "micrometer")) {
        summary.target("`time(h, future)`, " + scenario + ": faster than Micrometer `Timer.Sample`",
            Verdict.below(Verdict.pairedRatios(iterations.get(prefix + "instrument"),
                iterations.get(prefix + "micrometer")), 1), "%.2fx", "");
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

  // --- scrapes ---------------------------------------------------------------------------------

  private void scrapeTable() {
    Map<String, JsonObject> byKey = new LinkedHashMap<>();
    JsonArray rows = load.getJsonArray("throughput", new JsonArray());
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      String key = row.getInteger("series") + "/" + row.getString("encoding");
      if (!keys.contains(key)) {
        keys.add(key);
      }
      byKey.put(key + "/" + row.getString("target"), row);
    }
    Table table = new Table("Scrape throughput over HTTP, one scrape at a time (scrapes/s, higher is better)",
        List.of("Series", "Encoding", "Encoder alone", "MetricsHandler", "Inline on event loop",
            "PrometheusScrapingHandler", "client_java HTTPServer", "MH / encoder",
            "MH / PrometheusScrapingHandler", "Encoder / PrometheusScrapingHandler", "MH / HTTPServer",
            "Body bytes"));
    // The rounds interleave the contenders: round i of one against round i of the other.
    Function<String, double[]> rounds = key -> {
      JsonObject row = byKey.get(key);
      if (row == null || !row.getBoolean("valid", false) || row.getJsonArray("rounds") == null
          || row.getJsonArray("rounds").isEmpty()) {
        return null;
      }
      return row.getJsonArray("rounds").stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    };
    ScrapeTarget encoderTarget = new ScrapeTarget(ENCODER_RATIO, "the encoder alone");
    ScrapeTarget micrometerTarget = new ScrapeTarget(MICROMETER_RATIO,
        "PrometheusScrapingHandler");
    ScrapeTarget httpServerTarget = new ScrapeTarget(HTTPSERVER_RATIO,
        "client_java HTTPServer");
    for (String key : keys) {
      String[] parts = key.split("/");
      double[] mh = rounds.apply(key + "/metricsHandler");
      JsonObject mhRow = byKey.get(key + "/metricsHandler");
      String label = String.format(Locale.ROOT, "%,d %s", Integer.parseInt(parts[0]), parts[1]);
      double[] encoder = rounds.apply(key + "/encoder");
      double[] micrometer = rounds.apply(key + "/micrometer");
      table.add(String.format(Locale.ROOT, "%,d", Integer.parseInt(parts[0])), parts[1],
          rateCell(byKey.get(key + "/encoder")), rateCell(mhRow), rateCell(byKey.get(key + "/inline")),
          rateCell(byKey.get(key + "/micrometer")), rateCell(byKey.get(key + "/httpServer")),
          encoderTarget.add(label, mh, encoder),
          micrometerTarget.add(label, mh, micrometer),
          encoder == null || micrometer == null ? "n/a"
              : String.format(Locale.ROOT, "%.2fx", Verdict.median(Verdict.roundRatios(encoder, micrometer))),
          httpServerTarget.add(label, mh, rounds.apply(key + "/httpServer")),
          mhRow == null || mhRow.getValue("bytes") == null ? "" : String.format(Locale.ROOT, "%,d",
              mhRow.getLong("bytes")));
    }
    tables.add(table);
    encoderTarget.decide();
    micrometerTarget.decide();
    httpServerTarget.decide();
  }

  /**
   * One scrape target over every series count and encoding: its rounds are the round-by-round
   * ratios of MetricsHandler to the contender in every scenario; each table cell is one scenario's
   * own verdict.
   */
  private final class ScrapeTarget {

    private final double target;
    private final String against;
    private final List<Double> ratios = new ArrayList<>();
    private final List<String> notMet = new ArrayList<>();

    ScrapeTarget(double target, String against) {
      this.target = target;
      this.against = against;
    }

    String add(String label, double[] ours, double[] theirs) {
      if (ours == null || theirs == null || ours.length != theirs.length) {
        return "n/a";
      }
      double[] scenario = Verdict.roundRatios(ours, theirs);
      for (double ratio : scenario) {
        ratios.add(ratio);
      }
      Verdict verdict = Verdict.atLeast(scenario, target);
      if (!verdict.word().equals(Verdict.MET)) {
        notMet.add(label + " (" + verdict.word() + ")");
      }
      return String.format(Locale.ROOT, "%.2fx (%.2fx..%.2fx), %s", verdict.median(), verdict.min(),
          verdict.max(), verdict.word());
    }

    void decide() {
      String target = "MetricsHandler >= " + this.target + "x " + against;
      if (ratios.isEmpty()) {
        summary.unmeasured(target, "not measured (a contender failed its check)");
        return;
      }
      summary.target(target, Verdict.atLeast(ratios.stream().mapToDouble(Double::doubleValue).toArray(),
          this.target), "%.2fx", notMet.isEmpty() ? "" : "not met at " + String.join(", ", notMet));
    }
  }

  private static String rateCell(JsonObject row) {
    if (row == null) {
      return "";
    }
    if (!row.getBoolean("valid", false)) {
      return "invalid: " + row.getString("problem", "?");
    }
    double rate = row.getDouble("scrapesPerSecond");
    return String.format(Locale.ROOT, rate >= 100 ? "%.0f" : "%.1f", rate);
  }

  // --- latency ---------------------------------------------------------------------------------

  private void latencyTable() {
    JsonArray rows = load.getJsonArray("latency", new JsonArray());
    if (rows.isEmpty()) {
      return;
    }
    Table table = new Table(String.format(Locale.ROOT,
        "`/ping` latency (ms) on the server while its `/metrics` (%,d series, gzip) is scraped back to back",
        rows.getJsonObject(0).getInteger("series")),
        List.of("Server", "Scraping", "p50", "p90", "p99", "p99.9", "max", "Scrapes/s meanwhile"));
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      String target = row.getString("target");
      table.add(name(target), row.getBoolean("scraping") ? "yes" : "no (idle)", ms(row, "p50_ms"),
          ms(row, "p90_ms"), ms(row, "p99_ms"), ms(row, "p999_ms"), ms(row, "max_ms"),
          row.getValue("scrapesPerSecond") == null ? "" : String.format(Locale.ROOT, "%.1f",
              row.getDouble("scrapesPerSecond")));
      if (target.equals("metricsHandler")) {
        double p99 = row.getDouble("p99_ms");
        summary.target("`/ping` p99 < " + PING_P99_MS + " ms while 100k series are scraped (MetricsHandler)",
            Verdict.below(new double[] {p99}, PING_P99_MS), "%.2f ms",
            "inline on the event loop: " + inlineP99(rows) + " ms");
      }
    }
    tables.add(table);
  }

  // --- concurrent scrapers ---------------------------------------------------------------------

  /** The CPU-normalized scrape ratio MetricsHandler must reach against the uncoalesced path. */
  static final double COALESCED_RATIO = 1.6;

  private void concurrentTable() {
    JsonArray rows = load.getJsonArray("concurrent", new JsonArray());
    if (rows.isEmpty()) {
      return;
    }
    Table table = new Table(String.format(Locale.ROOT,
        "Concurrent scrapers of %,d series, back to back, with `/ping` probed on the same server:"
            + " median of the rounds (min to max)", rows.getJsonObject(0).getInteger("series")),
        List.of("Scrapers", "Encoding", "Handler", "Scrapes/s", "Server CPU ms per scrape",
            "Server CPU cores", "`/ping` p50 ms", "`/ping` p99 ms", "Errors"));
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      String handler = switch (row.getString("target")) {
        case "metricsHandler" -> "MetricsHandler (coalesced)";
        case "idle" -> "none (idle: the machine's noise floor)";
        default -> "uncoalesced (before)";
      };
      table.add(String.valueOf(row.getInteger("scrapers")), row.getString("encoding"), handler,
          spread(row, "scrapesPerSecond", "%.2f"), spread(row, "cpuMillisPerScrape", "%.0f"),
          spread(row, "serverCpuCores", "%.2f"), spread(row, "p50_ms", "%.2f"),
          spread(row, "p99_ms", "%.1f"), String.valueOf(row.getLong("errors")));
    }
    tables.add(table);
    JsonObject idle = null;
    for (int j = 0; j < rows.size(); j++) {
      if (rows.getJsonObject(j).getString("target").equals("idle")) {
        idle = rows.getJsonObject(j);
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      JsonObject ours = rows.getJsonObject(i);
      if (!ours.getString("target").equals("metricsHandler")) {
        continue;
      }
      JsonObject theirs = find(rows, ours.getInteger("scrapers"), ours.getString("encoding"));
      String scenario = ours.getInteger("scrapers") + " scrapers, " + ours.getString("encoding");
      summary.target("`/ping` p99 < " + PING_P99_MS + " ms, " + scenario + " (MetricsHandler)",
          Verdict.below(roundFigures(ours, "p99_ms"), PING_P99_MS), "%.1f ms",
          String.format(Locale.ROOT, "uncoalesced: median %.1f ms; idle: median %.1f ms",
              theirs == null ? Double.NaN : theirs.getDouble("p99_ms"),
              idle == null ? Double.NaN : idle.getDouble("p99_ms")));
      if (theirs != null) {
        // Scrapes for the same CPU: the inverse ratio of CPU per scrape, round by round.
        summary.target(">= " + COALESCED_RATIO + "x the scrapes of the uncoalesced path for the same"
                + " CPU, " + scenario,
            Verdict.atLeast(Verdict.roundRatios(roundFigures(theirs, "cpuMillisPerScrape"),
                roundFigures(ours, "cpuMillisPerScrape")), COALESCED_RATIO), "%.2fx",
            String.format(Locale.ROOT, "scrapes/s: median %.2f vs %.2f", ours.getDouble("scrapesPerSecond"),
                theirs.getDouble("scrapesPerSecond")));
      }
    }
  }

  /**
   * One figure of each round of a concurrent row, in round order; a round that completed no
   * scrape has no CPU per scrape (NaN: it meets no target).
   */
  private static double[] roundFigures(JsonObject row, String key) {
    return row.getJsonArray("rounds").stream().mapToDouble(r -> {
      JsonObject round = (JsonObject) r;
      return key.equals("cpuMillisPerScrape") && round.getLong("requests", 1L) == 0 ? Double.NaN
          : round.getDouble(key);
    }).toArray();
  }

  private static JsonObject find(JsonArray rows, int scrapers, String encoding) {
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      if (row.getString("target").equals("uncoalesced") && row.getInteger("scrapers") == scrapers
          && row.getString("encoding").equals(encoding)) {
        return row;
      }
    }
    return null;
  }

  private static String spread(JsonObject row, String key, String format) {
    return String.format(Locale.ROOT, format + " (" + format + " to " + format + ")",
        row.getDouble(key), row.getDouble(key + "_min"), row.getDouble(key + "_max"));
  }

  private static String inlineP99(JsonArray rows) {
    for (int i = 0; i < rows.size(); i++) {
      if (rows.getJsonObject(i).getString("target").equals("inline")) {
        return String.format(Locale.ROOT, "%.1f", rows.getJsonObject(i).getDouble("p99_ms"));
      }
    }
    return "n/a";
  }

  private static String ms(JsonObject row, String field) {
    double v = row.getDouble(field);
    return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
  }

  private static String name(String target) {
    return switch (target) {
      case "metricsHandler", "idle" -> "MetricsHandler";
      case "inline" -> "exporter-common inline on the event loop";
      case "micrometer" -> "PrometheusScrapingHandler";
      case "httpServer" -> "client_java HTTPServer";
      default -> target;
    };
  }

  // --- growth ----------------------------------------------------------------------------------

  private void growthTables() {
    JsonObject growth = load.getJsonObject("growth");
    if (growth == null) {
      return;
    }
    Table bySeries = new Table("Growth with series count (families of 100 label values; encoder alone, text)",
        List.of("Series", "Scrape ms", "Registry heap MB", "Allocated MB per scrape", "Body bytes",
            "Micrometer scrape ms", "Micrometer heap MB"));
    JsonArray points = growth.getJsonArray("bySeries", new JsonArray());
    for (int i = 0; i < points.size(); i++) {
      JsonObject p = points.getJsonObject(i);
      bySeries.add(String.format(Locale.ROOT, "%,d", p.getInteger("series")), fixed(p, "scrapeMillis", 2),
          fixed(p, "heapMb", 1), fixed(p, "allocMbPerScrape", 1),
          String.format(Locale.ROOT, "%,d", p.getLong("bytes")), fixed(p, "micrometerScrapeMillis", 2),
          fixed(p, "micrometerHeapMb", 1));
    }
    tables.add(bySeries);
    Table byCardinality = new Table(
        "Growth with label cardinality (100,000 series in all; encoder alone, text)",
        List.of("Label values per family", "Families", "Scrape ms", "Registry heap MB",
            "Allocated MB per scrape", "Body bytes"));
    points = growth.getJsonArray("byCardinality", new JsonArray());
    for (int i = 0; i < points.size(); i++) {
      JsonObject p = points.getJsonObject(i);
      byCardinality.add(String.format(Locale.ROOT, "%,d", p.getInteger("perFamily")),
          String.format(Locale.ROOT, "%,d", p.getInteger("families")), fixed(p, "scrapeMillis", 2),
          fixed(p, "heapMb", 1), fixed(p, "allocMbPerScrape", 1),
          String.format(Locale.ROOT, "%,d", p.getLong("bytes")));
    }
    tables.add(byCardinality);
  }

  private static String fixed(JsonObject p, String field, int decimals) {
    Object v = p.getValue(field);
    return v == null ? "" : String.format(Locale.ROOT, "%." + decimals + "f", ((Number) v).doubleValue());
  }

  // --- rendering -------------------------------------------------------------------------------

  /** The run's conditions, above the tables. */
  private void notes() {
    if (load != null) {
      JsonObject machine = load.getJsonObject("machine");
      JsonObject config = load.getJsonObject("config");
      summary.note("Run: " + (load.getBoolean("quick") ? "QUICK MODE (smoke test, not for publication); " : "")
          + machine.getString("cpu") + ", " + machine.getInteger("cores") + " cores, "
          + machine.getLong("memoryMb", -1L) / 1024 + " GiB; " + machine.getString("java") + "; "
          + machine.getString("os") + "; load average at start `" + machine.getString("loadAtStart")
          + "`, at end `" + machine.getString("loadAtEnd", "?") + "`.");
      summary.note(config.getString("pinning", "Not pinned to cores."));
      summary.note(config.getBoolean("httpServerNoDelay", false)
          ? "HTTPServer with `-Dsun.net.httpserver.nodelay=true`."
          : "HTTPServer as built by default (the JDK server's Nagle left on).");
    }
    if (jmhMeta != null) {
      summary.note("JMH: " + jmhMeta + "; a JMH verdict pairs every measurement iteration of one"
          + " benchmark with every one of the other.");
    }
    tables.forEach(summary::table);
  }
}
