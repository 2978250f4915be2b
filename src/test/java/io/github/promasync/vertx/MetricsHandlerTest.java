package io.github.promasync.vertx;

import static io.github.promasync.vertx.testing.LocalHttp.HOST;
import static io.github.promasync.vertx.testing.LocalHttp.listen;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.CapturedLog;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class MetricsHandlerTest {

  private static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<Throwable> unhandled = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
    vertx.exceptionHandler(unhandled::add);
    Counter requests = Counter.builder().name("requests").help("Requests.").register(registry);
    requests.inc(3);
  }

  private int serve(MetricsHandler handler) {
    Router router = Router.router(vertx);
    router.route("/metrics").handler(handler);
    return listen(vertx, router);
  }

  private HttpResponse<Buffer> send(HttpMethod method, int port, String uri) {
    return client.request(method, port, HOST, uri).send().await();
  }

  @Test
  void servesTheRegistryAsPrometheusText() {
    int port = serve(MetricsHandler.create(registry));

    HttpResponse<Buffer> response = send(HttpMethod.GET, port, "/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo(TEXT_004);
    assertThat(response.bodyAsString()).contains("requests_total 3.0\n");
    assertThat(response.getHeader("Content-Length"))
        .isEqualTo(String.valueOf(response.body().length()));
  }

  @Test
  void answersHeadWithTheHeadersOfGetAndNoBody() {
    int port = serve(MetricsHandler.create(registry));
    HttpResponse<Buffer> get = send(HttpMethod.GET, port, "/metrics");

    HttpResponse<Buffer> head = send(HttpMethod.HEAD, port, "/metrics");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.getHeader("Content-Type")).isEqualTo(TEXT_004);
    assertThat(head.getHeader("Content-Length")).isEqualTo(String.valueOf(get.body().length()));
    assertThat(head.body()).isNull();
  }

  @Test
  void answersHeadWithGzipWithTheCompressedLength() {
    int port = serve(MetricsHandler.create(registry));
    HttpResponse<Buffer> get = client.get(port, HOST, "/metrics")
        .putHeader("Accept-Encoding", "gzip").send().await();

    HttpResponse<Buffer> head = client.head(port, HOST, "/metrics")
        .putHeader("Accept-Encoding", "gzip").send().await();

    assertThat(get.getHeader("Content-Encoding")).isEqualTo("gzip");
    assertThat(head.getHeader("Content-Encoding")).isEqualTo("gzip");
    assertThat(head.getHeader("Content-Length")).isEqualTo(String.valueOf(get.body().length()));
    assertThat(head.body()).isNull();
  }

  @Test
  void answersEveryOtherMethodWith405AndAnAllowHeader() {
    int port = serve(MetricsHandler.create(registry));

    for (HttpMethod method : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
        HttpMethod.PATCH, HttpMethod.OPTIONS)) {
      HttpResponse<Buffer> response = client.request(method, port, HOST, "/metrics")
          .sendBuffer(Buffer.buffer("ignored body")).await();

      assertThat(response.statusCode()).as(method.name()).isEqualTo(405);
      assertThat(response.getHeader("Allow")).isEqualTo("GET, HEAD");
      assertThat(response.bodyAsString()).isEqualTo("Method not allowed: use GET or HEAD\n");
    }
    assertThat(send(HttpMethod.GET, port, "/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void answers500WithOneLineWhenACollectorThrowsAndServesTheNextScrape() {
    AtomicBoolean fail = new AtomicBoolean(true);
    registry.register(() -> {
      if (fail.getAndSet(false)) {
        throw new IllegalStateException("database unreachable");
      }
      return gauge("flaky", 1);
    });
    int port = serve(MetricsHandler.create(registry));

    try (CapturedLog log = new CapturedLog(MetricsHandler.class.getName(), true)) {
      HttpResponse<Buffer> failed = send(HttpMethod.GET, port, "/metrics");

      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(failed.getHeader("Content-Type")).isEqualTo("text/plain; charset=utf-8");
      assertThat(failed.bodyAsString())
          .isEqualTo("Error while collecting metrics; see the server log\n")
          .doesNotContain("IllegalStateException", "database unreachable");
      assertThat(log.records()).singleElement().satisfies(record -> {
        assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
        assertThat(record.getThrown()).hasMessage("database unreachable");
      });
    }
    HttpResponse<Buffer> next = send(HttpMethod.GET, port, "/metrics");
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(next.bodyAsString()).contains("flaky 1.0\n", "requests_total 3.0\n");
    assertThat(unhandled).isEmpty();
  }

  @Test
  void answersAnUnknownDebugValueWith400() {
    int port = serve(MetricsHandler.create(registry));

    HttpResponse<Buffer> response = send(HttpMethod.GET, port, "/metrics?debug=yaml");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsString())
        .isEqualTo("Unsupported debug parameter: use openmetrics, text or prometheus-protobuf\n");
  }

  @Test
  void answersAMalformedQueryStringWith400() {
    int port = serve(MetricsHandler.create(registry));

    HttpResponse<Buffer> response = send(HttpMethod.GET, port, "/metrics?name[]=%zz");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsString()).isEqualTo("Invalid query parameters");
    assertThat(send(HttpMethod.GET, port, "/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void collectsOnAWorkerWhileTheEventLoopKeepsServing() throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean collectedOnEventLoop = new AtomicBoolean(true);
    registry.register(() -> {
      collectedOnEventLoop.set(Context.isOnEventLoopThread());
      entered.countDown();
      await(release);
      return gauge("slow", 1);
    });
    AtomicReference<Thread> metricsThread = new AtomicReference<>();
    AtomicReference<Thread> pingThread = new AtomicReference<>();
    Router router = Router.router(vertx);
    router.get("/ping").handler(ctx -> {
      pingThread.set(Thread.currentThread());
      ctx.end("pong");
    });
    router.get("/metrics").handler(ctx -> {
      metricsThread.set(Thread.currentThread());
      ctx.next();
    }).handler(MetricsHandler.create(registry));
    // One connection per request on one event loop: a blocked loop could not answer /ping.
    int port = listen(vertx, router);

    Future<HttpResponse<Buffer>> scrape = client.get(port, HOST, "/metrics").send();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    HttpResponse<Buffer> ping = send(HttpMethod.GET, port, "/ping");
    release.countDown();

    assertThat(ping.bodyAsString()).isEqualTo("pong");
    assertThat(pingThread.get()).isSameAs(metricsThread.get());
    assertThat(collectedOnEventLoop).isFalse();
    assertThat(scrape.await().bodyAsString()).contains("slow 1.0\n");
  }

  @Test
  void runsConcurrentDistinctScrapesInParallel() throws InterruptedException {
    CountDownLatch bothEntered = new CountDownLatch(2);
    registry.register(() -> {
      bothEntered.countDown();
      // Returns only once the other scrape is collecting too: serialized scrapes would time out.
      boolean parallel = await(bothEntered);
      return gauge("parallel", parallel ? 1 : 0);
    });
    int port = serve(MetricsHandler.create(registry));

    // Two query strings, so two collections (identical scrapes would share one), on two threads
    // of the handler's scrape pool.
    Future<HttpResponse<Buffer>> first = client.get(port, HOST, "/metrics?scraper=a").send();
    Future<HttpResponse<Buffer>> second = client.get(port, HOST, "/metrics?scraper=b").send();

    assertThat(first.await().bodyAsString()).contains("parallel 1.0\n");
    assertThat(second.await().bodyAsString()).contains("parallel 1.0\n");
  }

  @Test
  void oneInstanceServesManyRoutesServersAndVerticles() {
    MetricsHandler shared = MetricsHandler.create(registry);
    List<Integer> ports = new CopyOnWriteArrayList<>();
    // Three verticle instances, each on its own event loop with its own router and server.
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        Router router = Router.router(vertx);
        router.route("/metrics").handler(shared);
        router.get("/other/metrics").handler(shared);
        return vertx.createHttpServer().requestHandler(router).listen(0, HOST)
            .onSuccess(server -> ports.add(server.actualPort()));
      }
    }, new DeploymentOptions().setInstances(3)).await();
    Router router = Router.router(vertx);
    router.route("/metrics").handler(shared);
    router.get("/other/metrics").handler(shared);
    ports.add(listen(vertx, router));

    List<Future<HttpResponse<Buffer>>> scrapes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int port = ports.get(i % ports.size());
      scrapes.add(client.get(port, HOST, i % 3 == 0 ? "/other/metrics" : "/metrics").send());
    }

    assertThat(ports).hasSize(4);
    for (Future<HttpResponse<Buffer>> scrape : scrapes) {
      assertThat(scrape.await().bodyAsString()).contains("requests_total 3.0\n");
    }
  }

  @Test
  void dropsTheResponseQuietlyWhenTheClientLeavesDuringTheScrape() throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    registry.register(() -> {
      entered.countDown();
      await(release);
      return gauge("slow", 1);
    });
    CountDownLatch connectionClosed = new CountDownLatch(1);
    Router router = Router.router(vertx);
    router.route("/metrics").handler(ctx -> {
      ctx.request().connection().closeHandler(v -> connectionClosed.countDown());
      ctx.next();
    }).handler(MetricsHandler.create(registry));
    int port = listen(vertx, router);

    try (CapturedLog log = new CapturedLog(MetricsHandler.class.getName(), true)) {
      NetSocket socket = vertx.createNetClient().connect(port, HOST).await();
      socket.write("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n").await();
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      socket.close().await();
      assertThat(connectionClosed.await(10, TimeUnit.SECONDS)).isTrue();
      release.countDown();
      // The handler notes the dropped response in one debug line; that is also the signal it ran.
      assertThat(log.awaitFirstRecord()).isTrue();
      HttpResponse<Buffer> next = send(HttpMethod.GET, port, "/metrics");

      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(log.records()).singleElement()
          .satisfies(record -> assertThat(record.getLevel()).isEqualTo(Level.FINE));
      assertThat(unhandled).isEmpty();
    }
  }

  @Test
  void survivesAClientThatLeavesHalfwayThroughTheBody() throws InterruptedException {
    Counter big = Counter.builder().name("big").help("Many series.").labelNames("id")
        .register(registry);
    for (int i = 0; i < 20_000; i++) {
      big.labelValues("series-" + i).inc();
    }
    Router router = Router.router(vertx);
    router.route("/metrics").handler(MetricsHandler.create(registry));
    // Small socket buffers, so that the ~600 kB body cannot be in flight all at once.
    int port = listen(vertx, new HttpServerOptions().setSendBufferSize(4096), router);

    try (CapturedLog log = new CapturedLog(MetricsHandler.class.getName(), true)) {
      // Held in a variable and closed at the end: Vert.x closes a client created outside a
      // verticle once it becomes unreachable, and building the registry above makes a GC likely.
      NetClient client = vertx.createNetClient(new NetClientOptions().setReceiveBufferSize(4096));
      NetSocket socket = client.connect(port, HOST).await();
      CountDownLatch firstBytes = new CountDownLatch(1);
      socket.handler(chunk -> {
        firstBytes.countDown();
        socket.pause();
      });
      socket.write("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n").await();
      assertThat(firstBytes.await(10, TimeUnit.SECONDS)).isTrue();
      socket.close().await();
      assertThat(log.awaitFirstRecord()).isTrue();
      HttpResponse<Buffer> next = send(HttpMethod.GET, port, "/metrics");

      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(next.bodyAsString()).contains("big_total{id=\"series-19999\"} 1.0\n");
      assertThat(log.records()).singleElement()
          .satisfies(record -> assertThat(record.getLevel()).isEqualTo(Level.FINE));
      assertThat(unhandled).isEmpty();
      client.close().await();
    }
  }

  private static MetricSnapshot gauge(String name, double value) {
    return GaugeSnapshot.builder().name(name)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
  }

  /** Waits for {@code latch} inside a collector, bounded so that a broken test cannot hang. */
  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
