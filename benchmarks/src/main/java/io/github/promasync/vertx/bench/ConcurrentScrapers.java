package io.github.promasync.vertx.bench;

import io.github.promasync.vertx.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@link LoadSuite}'s concurrent scrapers: {@code MetricsHandler} against the uncoalesced handler
 * it replaced ({@link UncoalescedScrapeHandler}), each on a server of its own in this JVM, with
 * {@code /ping} probed meanwhile; the CPU this JVM used per scrape is what coalescing buys.
 */
final class ConcurrentScrapers {

  private final Vertx vertx;
  private final ChildProcesses children;
  private final boolean quick;
  private final int series;
  private final int perFamily;

  ConcurrentScrapers(Vertx vertx, ChildProcesses children, boolean quick, int series, int perFamily) {
    this.vertx = vertx;
    this.children = children;
    this.quick = quick;
    this.series = series;
    this.perFamily = perFamily;
  }

  /**
   * Two and three scrapers of 100,000 series at once, back to back (one wrk -t1 -c1 each), with
   * text, gzip, or one of each, against {@code MetricsHandler} and against the uncoalesced handler
   * it replaced, each on a server of its own with {@code /ping} probed meanwhile. Rounds alternate
   * the two contenders, so outside load hits both alike. Besides scrapes/s, the CPU time this JVM
   * (which hosts the servers, not wrk or the probe) used per scrape: the same scrapes for less CPU
   * is what coalescing buys.
   */
  JsonArray run() throws Exception {
    JsonArray concurrentRows = new JsonArray();
    LoadSuite.log("building %,d series for the concurrent scrapers", series);
    PrometheusRegistry registry = Series.clientJava(series, perFamily);
    List<String> contenders = List.of("uncoalesced", "metricsHandler");
    MetricsHandler handler = MetricsHandler.create(registry);
    List<String> deployments = new ArrayList<>();
    List<ScrapeServers.Verticle> verticles = new ArrayList<>();
    try {
      for (String contender : contenders) {
        ScrapeServers.Verticle verticle = new ScrapeServers.Verticle(contender,
            contender.equals("metricsHandler") ? handler : new UncoalescedScrapeHandler(registry),
            false);
        deployments.add(LoadSuite.await(vertx.deployVerticle(verticle)));
        verticles.add(verticle);
      }
      int seconds = quick ? 3 : 5;
      int concurrentRounds = quick ? 1 : 3;
      // The machine's noise floor: /ping with nothing scraping, once per round like the rest.
      JsonObject idle = new JsonObject().put("series", series).put("scrapers", 0)
          .put("encoding", "none").put("target", "idle").put("rounds", new JsonArray());
      for (int round = 0; round < concurrentRounds; round++) {
        idle.getJsonArray("rounds").add(concurrentRun(verticles.get(1).port, 0, "none", seconds));
      }
      summarize(idle);
      concurrentRows.add(idle);
      LoadSuite.log("idle               /ping p50 %6.2f ms  p99 %7.2f ms", idle.getDouble("p50_ms"),
          idle.getDouble("p99_ms"));
      for (int scrapers : new int[] {2, 3}) {
        for (String encoding : List.of("identity", "gzip", "mixed")) {
          List<JsonObject> rows = new ArrayList<>();
          for (int c = 0; c < contenders.size(); c++) {
            rows.add(new JsonObject().put("series", series).put("scrapers", scrapers)
                .put("encoding", encoding).put("target", contenders.get(c))
                .put("rounds", new JsonArray()));
            // Warm-up, not recorded: JIT, and the heap sized for two or three bodies in flight.
            concurrentRun(verticles.get(c).port, scrapers, encoding, 2);
          }
          for (int round = 0; round < concurrentRounds; round++) {
            for (int i = 0; i < contenders.size(); i++) {
              // ABBA order across rounds: neither contender always runs first.
              int c = round % 2 == 0 ? i : contenders.size() - 1 - i;
              rows.get(c).getJsonArray("rounds")
                  .add(concurrentRun(verticles.get(c).port, scrapers, encoding, seconds));
            }
          }
          for (JsonObject row : rows) {
            summarize(row);
            concurrentRows.add(row);
            LoadSuite.log("%d scrapers %-8s %-15s %7.2f scrapes/s  %6.1f ms CPU/scrape  ping p50 %6.2f ms"
                    + "  p99 %7.2f ms  (p99 rounds %s)", scrapers, encoding, row.getString("target"),
                row.getDouble("scrapesPerSecond"), row.getDouble("cpuMillisPerScrape"),
                row.getDouble("p50_ms"), row.getDouble("p99_ms"),
                row.getJsonArray("rounds").stream()
                    .map(r -> String.format(Locale.ROOT, "%.2f", ((JsonObject) r).getDouble("p99_ms")))
                    .toList());
          }
        }
      }
    } finally {
      for (String id : deployments) {
        LoadSuite.await(vertx.undeploy(id));
      }
      handler.close();
      Reference.reachabilityFence(registry);
    }
    return concurrentRows;
  }

  /** One round: {@code scrapers} wrk processes and the ping probe on one server, at once. */
  private JsonObject concurrentRun(int port, int scrapers, String encoding, int seconds)
      throws Exception {
    String url = "http://127.0.0.1:" + port + "/metrics";
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long wallBefore = System.nanoTime();
    List<Process> loads = new ArrayList<>();
    for (int i = 0; i < scrapers; i++) {
      boolean gzip = encoding.equals("gzip") || (encoding.equals("mixed") && i % 2 == 1);
      loads.add(children.start(Wrk.scraper(url, gzip, seconds)));
    }
    int warmupMillis = 500;
    int probeMillis = Math.max(500, seconds * 1000 - warmupMillis - 500);
    Process probe = children.start(PingProbe.command(port, warmupMillis, probeMillis));
    long requests = 0;
    long errors = 0;
    double rate = 0;
    for (Process load : loads) {
      WrkOutput wrk = Wrk.await(load, seconds);
      requests += wrk.requests();
      errors += wrk.errors();
      rate += wrk.requestsPerSecond();
    }
    long cpu = os.getProcessCpuTime() - cpuBefore;
    long wall = System.nanoTime() - wallBefore;
    JsonObject ping = PingProbe.result(probe, TimeUnit.SECONDS.toMillis(60));
    return new JsonObject()
        .put("scrapesPerSecond", rate)
        .put("requests", requests)
        .put("errors", errors)
        .put("serverCpuCores", cpu / (double) wall)
        .put("cpuMillisPerScrape", requests == 0 ? 0 : cpu / 1e6 / requests)
        .put("p50_ms", ping.getDouble("p50_ms"))
        .put("p99_ms", ping.getDouble("p99_ms"))
        .put("load", Machine.loadAverage());
  }

  /** The median of each figure over the rounds, with the spread (min, max) next to it. */
  private static void summarize(JsonObject row) {
    for (String key : List.of("scrapesPerSecond", "cpuMillisPerScrape", "serverCpuCores", "p50_ms",
        "p99_ms")) {
      List<Double> values = new ArrayList<>();
      row.getJsonArray("rounds").forEach(r -> values.add(((JsonObject) r).getDouble(key)));
      values.sort(null);
      row.put(key, values.get(values.size() / 2))
          .put(key + "_min", values.get(0))
          .put(key + "_max", values.get(values.size() - 1));
    }
    long errors = 0;
    for (Object r : row.getJsonArray("rounds")) {
      errors += ((JsonObject) r).getLong("errors");
    }
    row.put("errors", errors);
  }
}
