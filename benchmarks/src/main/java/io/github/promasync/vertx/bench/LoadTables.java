package io.github.promasync.vertx.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP part of {@link Report}'s summary, from the run's {@code load.json} ({@link LoadSuite}):
 * the tables of scrape throughput, {@code /ping} latency, concurrent scrapers and growth, and
 * their targets.
 */
final class LoadTables {

  static final double ENCODER_RATIO = 0.8;
  static final double MICROMETER_RATIO = 1.5;
  static final double HTTPSERVER_RATIO = 1.0;
  static final double PING_P99_MS = 5.0;

  private final JsonObject load;
  private final Summary summary;

  LoadTables(JsonObject load, Summary summary) {
    this.load = load;
    this.summary = summary;
  }

  /** Adds the tables the run has and their targets to the summary. */
  void build() {
    if (!load.getJsonArray("throughput", new JsonArray()).isEmpty()) {
      scrapeTable();
    }
    latencyTable();
    concurrentTable();
    growthTables();
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
    summary.table(table);
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
    summary.table(table);
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
    summary.table(table);
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
    summary.table(bySeries);
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
    summary.table(byCardinality);
  }

  private static String fixed(JsonObject p, String field, int decimals) {
    Object v = p.getValue(field);
    return v == null ? "" : String.format(Locale.ROOT, "%." + decimals + "f", ((Number) v).doubleValue());
  }
}
