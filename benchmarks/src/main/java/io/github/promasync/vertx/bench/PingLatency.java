package io.github.promasync.vertx.bench;

import io.vertx.core.json.JsonObject;

/**
 * {@link LoadSuite}'s event-loop latency: {@code /ping} latency on a server of
 * {@link ScrapeServers}, measured by {@link PingProbe} in its own JVM, while {@code wrk} scrapes the
 * server's {@code /metrics} back to back (or, for the noise floor, while nothing does).
 */
final class PingLatency {

  private final ChildProcesses children;
  private final int warmupMillis;
  private final int millis;
  private final int series;

  PingLatency(ChildProcesses children, int warmupMillis, int millis, int series) {
    this.children = children;
    this.warmupMillis = warmupMillis;
    this.millis = millis;
    this.series = series;
  }

  /**
   * {@code /ping} latency on {@code target}'s server while {@code wrk} scrapes its {@code /metrics}
   * (with gzip, as Prometheus asks) for the whole probe; {@code idle} probes with no scraping.
   */
  JsonObject run(ScrapeServers servers, String target, boolean scraping) throws Exception {
    String server = scraping ? target : "metricsHandler";
    int loadSeconds = (warmupMillis + millis) / 1000 + 3;
    Process load = scraping ? children.start(Wrk.scraper(servers.url(server, "/metrics"), true, loadSeconds))
        : null;
    Process probe = children.start(PingProbe.command(servers.port(server), warmupMillis, millis));
    JsonObject row = PingProbe.result(probe, warmupMillis + millis + 60_000L)
        .put("target", target).put("series", series).put("scraping", scraping);
    if (load != null) {
      WrkOutput wrk = Wrk.await(load, loadSeconds);
      row.put("scrapesPerSecond", wrk.requestsPerSecond()).put("scrapeErrors", wrk.errors());
    }
    LoadSuite.log("ping on %-15s p50 %8.3f ms  p99 %8.3f ms  p99.9 %8.3f ms  max %8.3f ms", target,
        row.getDouble("p50_ms"), row.getDouble("p99_ms"), row.getDouble("p999_ms"),
        row.getDouble("max_ms"));
    return row;
  }
}
