package io.github.promasync.vertx.mixin;

import static io.github.promasync.vertx.testing.LocalHttp.HOST;

import io.github.promasync.vertx.MetricsHandler;
import io.github.promasync.vertx.metrics.PrometheusMetricsFactory;
import io.github.promasync.vertx.metrics.PrometheusMetricsOptions;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A small service with the Vert.x metrics on (JVM metrics included) and every kind of traffic the
 * mixin's dashboards show: routes answering 2xx, 4xx and 5xx, a sub-router, an HTTP client calling
 * a downstream that answers 200, 503 or resets the connection, WebSockets, the event bus (requests,
 * a publish, a request nobody answers) and worker tasks. {@link #refuseOneScrape()} makes its
 * {@code /metrics} refuse a scrape, so that the refused-scrape counter exists.
 */
final class ServiceUnderTraffic implements AutoCloseable {

  private final Vertx vertx;
  private final int port;
  // A collector that blocks the collection while the gate is closed: a scrape then times out.
  private volatile CountDownLatch gate = new CountDownLatch(0);

  private ServiceUnderTraffic(Vertx vertx, PrometheusRegistry registry) {
    this.vertx = vertx;
    registry.register(() -> {
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return (MetricSnapshot) null;
    });
    int downstream = downstream();
    // The resets are wanted (they are the client's connection errors): nothing to log.
    WebClient client = WebClient.wrap(vertx.httpClientBuilder()
        .withConnectHandler(connection -> connection.exceptionHandler(failure -> { }))
        .build());
    Router api = Router.router(vertx);
    api.get("/orders/:order").handler(ctx -> Future.join(List.of(
            client.get(downstream, HOST, "/stock").send(),
            client.get(downstream, HOST, "/flaky").send(),
            client.get(downstream, HOST, "/reset").send()))
        .onComplete(done -> ctx.response().end("order " + ctx.pathParam("order"))));
    Router router = Router.router(vertx);
    router.get("/items/:id").handler(ctx -> ctx.response().end("item " + ctx.pathParam("id")));
    router.get("/boom").handler(ctx -> ctx.fail(500))
        .failureHandler(ctx -> ctx.response().setStatusCode(ctx.statusCode()).end("boom"));
    router.route("/api/*").subRouter(api);
    router.get("/work").handler(ctx -> vertx.executeBlocking(() -> Long.toString(System.nanoTime()))
        .onSuccess(result -> ctx.response().end(result)));
    router.get("/bus").handler(ctx -> {
      vertx.eventBus().publish("audit", "seen");
      vertx.eventBus().request("nobody", "anyone?");
      vertx.eventBus().request("prices", "item").onComplete(reply -> ctx.response().end("bus"));
    });
    router.route("/ws").handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(socket -> socket.handler(socket::write)));
    router.get("/metrics").handler(MetricsHandler.create(registry));
    vertx.eventBus().consumer("prices", message -> message.reply("42"));
    vertx.eventBus().consumer("audit", message -> { });
    port = vertx.createHttpServer().requestHandler(router).listen(0, HOST).await().actualPort();
    WebSocketClient webSockets = vertx.createWebSocketClient();
    webSockets.connect(port, HOST, "/ws").await();
  }

  /**
   * Starts the service on its own Vert.x, with the metrics on.
   *
   * @return the running service
   */
  static ServiceUnderTraffic start() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new PrometheusMetricsOptions()
            .setEnabled(true)
            .setRegistry(registry)
            .setJvmMetricsEnabled(true)))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
    return new ServiceUnderTraffic(vertx, registry);
  }

  /** The server the client calls: 200, 503, and a connection reset (linger 0). */
  private int downstream() {
    Router router = Router.router(vertx);
    router.get("/stock").handler(ctx -> ctx.response().end("12"));
    router.get("/flaky").handler(ctx -> ctx.response().setStatusCode(503).end());
    router.get("/reset").handler(ctx -> ctx.request().connection().close());
    return vertx.createHttpServer(new HttpServerOptions().setSoLinger(0)).requestHandler(router)
        .listen(0, HOST).await().actualPort();
  }

  int port() {
    return port;
  }

  /**
   * Sends one scrape that times out (its collection held until it has been answered 503), so that
   * {@code promasync_scrapes_refused_total{reason="timeout"}} exists.
   *
   * @param client a client of the test's
   * @return the refused scrape's status code
   */
  int refuseOneScrape(WebClient client) {
    gate = new CountDownLatch(1);
    try {
      return client.get(port, HOST, "/metrics")
          .putHeader("X-Prometheus-Scrape-Timeout-Seconds", "0.2")
          .send().await().statusCode();
    } finally {
      gate.countDown();
    }
  }

  /**
   * One round of traffic: every route once.
   *
   * @param client a client of the test's (its own calls are not the service's metrics)
   * @return when every response has arrived
   */
  Future<?> round(WebClient client) {
    return Future.join(List.of("/items/1", "/items/2", "/boom", "/missing", "/api/orders/7",
            "/work", "/bus").stream()
        .map(path -> client.get(port, HOST, path).send())
        .toList());
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
