package io.github.promasync.vertx.bench;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@link LoadSuite}'s scrape throughput over HTTP: scrapes/s of each exporter of
 * {@link ScrapeServers} from one {@code wrk} scraper (one scrape at a time, as Prometheus scrapes a
 * target), beside the encoder alone on this thread (the floor), for one series count and encoding.
 */
final class ScrapeThroughput {

  /** The fewest scrapes a measured round should hold (a round lasts at most twice the default). */
  private static final int MIN_REQUESTS_PER_ROUND = 15;

  private final WebClient client;
  private final ChildProcesses children;
  private final int warmupSeconds;
  private final int measureSeconds;
  private final int rounds;

  ScrapeThroughput(WebClient client, ChildProcesses children, int warmupSeconds, int measureSeconds,
      int rounds) {
    this.client = client;
    this.children = children;
    this.warmupSeconds = warmupSeconds;
    this.measureSeconds = measureSeconds;
    this.rounds = rounds;
  }

  /**
   * All contenders for one series count and encoding: each is checked and warmed up, then measured
   * in {@code rounds} interleaved rounds (so a burst of outside load hits them all alike); the
   * figure is the median round.
   */
  List<JsonObject> run(PrometheusRegistry registry, ScrapeServers servers, int series,
      boolean gzip) throws Exception {
    List<String> contenders = new ArrayList<>();
    contenders.add("encoder");
    contenders.addAll(LoadSuite.TARGETS);
    List<JsonObject> rows = new ArrayList<>();
    for (String contender : contenders) {
      JsonObject row = row(series, contender, gzip).put("rounds", new JsonArray());
      rows.add(row);
      String problem = contender.equals("encoder") ? null
          : check(servers.url(contender, "/metrics"), series, gzip, row);
      if (problem != null) {
        LoadSuite.log("%7d series %-8s %-15s INVALID: %s", series, encoding(gzip), contender, problem);
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
        LoadSuite.log("%7d series %-8s %-15s %10.1f scrapes/s (rounds %s)", series, encoding(gzip),
            row.getString("target"), row.getDouble("scrapesPerSecond"), row.getJsonArray("rounds").stream()
                .map(rate -> String.format(Locale.ROOT, "%.1f", ((Number) rate).doubleValue()))
                .toList());
      }
    }
    return rows;
  }

  /** Scrapes/s of one contender over {@code seconds}; wrk's errors invalidate the row. */
  private double measure(PrometheusRegistry registry, ScrapeServers servers, String contender, boolean gzip,
      int seconds, JsonObject row) throws Exception {
    if (contender.equals("encoder")) {
      return encoder(registry, gzip, seconds, row);
    }
    WrkOutput result = Wrk.await(children.start(Wrk.scraper(servers.url(contender, "/metrics"), gzip,
        seconds)), seconds);
    if (result.errors() != 0) {
      row.put("valid", false).put("problem", result.errors() + " errors or non-2xx responses");
    }
    return result.requestsPerSecond();
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
      HttpResponse<Buffer> response = LoadSuite.await(request.send());
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

  static JsonObject row(int series, String target, boolean gzip) {
    return new JsonObject().put("series", series).put("target", target).put("encoding", encoding(gzip));
  }

  static String encoding(boolean gzip) {
    return gzip ? "gzip" : "identity";
  }
}
