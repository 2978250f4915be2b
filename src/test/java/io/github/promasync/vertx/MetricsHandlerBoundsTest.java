package io.github.promasync.vertx;

import static io.github.promasync.vertx.testing.LocalHttp.HOST;
import static io.github.promasync.vertx.testing.LocalHttp.listen;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.CapturedLog;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scrape pool, the in-flight cap, the timeout and the throttled error log. */
@ExtendWith(VertxExtension.class)
class MetricsHandlerBoundsTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final CountingCollector collector = new CountingCollector("counted");
  private final List<MetricsHandler> handlers = new ArrayList<>();
  private Vertx vertx;
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx, new WebClientOptions(),
        new PoolOptions().setHttp1MaxSize(64));
    registry.register(collector);
  }

  @AfterEach
  void tearDown() {
    collector.release();
    handlers.forEach(MetricsHandler::close);
  }

  private int serve(MetricsHandlerOptions options) {
    MetricsHandler handler = MetricsHandler.create(options, registry);
    handlers.add(handler);
    Router router = Router.router(vertx);
    router.get("/ping").handler(ctx -> ctx.end("pong"));
    router.route("/metrics").handler(handler);
    return listen(vertx, router);
  }

  private double refused(String reason) {
    return registry.scrape("promasync_scrapes_refused"::equals).stream()
        .flatMap(s -> ((CounterSnapshot) s).getDataPoints().stream())
        .filter(p -> p.getLabels().get("reason").equals(reason))
        .mapToDouble(CounterDataPointSnapshot::getValue)
        .sum();
  }

  @Test
  void aHungCollectorStarvesOnlyTheScrapesAndTheExcessIsRefusedAtOnce() throws Exception {
    int port = serve(new MetricsHandlerOptions()
        .setScrapePoolSize(2).setMaxInFlight(4).setScrapeTimeoutSeconds(60));
    collector.hold();

    // Fifty distinct scrapes (a collector sees the query, so they cannot share a collection).
    List<Future<HttpResponse<Buffer>>> scrapes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      scrapes.add(client.get(port, HOST, "/metrics?attempt=" + i).send());
    }
    List<HttpResponse<Buffer>> refused = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> waiting = new ArrayList<>();
    long start = System.nanoTime();
    // The refused ones are answered while the collector still hangs; the other four wait.
    for (Future<HttpResponse<Buffer>> scrape : scrapes) {
      Future<HttpResponse<Buffer>> bounded = scrape.timeout(1, TimeUnit.SECONDS);
      try {
        refused.add(bounded.await());
      } catch (Exception e) {
        waiting.add(scrape);
      }
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(refused).hasSize(46).allSatisfy(response -> {
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.getHeader("Retry-After")).isEqualTo("5");
      assertThat(response.bodyAsString())
          .isEqualTo("Too many scrapes in flight (4 collections): retry later\n");
    });
    assertThat(waiting).hasSize(4);
    // Two collections hang on the two pool threads; the application's worker pool is untouched.
    assertThat(collector.collections()).isEqualTo(2);
    String ran = vertx.executeBlocking(() -> "ran")
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(ran).isEqualTo("ran");
    assertThat(refused("max_in_flight")).isEqualTo(46);

    collector.release();
    for (Future<HttpResponse<Buffer>> scrape : waiting) {
      assertThat(scrape.await().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void prometheusScrapeTimeoutHeaderBoundsTheWait() throws Exception {
    int port = serve(new MetricsHandlerOptions());
    collector.hold();

    long start = System.nanoTime();
    HttpResponse<Buffer> timedOut = client.get(port, HOST, "/metrics")
        .putHeader("X-Prometheus-Scrape-Timeout-Seconds", "0.2").send().await();
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertThat(timedOut.statusCode()).isEqualTo(503);
    assertThat(timedOut.bodyAsString()).isEqualTo(
        "Metrics collection did not finish within the scrape timeout of 0.2 s\n");
    assertThat(waited).isBetween(Duration.ofMillis(200), Duration.ofSeconds(2));
    assertThat(client.get(port, HOST, "/ping").send().await().bodyAsString()).isEqualTo("pong");
    assertThat(refused("timeout")).isEqualTo(1);

    collector.release();
    HttpResponse<Buffer> next = client.get(port, HOST, "/metrics").send().await();
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(next.bodyAsString()).contains("counted ");
  }

  @Test
  void theConfiguredTimeoutAppliesWithoutTheHeader() throws Exception {
    int port = serve(new MetricsHandlerOptions().setScrapeTimeoutSeconds(0.3));
    collector.hold();

    HttpResponse<Buffer> timedOut = client.get(port, HOST, "/metrics")
        .putHeader("X-Prometheus-Scrape-Timeout-Seconds", "soon").send().await();

    assertThat(timedOut.statusCode()).isEqualTo(503);
    assertThat(timedOut.bodyAsString()).isEqualTo(
        "Metrics collection did not finish within the scrape timeout of 0.3 s\n");
  }

  @Test
  void aCollectorThatKeepsFailingIsLoggedWithItsStackTraceOnce() {
    collector.failWith(new IllegalStateException("database unreachable"));
    int port = serve(new MetricsHandlerOptions());

    try (CapturedLog log = new CapturedLog(MetricsHandler.class.getName(), true)) {
      for (int i = 0; i < 20; i++) {
        HttpResponse<Buffer> response = client.get(port, HOST, "/metrics").send().await();
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.bodyAsString())
            .isEqualTo("Error while collecting metrics; see the server log\n");
      }

      assertThat(collector.collections()).isEqualTo(20);
      assertThat(log.atLeast(Level.WARNING)).singleElement().satisfies(record -> {
        assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
        assertThat(record.getThrown()).hasMessage("database unreachable");
      });
    }
  }

  @Test
  void aClosedHandlerAnswers503() {
    MetricsHandler handler = MetricsHandler.create(registry);
    Router router = Router.router(vertx);
    router.route("/metrics").handler(handler);
    int port = listen(vertx, router);
    handler.close();

    HttpResponse<Buffer> response = client.get(port, HOST, "/metrics").send().await();

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsString()).isEqualTo("Metrics handler is closed\n");
  }
}
