package io.github.promasync.vertx.bench;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@link LoadSuite}'s growth: scrape time (the encoder alone, on this thread), heap and allocation
 * per scrape as the series count grows and as the label cardinality of 100,000 series grows,
 * beside Micrometer's. Writes the gnuplot data files {@code growth-series.dat} and
 * {@code growth-cardinality.dat}. Measured first, while nothing else lives in the heap.
 */
final class Growth {

  private final Path out;
  private final int perFamily;
  private final int[] growthSeries;
  private final int growthCardinalitySeries = 100_000;
  private final int[] growthPerFamily;
  private final long growthMillis;

  Growth(Path out, boolean quick, int perFamily) {
    this.out = out;
    this.perFamily = perFamily;
    this.growthSeries = quick ? new int[] {1_000, 10_000, 100_000}
        : new int[] {1_000, 3_000, 10_000, 30_000, 100_000, 300_000};
    this.growthPerFamily = quick ? new int[] {10, 1_000, 100_000}
        : new int[] {1, 10, 100, 1_000, 10_000, 100_000};
    this.growthMillis = quick ? 300 : 1_500;
  }

  JsonObject run() throws IOException {
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
    LoadSuite.log("growth %,7d series in families of %,7d: %8.2f ms/scrape, %7.1f MB heap, %7.1f MB alloc/scrape%s",
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
}
