package io.github.promasync.vertx.bench;

import io.github.promasync.vertx.MetricsHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers {@link LoadSuite} scrapes, one per exporter: the three Vert.x ones each on one event
 * loop, with {@code /ping}, and client_java's {@code HTTPServer}; all on 127.0.0.1, port 0.
 */
final class ScrapeServers {

  private final List<Verticle> verticles = new ArrayList<>();
  private final List<String> deployments = new ArrayList<>();
  private HTTPServer httpServer;

  static ScrapeServers start(Vertx vertx, PrometheusRegistry registry, PrometheusMeterRegistry micrometer)
      throws IOException {
    ScrapeServers servers = new ScrapeServers();
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
    Verticle verticle = new Verticle(name, metrics, compression);
    deployments.add(LoadSuite.await(vertx.deployVerticle(verticle)));
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
      LoadSuite.await(vertx.undeploy(id));
    }
  }

  /** A server with {@code /ping} and {@code /metrics}, on the one event loop of its verticle. */
  static final class Verticle extends VerticleBase {

    final String name;
    private final Handler<RoutingContext> metrics;
    private final boolean compression;
    volatile int port;

    Verticle(String name, Handler<RoutingContext> metrics, boolean compression) {
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
}
