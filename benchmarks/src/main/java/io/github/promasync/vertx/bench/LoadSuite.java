package io.github.promasync.vertx.bench;

import io.github.promasync.vertx.MetricsHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The HTTP half of the suite, in one JVM that hosts every server: scrape throughput per exporter
 * and series count (load from {@code wrk}), {@code /ping} latency while {@code /metrics} is
 * scraped (probe from {@link PingProbe} in its own JVM), and growth of scrape time and heap with
 * series count and label cardinality. Writes {@code load.json} and the gnuplot data files.
 *
 * <p>Usage: {@code LoadSuite --out DIR [--quick] [--only growth,throughput,latency,concurrent]
 * [--httpserver-nodelay]}, or {@code LoadSuite --serve SERIES [--seconds N]} to keep the servers
 * up for profiling by hand. Every server listens on 127.0.0.1, every load is bounded in time, and
 * every server and child process is stopped before the JVM exits.
 */
public final class LoadSuite {

  /** The exporters, in table order. */
  static final List<String> TARGETS = List.of("metricsHandler", "inline", "micrometer", "httpServer");

  private final boolean quick;
  private final List<String> parts;
  private final Path out;
  private final List<Process> children = new ArrayList<>();
  private Vertx vertx;
  private WebClient client;

  // Durations in seconds (wrk takes whole seconds) unless named otherwise; sizes in series.
  private static final int MIN_REQUESTS_PER_ROUND = 15;
  private final int[] seriesCounts;
  private final int perFamily = 100;
  private final int latencySeries = 100_000;
  private final int warmupSeconds;
  private final int measureSeconds;
  private final int rounds;
  private final int latencyWarmupMillis;
  private final int latencyMillis;
  private final int[] growthSeries;
  private final int growthCardinalitySeries = 100_000;
  private final int[] growthPerFamily;
  private final long growthMillis;

  private LoadSuite(Path out, boolean quick, List<String> parts) {
    this.out = out;
    this.quick = quick;
    this.parts = parts;
    this.seriesCounts = new int[] {1_000, 10_000, 100_000};
    this.warmupSeconds = quick ? 1 : 2;
    this.measureSeconds = quick ? 1 : 2;
    this.rounds = quick ? 1 : 3;
    this.latencyWarmupMillis = quick ? 1_000 : 2_000;
    this.latencyMillis = quick ? 3_000 : 15_000;
    this.growthSeries = quick ? new int[] {1_000, 10_000, 100_000}
        : new int[] {1_000, 3_000, 10_000, 30_000, 100_000, 300_000};
    this.growthPerFamily = quick ? new int[] {10, 1_000, 100_000}
        : new int[] {1, 10, 100, 1_000, 10_000, 100_000};
    this.growthMillis = quick ? 300 : 1_500;
  }

  // Held so the setting sticks: client_java's HTTPServer logs a stack trace each time wrk closes
  // its connection mid-response at the end of a run; wrk counts real errors.
  private static final java.util.logging.Logger HTTPSERVER_LOG =
      java.util.logging.Logger.getLogger("io.prometheus.metrics.exporter.httpserver");

  public static void main(String[] args) {
    int status = 1;
    try {
      start(args);
      status = 0;
    } catch (Throwable t) {
      t.printStackTrace();
    } finally {
      // Whatever happened, this JVM ends here, its servers and child processes with it (the
      // shutdown hook kills the children): a failure must not leave a server listening.
      System.exit(status);
    }
  }

