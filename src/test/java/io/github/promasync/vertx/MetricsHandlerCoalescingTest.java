package io.github.promasync.vertx;

import static io.github.promasync.vertx.testing.LocalHttp.HOST;
import static io.github.promasync.vertx.testing.LocalHttp.gunzip;
import static io.github.promasync.vertx.testing.LocalHttp.isGzip;
import static io.github.promasync.vertx.testing.LocalHttp.listen;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.config.ExporterHttpServerProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Concurrent scrapes share one collection; nothing outlives it. */
@ExtendWith(VertxExtension.class)
class MetricsHandlerCoalescingTest {

  private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final CountingCollector collector = new CountingCollector("counted");
  private final MetricsHandler handler = MetricsHandler.create(registry);
  private Vertx vertx;
  private WebClient client;
  private int port;
  // Counted down once a scrape has joined or started its collection (handle() returned).
  private volatile CountDownLatch joined = new CountDownLatch(0);

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(16));
    registry.register(collector);
    Router router = Router.router(vertx);
    router.route("/metrics").handler(ctx -> {
      // On the event loop MetricsHandler joins synchronously, before ctx.next() returns.
      ctx.next();
      joined.countDown();
    }).handler(handler);
    port = listen(vertx, router);
  }

  @AfterEach
  void tearDown() {
    collector.release();
    handler.close();
  }

  private HttpRequest<Buffer> scrape(String uri) {
    return client.get(port, HOST, uri);
  }

  @Test
  void concurrentIdenticalScrapesShareOneCollectionAndTheNextCollectsAgain() throws Exception {
    collector.hold();
    joined = new CountDownLatch(3);
    List<Future<HttpResponse<Buffer>>> scrapes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      scrapes.add(scrape("/metrics").send());
    }
    assertThat(joined.await(10, TimeUnit.SECONDS)).isTrue();
    collector.release();

    List<String> bodies = new ArrayList<>();
    for (Future<HttpResponse<Buffer>> scrape : scrapes) {
      HttpResponse<Buffer> response = scrape.await();
      assertThat(response.statusCode()).isEqualTo(200);
      bodies.add(response.bodyAsString());
    }
    assertThat(bodies).containsOnly(
        "# HELP counted Collections so far.\n# TYPE counted gauge\ncounted 1.0\n");
    assertThat(collector.collections()).isEqualTo(1);

    HttpResponse<Buffer> fourth = scrape("/metrics").send().await();
    assertThat(fourth.bodyAsString()).contains("counted 2.0\n");
    assertThat(collector.collections()).isEqualTo(2);
  }

  @Test
  void textGzipAndOpenMetricsAtOnceShareTheCollection() throws Exception {
    collector.hold();
    joined = new CountDownLatch(3);
    Future<HttpResponse<Buffer>> text = scrape("/metrics").send();
    Future<HttpResponse<Buffer>> gzip = scrape("/metrics")
        .putHeader("Accept-Encoding", "gzip").send();
    Future<HttpResponse<Buffer>> openMetrics = scrape("/metrics")
        .putHeader("Accept", OPENMETRICS).send();
    assertThat(joined.await(10, TimeUnit.SECONDS)).isTrue();
    collector.release();

    String expected = "# HELP counted Collections so far.\n# TYPE counted gauge\ncounted 1.0\n";
    assertThat(text.await().bodyAsString()).isEqualTo(expected);
    HttpResponse<Buffer> zipped = gzip.await();
    assertThat(zipped.getHeader("Content-Encoding")).isEqualTo("gzip");
    assertThat(isGzip(zipped.body())).isTrue();
    assertThat(gunzip(zipped.body()).toString()).isEqualTo(expected);
    HttpResponse<Buffer> om = openMetrics.await();
    assertThat(om.getHeader("Content-Type")).startsWith("application/openmetrics-text");
    assertThat(om.bodyAsString()).contains("counted 1.0\n").endsWith("# EOF\n");
    assertThat(collector.collections()).isEqualTo(1);
  }

  @Test
  void headAndGetShareTheCollectionAndHeadGetsNoBody() throws Exception {
    collector.hold();
    joined = new CountDownLatch(2);
    Future<HttpResponse<Buffer>> head = client.request(HttpMethod.HEAD, port, HOST, "/metrics")
        .send();
    Future<HttpResponse<Buffer>> get = scrape("/metrics").send();
    assertThat(joined.await(10, TimeUnit.SECONDS)).isTrue();
    collector.release();

    HttpResponse<Buffer> getResponse = get.await();
    HttpResponse<Buffer> headResponse = head.await();
    assertThat(getResponse.bodyAsString()).contains("counted 1.0\n");
    assertThat(headResponse.body()).isNull();
    assertThat(headResponse.getHeader("Content-Length"))
        .isEqualTo(String.valueOf(getResponse.body().length()));
    assertThat(collector.collections()).isEqualTo(1);
  }

  @Test
  void differentQueryStringsCollectSeparately() throws Exception {
    collector.hold();
    joined = new CountDownLatch(2);
    Future<HttpResponse<Buffer>> all = scrape("/metrics").send();
    Future<HttpResponse<Buffer>> filtered = scrape("/metrics?name[]=counted").send();
    assertThat(joined.await(10, TimeUnit.SECONDS)).isTrue();
    collector.release();

    assertThat(all.await().statusCode()).isEqualTo(200);
    assertThat(filtered.await().statusCode()).isEqualTo(200);
    assertThat(collector.collections()).isEqualTo(2);
  }

  @Test
  void aClientThatGoesAwayDoesNotCancelTheCollectionForTheOthers() throws Exception {
    collector.hold();
    joined = new CountDownLatch(2);
    HttpClient leaving = vertx.createHttpClient(new HttpClientOptions());
    Future<Void> left = leaving.request(HttpMethod.GET, port, HOST, "/metrics")
        .compose(request -> request.send().mapEmpty())
        .mapEmpty();
    Future<HttpResponse<Buffer>> staying = scrape("/metrics").send();
    assertThat(joined.await(10, TimeUnit.SECONDS)).isTrue();
    // The first client closes its connection while the collection is still held.
    leaving.close().await();
    collector.release();

    HttpResponse<Buffer> response = staying.await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).contains("counted 1.0\n");
    assertThat(left.failed() || !left.isComplete()).isTrue();
    assertThat(collector.collections()).isEqualTo(1);
  }

  @Test
  void withPreferUncompressedResponseTheGzipScraperGetsThePlainBodyToo() throws Exception {
    MetricsHandler plainOnly = MetricsHandler.create(PrometheusProperties.builder()
        .exporterHttpServerProperties(
            ExporterHttpServerProperties.builder().preferUncompressedResponse(true).build())
        .build(), new MetricsHandlerOptions(), registry);
    Router router = Router.router(vertx);
    router.route("/metrics").handler(ctx -> {
      ctx.next();
      joined.countDown();
    }).handler(plainOnly);
    int plainPort = listen(vertx, router);
    collector.hold();
    joined = new CountDownLatch(2);
    Future<HttpResponse<Buffer>> text = client.get(plainPort, HOST, "/metrics").send();
    Future<HttpResponse<Buffer>> gzip = client.get(plainPort, HOST, "/metrics")
        .putHeader("Accept-Encoding", "gzip").send();
    assertThat(joined.await(10, TimeUnit.SECONDS)).isTrue();
    collector.release();

    HttpResponse<Buffer> zipped = gzip.await();
    assertThat(zipped.getHeader("Content-Encoding")).isNull();
    assertThat(zipped.bodyAsString()).isEqualTo(text.await().bodyAsString())
        .contains("counted 1.0\n");
    assertThat(collector.collections()).isEqualTo(1);
    plainOnly.close();
  }
}
