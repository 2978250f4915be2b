package io.github.promasync.vertx.bench;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP half of the suite, in one JVM that hosts every server: scrape throughput per exporter
 * and series count (load from {@code wrk}: {@link ScrapeThroughput}), {@code /ping} latency while
 * {@code /metrics} is scraped (probe from {@link PingProbe} in its own JVM: {@link PingLatency}),
 * concurrent scrapers ({@link ConcurrentScrapers}), and growth of scrape time and heap with series
 * count and label cardinality ({@link Growth}). Writes {@code load.json} and the gnuplot data
 * files.
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
  private final ChildProcesses children = new ChildProcesses();

  // Durations in seconds (wrk takes whole seconds) unless named otherwise; sizes in series.
  private final int[] seriesCounts;
  private final int perFamily = 100;
  private final int latencySeries = 100_000;
  private final int warmupSeconds;
  private final int measureSeconds;
  private final int rounds;
  private final int latencyWarmupMillis;
  private final int latencyMillis;

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
    Runtime.getRuntime().addShutdownHook(new Thread(suite.children::killAll, "kill-children"));
    JsonObject result = suite.run();
    Files.writeString(out.resolve("load.json"), result.encodePrettily());
    System.out.println("wrote " + out.resolve("load.json"));
  }

  private JsonObject run() throws Exception {
    JsonObject result = new JsonObject()
        .put("quick", quick)
        .put("machine", Machine.describe())
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
    JsonObject growth = parts.contains("growth") ? new Growth(out, quick, perFamily).run() : new JsonObject();
    JsonArray throughput = new JsonArray();
    JsonArray latency = new JsonArray();
    JsonArray concurrent = new JsonArray();
    Vertx vertx = Vertx.vertx();
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDecompressionSupported(false));
    ScrapeThroughput scrapes = new ScrapeThroughput(client, children, warmupSeconds, measureSeconds, rounds);
    PingLatency pings = new PingLatency(children, latencyWarmupMillis, latencyMillis, latencySeries);
    try {
      if (parts.contains("concurrent")) {
        concurrent = new ConcurrentScrapers(vertx, children, quick, latencySeries, perFamily).run();
      }
      for (int series : seriesCounts) {
        if (!parts.contains("throughput") && !(series == latencySeries && parts.contains("latency"))) {
          continue;
        }
        log("building %,d series", series);
        PrometheusRegistry registry = Series.clientJava(series, perFamily);
        PrometheusMeterRegistry micrometer = Series.micrometer(series, perFamily);
        ScrapeServers servers = ScrapeServers.start(vertx, registry, micrometer);
        try {
          for (boolean gzip : new boolean[] {false, true}) {
            if (parts.contains("throughput")) {
              scrapes.run(registry, servers, series, gzip).forEach(throughput::add);
            }
          }
          if (series == latencySeries && parts.contains("latency")) {
            latency.add(pings.run(servers, "idle", false));
            for (String target : List.of("metricsHandler", "inline", "micrometer")) {
              latency.add(pings.run(servers, target, true));
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
      children.killAll();
    }
    result.put("throughput", throughput).put("latency", latency).put("growth", growth)
        .put("concurrent", concurrent);
    result.getJsonObject("machine").put("loadAtEnd", Machine.loadAverage());
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
      ScrapeServers servers = ScrapeServers.start(vertx, registry, micrometer);
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

  // --- plumbing ---------------------------------------------------------------------------------

  /** Waits for {@code future} on this (non-Vert.x) thread, never forever. */
  static <T> T await(Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("no answer within 60 s", e);
    }
  }

  static void log(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