  private static void start(String[] args) throws Exception {
    HTTPSERVER_LOG.setLevel(java.util.logging.Level.OFF);
    Path out = null;
    boolean quick = false;
    List<String> parts = List.of("growth", "throughput", "latency", "concurrent");
    int serve = 0;
    int serveSeconds = 120;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--quick" -> quick = true;
        case "--only" -> parts = List.of(args[++i].split(","));
        case "--serve" -> serve = Integer.parseInt(args[++i]);
        case "--seconds" -> serveSeconds = Integer.parseInt(args[++i]);
        // The JDK server behind HTTPServer leaves Nagle on: its chunked gzip responses then wait for
        // the client's delayed ACK (~40 ms a scrape). Off by default, as a user gets it.
        case "--httpserver-nodelay" -> System.setProperty("sun.net.httpserver.nodelay", "true");
        default -> throw new IllegalArgumentException(args[i] + ": unknown argument");
      }
    }
    if (serve > 0) {
      serve(serve, serveSeconds);
      return;
    }
    if (out == null) {
      throw new IllegalArgumentException("--out DIR is required");
    }
    Files.createDirectories(out);
    LoadSuite suite = new LoadSuite(out, quick, parts);
    Runtime.getRuntime().addShutdownHook(new Thread(suite::killChildren, "kill-children"));
    JsonObject result = suite.run();
    Files.writeString(out.resolve("load.json"), result.encodePrettily());
    System.out.println("wrote " + out.resolve("load.json"));
  }

  private JsonObject run() throws Exception {
    JsonObject result = new JsonObject()
        .put("quick", quick)
        .put("machine", machine())
        .put("config", new JsonObject()
            .put("perFamily", perFamily)
            .put("warmupSeconds", warmupSeconds)
            .put("measureSeconds", measureSeconds)
            .put("rounds", rounds)
            .put("wrk", "-t1 -c1 (one scrape at a time, as Prometheus scrapes a target)")
            .put("latencyWarmupMillis", latencyWarmupMillis)
            .put("latencyMillis", latencyMillis)
            .put("pingIntervalMicros", 1_000)
            .put("httpServerNoDelay", Boolean.getBoolean("sun.net.httpserver.nodelay"))
            .put("pinning", Pinning.describe()));
    // Growth first, while nothing else lives in this heap: its heap figures are differences of
    // the used heap after full GCs, which a closing Vert.x (releasing its buffer pools) would skew.
    JsonObject growth = parts.contains("growth") ? growth() : new JsonObject();
    JsonArray throughput = new JsonArray();
    JsonArray latency = new JsonArray();
    JsonArray concurrent = new JsonArray();
    vertx = Vertx.vertx();
    client = WebClient.create(vertx, new WebClientOptions().setDecompressionSupported(false));
    try {
      if (parts.contains("concurrent")) {
        concurrent();
        concurrent = concurrentRows;
      }
      for (int series : seriesCounts) {
        if (!parts.contains("throughput") && !(series == latencySeries && parts.contains("latency"))) {
          continue;
        }
        log("building %,d series", series);
        PrometheusRegistry registry = Series.clientJava(series, perFamily);
        PrometheusMeterRegistry micrometer = Series.micrometer(series, perFamily);
        Servers servers = Servers.start(vertx, registry, micrometer);
        try {
          for (boolean gzip : new boolean[] {false, true}) {
            if (parts.contains("throughput")) {
              throughput(registry, servers, series, gzip).forEach(throughput::add);
            }
          }
          if (series == latencySeries && parts.contains("latency")) {
            latency.add(ping(servers, "idle", false));
            for (String target : List.of("metricsHandler", "inline", "micrometer")) {
              latency.add(ping(servers, target, true));
            }
          }
        } finally {
          servers.close(vertx);
        }
        Reference.reachabilityFence(registry);
        Reference.reachabilityFence(micrometer);
      }
    } finally {
      client.close();
      await(vertx.close());
      killChildren();
    }
    result.put("throughput", throughput).put("latency", latency).put("growth", growth)
        .put("concurrent", concurrent);
    result.getJsonObject("machine").put("loadAtEnd", loadAverage());
    return result;
  }

  /**
   * For profiling by hand: serves {@code series} series from every server for {@code seconds},
   * printing the URLs, then stops.
   */
  private static void serve(int series, int seconds) throws Exception {
    PrometheusRegistry registry = Series.clientJava(series, 100);
    PrometheusMeterRegistry micrometer = Series.micrometer(series, 100);
    Vertx vertx = Vertx.vertx();
    try {
      Servers servers = Servers.start(vertx, registry, micrometer);
      for (String target : TARGETS) {
        log("%-15s %s", target, servers.url(target, "/metrics"));
      }
      log("serving %,d series for %d s", series, seconds);
      Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
      servers.close(vertx);
    } finally {
      await(vertx.close());
    }
  }

  // --- scrape throughput ------------------------------------------------------------------------

  /**
   * All contenders for one series count and encoding: each is checked and warmed up, then measured
   * in {@code rounds} interleaved rounds (so a burst of outside load hits them all alike); the
   * figure is the median round.
   */
  private List<JsonObject> throughput(PrometheusRegistry registry, Servers servers, int series,
      boolean gzip) throws Exception {
    List<String> contenders = new ArrayList<>();
    contenders.add("encoder");
    contenders.addAll(TARGETS);
    List<JsonObject> rows = new ArrayList<>();
    for (String contender : contenders) {
      JsonObject row = row(series, contender, gzip).put("rounds", new JsonArray());
      rows.add(row);
      String problem = contender.equals("encoder") ? null
          : check(servers.url(contender, "/metrics"), series, gzip, row);
      if (problem != null) {
        log("%7d series %-8s %-15s INVALID: %s", series, encoding(gzip), contender, problem);
        row.put("valid", false).put("problem", problem);
        continue;
      }
      row.put("valid", true);
      double warmRate = measure(registry, servers, contender, gzip, warmupSeconds, row);
      // wrk counts whole requests, so a round must hold enough of them to be exact to a few percent.
      int seconds = (int) Math.ceil(MIN_REQUESTS_PER_ROUND / Math.max(warmRate, 0.1));
      row.put("roundSeconds", Math.max(measureSeconds, Math.min(seconds, 2 * measureSeconds)));
    }
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < rows.size(); k++) {
        // The order rotates every round: no contender always runs first, or right after another.
        JsonObject row = rows.get((k + round) % rows.size());
        if (row.getBoolean("valid")) {
          row.getJsonArray("rounds").add(measure(registry, servers, row.getString("target"), gzip,
              row.getInteger("roundSeconds"), row));
        }
      }
    }
    for (JsonObject row : rows) {
      if (row.getBoolean("valid")) {
        List<Double> rates = new ArrayList<>();
        row.getJsonArray("rounds").forEach(rate -> rates.add(((Number) rate).doubleValue()));
        rates.sort(null);
        row.put("scrapesPerSecond", rates.get(rates.size() / 2));
        log("%7d series %-8s %-15s %10.1f scrapes/s (rounds %s)", series, encoding(gzip),
            row.getString("target"), row.getDouble("scrapesPerSecond"), row.getJsonArray("rounds").stream()
                .map(rate -> String.format(Locale.ROOT, "%.1f", ((Number) rate).doubleValue()))
                .toList());
      }
    }
    return rows;
  }

  /** Scrapes/s of one contender over {@code seconds}; wrk's errors invalidate the row. */
  private double measure(PrometheusRegistry registry, Servers servers, String contender, boolean gzip,
      int seconds, JsonObject row) throws Exception {
    if (contender.equals("encoder")) {
      return encoder(registry, gzip, seconds, row);
    }
    Wrk result = wrk(servers.url(contender, "/metrics"), gzip, seconds);
    if (result.errors != 0) {
      row.put("valid", false).put("problem", result.errors + " errors or non-2xx responses");
    }
    return result.scrapesPerSecond;
  }

  /** The floor: collect and encode in a loop, on this thread, into a reused buffer. */
  private static double encoder(PrometheusRegistry registry, boolean gzip, int seconds, JsonObject row)
      throws IOException {
    PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long count = 0;
    long now;
    do {
      encodeOnce(registry, writer, buffer, gzip);
      count++;
      now = System.nanoTime();
    } while (now < end);
    row.put("bytes", buffer.size());
    return count / ((now - start) / 1e9);
  }

  private static void encodeOnce(PrometheusRegistry registry, PrometheusTextFormatWriter writer,
      ByteArrayOutputStream buffer, boolean gzip) throws IOException {
    buffer.reset();
    if (gzip) {
      try (GZIPOutputStream zipped = new GZIPOutputStream(buffer)) {
        writer.write(zipped, registry.scrape());
      }
    } else {
      writer.write(buffer, registry.scrape());
    }
  }

  /**
   * Scrapes once and checks what {@code wrk} cannot: status 200, the encoding asked for, and
   * exactly {@code series} samples in the body. Returns the problem, or {@code null}.
   */
  private String check(String url, int series, boolean gzip, JsonObject row) {
    try {
      var request = client.getAbs(url);
      if (gzip) {
        request.putHeader("Accept-Encoding", "gzip");
      }
      HttpResponse<Buffer> response = await(request.send());
      if (response.statusCode() != 200) {
        return "status " + response.statusCode();
      }
      byte[] body = response.bodyAsBuffer() == null ? new byte[0] : response.bodyAsBuffer().getBytes();
      row.put("bytes", body.length);
      boolean zipped = "gzip".equalsIgnoreCase(response.getHeader("Content-Encoding"));
      if (gzip && !zipped) {
        return "no gzip served";
      }
      String text = zipped ? gunzip(body) : new String(body, StandardCharsets.UTF_8);
      long samples = text.lines().filter(line -> line.startsWith("bench_family_")).count();
      if (samples != series) {
        return samples + " samples served, " + series + " expected";
      }
      return null;
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static String gunzip(byte[] body) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** One wrk run: with one connection, requests/s is scrapes/s. */
  private record Wrk(double scrapesPerSecond, long requests, long errors) {
  }

  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private Wrk wrk(String url, boolean gzip, int seconds) throws Exception {
    Process process = startWrk(url, gzip, seconds);
    return finishWrk(process, seconds);
  }

  private Process startWrk(String url, boolean gzip, int seconds) throws IOException {
    List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c1", "-d" + seconds + "s",
        "--timeout", "30s"));
    if (gzip) {
      command.addAll(List.of("-H", "Accept-Encoding: gzip"));
    }
    command.add(url);
    return start(Pinning.load(command));
  }

  private Wrk finishWrk(Process process, int seconds) throws Exception {
    if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("wrk did not stop");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Matcher rps = RPS.matcher(output);
    Matcher requests = REQUESTS.matcher(output);
    if (!rps.find() || !requests.find()) {
      throw new IllegalStateException("unreadable wrk output:\n" + output);
    }
    long errors = 0;
    Matcher non2xx = NON_2XX.matcher(output);
    if (non2xx.find()) {
      errors += Long.parseLong(non2xx.group(1));
    }
    Matcher socket = SOCKET_ERRORS.matcher(output);
    if (socket.find()) {
      for (int g = 1; g <= 4; g++) {
        errors += Long.parseLong(socket.group(g));
      }
    }
    return new Wrk(Double.parseDouble(rps.group(1)), Long.parseLong(requests.group(1)), errors);
  }

  // --- event-loop latency -----------------------------------------------------------------------

  /**
   * {@code /ping} latency on {@code target}'s server while {@code wrk} scrapes its {@code /metrics}
   * (with gzip, as Prometheus asks) for the whole probe; {@code idle} probes with no scraping.
   */
  private JsonObject ping(Servers servers, String target, boolean scraping) throws Exception {
    String server = scraping ? target : "metricsHandler";
    int loadSeconds = (latencyWarmupMillis + latencyMillis) / 1000 + 3;
    Process load = scraping ? startWrk(servers.url(server, "/metrics"), true, loadSeconds) : null;
    List<String> command = List.of(javaBin(), "-Xmx64m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), PingProbe.class.getName(),
        Integer.toString(servers.port(server)), "/ping", Integer.toString(latencyWarmupMillis),
        Integer.toString(latencyMillis), "1000");
    Process probe = start(Pinning.load(command));
    if (!probe.waitFor(latencyWarmupMillis + latencyMillis + 60_000L, TimeUnit.MILLISECONDS)) {
      probe.destroyForcibly();
      throw new IllegalStateException("probe did not stop");
    }
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    JsonObject row = new JsonObject(output.substring(output.lastIndexOf('\n') + 1))
        .put("target", target).put("series", latencySeries).put("scraping", scraping);
    if (load != null) {
      Wrk wrk = finishWrk(load, loadSeconds);
      row.put("scrapesPerSecond", wrk.scrapesPerSecond).put("scrapeErrors", wrk.errors);
    }
    log("ping on %-15s p50 %8.3f ms  p99 %8.3f ms  p99.9 %8.3f ms  max %8.3f ms", target,
        row.getDouble("p50_ms"), row.getDouble("p99_ms"), row.getDouble("p999_ms"),
        row.getDouble("max_ms"));
    return row;
  }

  // --- concurrent scrapers ----------------------------------------------------------------------

  private final JsonArray concurrentRows = new JsonArray();

  /**
   * Two and three scrapers of 100,000 series at once, back to back (one wrk -t1 -c1 each), with
   * text, gzip, or one of each, against {@code MetricsHandler} and against the uncoalesced handler
   * it replaced, each on a server of its own with {@code /ping} probed meanwhile. Rounds alternate
   * the two contenders, so outside load hits both alike. Besides scrapes/s, the CPU time this JVM
   * (which hosts the servers, not wrk or the probe) used per scrape: the same scrapes for less CPU
   * is what coalescing buys.
   */
  private void concurrent() throws Exception {
    log("building %,d series for the concurrent scrapers", latencySeries);
    PrometheusRegistry registry = Series.clientJava(latencySeries, perFamily);
    List<String> contenders = List.of("uncoalesced", "metricsHandler");
    MetricsHandler handler = MetricsHandler.create(registry);
    List<String> deployments = new ArrayList<>();
    List<ServerVerticle> verticles = new ArrayList<>();
    try {
      for (String contender : contenders) {
        ServerVerticle verticle = new ServerVerticle(contender,
            contender.equals("metricsHandler") ? handler : new UncoalescedScrapeHandler(registry),
            false);
        deployments.add(await(vertx.deployVerticle(verticle)));
        verticles.add(verticle);
      }
      int seconds = quick ? 3 : 5;
      int concurrentRounds = quick ? 1 : 3;
      // The machine's noise floor: /ping with nothing scraping, once per round like the rest.
      JsonObject idle = new JsonObject().put("series", latencySeries).put("scrapers", 0)
          .put("encoding", "none").put("target", "idle").put("rounds", new JsonArray());
      for (int round = 0; round < concurrentRounds; round++) {
        idle.getJsonArray("rounds").add(concurrentRun(verticles.get(1).port, 0, "none", seconds));
      }
      summarize(idle);
      concurrentRows.add(idle);
      log("idle               /ping p50 %6.2f ms  p99 %7.2f ms", idle.getDouble("p50_ms"),
          idle.getDouble("p99_ms"));
      for (int scrapers : new int[] {2, 3}) {
        for (String encoding : List.of("identity", "gzip", "mixed")) {
          List<JsonObject> rows = new ArrayList<>();
          for (int c = 0; c < contenders.size(); c++) {
            rows.add(new JsonObject().put("series", latencySeries).put("scrapers", scrapers)
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
            log("%d scrapers %-8s %-15s %7.2f scrapes/s  %6.1f ms CPU/scrape  ping p50 %6.2f ms"
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
        await(vertx.undeploy(id));
      }
      handler.close();
      Reference.reachabilityFence(registry);
    }
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
      loads.add(startWrk(url, gzip, seconds));
    }
    int warmupMillis = 500;
    int probeMillis = Math.max(500, seconds * 1000 - warmupMillis - 500);
    Process probe = start(Pinning.load(List.of(javaBin(), "-Xmx64m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), PingProbe.class.getName(),
        Integer.toString(port), "/ping", Integer.toString(warmupMillis),
        Integer.toString(probeMillis), "1000")));
    long requests = 0;
    long errors = 0;
    double rate = 0;
    for (Process load : loads) {
      Wrk wrk = finishWrk(load, seconds);
      requests += wrk.requests;
      errors += wrk.errors;
      rate += wrk.scrapesPerSecond;
    }
    long cpu = os.getProcessCpuTime() - cpuBefore;
    long wall = System.nanoTime() - wallBefore;
    if (!probe.waitFor(60, TimeUnit.SECONDS)) {
      probe.destroyForcibly();
      throw new IllegalStateException("probe did not stop");
    }
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    JsonObject ping = new JsonObject(output.substring(output.lastIndexOf('\n') + 1));
    return new JsonObject()
        .put("scrapesPerSecond", rate)
        .put("requests", requests)
        .put("errors", errors)
        .put("serverCpuCores", cpu / (double) wall)
        .put("cpuMillisPerScrape", requests == 0 ? 0 : cpu / 1e6 / requests)
        .put("p50_ms", ping.getDouble("p50_ms"))
        .put("p99_ms", ping.getDouble("p99_ms"))
        .put("load", loadAverage());
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

  // --- growth ---------------------------------------------------------------------------------

  private JsonObject growth() throws IOException {
    JsonArray bySeries = new JsonArray();
    StringBuilder seriesData = new StringBuilder(
        "# series perFamily scrape_ms heap_mb alloc_mb_per_scrape bytes micrometer_scrape_ms"
            + " micrometer_heap_mb\n");
    for (int series : growthSeries) {
      JsonObject point = growthPoint(series, perFamily, true);
      bySeries.add(point);
      seriesData.append(String.format(Locale.ROOT, "%d %d %.4f %.2f %.3f %d %.4f %.2f%n", series,
          perFamily, point.getDouble("scrapeMillis"), point.getDouble("heapMb"),
          point.getDouble("allocMbPerScrape"), point.getLong("bytes"),
          point.getDouble("micrometerScrapeMillis"), point.getDouble("micrometerHeapMb")));
    }
    JsonArray byCardinality = new JsonArray();
    StringBuilder cardinalityData = new StringBuilder(
        "# perFamily families series scrape_ms heap_mb alloc_mb_per_scrape bytes\n");
    for (int labels : growthPerFamily) {
      JsonObject point = growthPoint(growthCardinalitySeries, labels, false);
      byCardinality.add(point);
      cardinalityData.append(String.format(Locale.ROOT, "%d %d %d %.4f %.2f %.3f %d%n", labels,
          growthCardinalitySeries / labels, growthCardinalitySeries, point.getDouble("scrapeMillis"),
          point.getDouble("heapMb"), point.getDouble("allocMbPerScrape"), point.getLong("bytes")));
    }
    Files.writeString(out.resolve("growth-series.dat"), seriesData);
    Files.writeString(out.resolve("growth-cardinality.dat"), cardinalityData);
    return new JsonObject().put("bySeries", bySeries).put("byCardinality", byCardinality);
  }

  private JsonObject growthPoint(int series, int labels, boolean withMicrometer) throws IOException {
    JsonObject point = new JsonObject().put("series", series).put("perFamily", labels)
        .put("families", series / labels);
    long before = usedHeapAfterGc();
    PrometheusRegistry registry = Series.clientJava(series, labels);
    point.put("heapMb", (usedHeapAfterGc() - before) / 1e6);
    PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
    Timed ours = timed(() -> {
      buffer.reset();
      writer.write(buffer, registry.scrape());
    });
    point.put("scrapeMillis", ours.millis).put("allocMbPerScrape", ours.allocatedBytes / 1e6)
        .put("bytes", buffer.size());
    Reference.reachabilityFence(registry);
    if (withMicrometer) {
      before = usedHeapAfterGc();
      PrometheusMeterRegistry micrometer = Series.micrometer(series, labels);
      point.put("micrometerHeapMb", (usedHeapAfterGc() - before) / 1e6);
      // What PrometheusScrapingHandler calls: the whole exposition as one String.
      Timed theirs = timed(() -> micrometer.scrape().length());
      point.put("micrometerScrapeMillis", theirs.millis)
          .put("micrometerAllocMbPerScrape", theirs.allocatedBytes / 1e6);
      Reference.reachabilityFence(micrometer);
    }
    log("growth %,7d series in families of %,7d: %8.2f ms/scrape, %7.1f MB heap, %7.1f MB alloc/scrape%s",
        series, labels, point.getDouble("scrapeMillis"), point.getDouble("heapMb"),
        point.getDouble("allocMbPerScrape"), withMicrometer
            ? String.format(Locale.ROOT, " | micrometer %8.2f ms, %7.1f MB heap",
                point.getDouble("micrometerScrapeMillis"), point.getDouble("micrometerHeapMb"))
            : "");
    return point;
  }

  @FunctionalInterface
  private interface Scrape {
    void run() throws IOException;
  }

  private record Timed(double millis, double allocatedBytes) {
  }

  /** Mean time and bytes allocated per scrape, after a short warm-up, on this thread. */
  private Timed timed(Scrape scrape) throws IOException {
    long warmupEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(growthMillis / 3);
    int warm = 0;
    while (warm < 3 || System.nanoTime() < warmupEnd) {
      scrape.run();
      warm++;
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    long end = start + TimeUnit.MILLISECONDS.toNanos(growthMillis);
    int count = 0;
    long now;
    do {
      scrape.run();
      count++;
      now = System.nanoTime();
    } while (count < 5 || now < end);
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    return new Timed((now - start) / 1e6 / count, (double) allocated / count);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  // --- servers ----------------------------------------------------------------------------------

  /** One server per exporter; the three Vert.x ones each on one event loop, with {@code /ping}. */
  private static final class Servers {

    private final List<ServerVerticle> verticles = new ArrayList<>();
    private final List<String> deployments = new ArrayList<>();
    private HTTPServer httpServer;

    static Servers start(Vertx vertx, PrometheusRegistry registry, PrometheusMeterRegistry micrometer)
        throws IOException {
      Servers servers = new Servers();
      try {
        servers.deploy(vertx, "metricsHandler", MetricsHandler.create(registry), false);
        servers.deploy(vertx, "inline", new InlineScrapeHandler(registry), false);
        // Micrometer's handler has no gzip of its own: server compression is how a user gets it.
        servers.deploy(vertx, "micrometer",
            io.vertx.micrometer.PrometheusScrapingHandler.create(micrometer), true);
        servers.httpServer = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry)
            .buildAndStart();
      } catch (RuntimeException | IOException e) {
        servers.close(vertx);
        throw e;
      }
      return servers;
    }

    private void deploy(Vertx vertx, String name, Handler<RoutingContext> metrics, boolean compression) {
      ServerVerticle verticle = new ServerVerticle(name, metrics, compression);
      deployments.add(await(vertx.deployVerticle(verticle)));
      verticles.add(verticle);
    }

    int port(String target) {
      if (target.equals("httpServer")) {
        return httpServer.getPort();
      }
      return verticles.stream().filter(v -> v.name.equals(target)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(target + ": no such server")).port;
    }

    String url(String target, String path) {
      return "http://127.0.0.1:" + port(target) + path;
    }

    void close(Vertx vertx) {
      if (httpServer != null) {
        httpServer.close();
      }
      for (String id : deployments) {
        await(vertx.undeploy(id));
      }
    }
  }

  private static final class ServerVerticle extends VerticleBase {

    final String name;
    private final Handler<RoutingContext> metrics;
    private final boolean compression;
    volatile int port;

    ServerVerticle(String name, Handler<RoutingContext> metrics, boolean compression) {
      this.name = name;
      this.metrics = metrics;
      this.compression = compression;
    }

    @Override
    public Future<?> start() {
      Router router = Router.router(vertx);
      router.get("/ping").handler(ctx -> ctx.response().end("pong"));
      router.route("/metrics").handler(metrics);
      return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
              .setCompressionSupported(compression))
          .requestHandler(router)
          .listen()
          .onSuccess(server -> port = server.actualPort());
    }
  }

  // --- plumbing ---------------------------------------------------------------------------------

  /** Waits for {@code future} on this (non-Vert.x) thread, never forever. */
  static <T> T await(Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("no answer within 60 s", e);
    }
  }

  private static JsonObject row(int series, String target, boolean gzip) {
    return new JsonObject().put("series", series).put("target", target).put("encoding", encoding(gzip));
  }

  private static String encoding(boolean gzip) {
    return gzip ? "gzip" : "identity";
  }

  private Process start(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    synchronized (children) {
      children.add(process);
    }
    return process;
  }

  private void killChildren() {
    synchronized (children) {
      for (Process process : children) {
        if (process.isAlive()) {
          process.destroyForcibly();
        }
      }
      children.clear();
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static JsonObject machine() {
    String cpu = "unknown";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name")).findFirst()
          .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse(cpu);
    } catch (IOException | UncheckedIOException e) {
      // Not Linux: the CPU model stays unknown.
    }
    Runtime runtime = Runtime.getRuntime();
    return new JsonObject()
        .put("cpu", cpu)
        // The machine's CPUs, not this JVM's share of them (the suite pins it to some).
        .put("cores", onlineCpus(runtime.availableProcessors()))
        .put("memoryMb", memoryMb())
        .put("maxHeapMb", runtime.maxMemory() / (1 << 20))
        .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
        .put("loadAtStart", loadAverage());
  }

  private static int onlineCpus(int fallback) {
    try {
      int count = (int) Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("processor")).count();
      return count > 0 ? count : fallback;
    } catch (IOException | UncheckedIOException e) {
      return fallback;
    }
  }

  private static long memoryMb() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(line -> line.startsWith("MemTotal:"))
          .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024)
          .findFirst().orElse(-1);
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void log(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
