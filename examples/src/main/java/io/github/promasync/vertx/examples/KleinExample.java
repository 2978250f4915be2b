package io.github.promasync.vertx.examples;

import io.github.promasync.vertx.MetricsHandler;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * prometheus_async's Klein example, ported: {@code /metrics} counts itself in
 * {@code inbound_requests_total}, labelled {@code endpoint} and {@code method}, before the
 * registry is served.
 *
 * <p>Run it with
 * {@code mvn -q test-compile exec:java -Dexec.mainClass=io.github.promasync.vertx.examples.KleinExample},
 * then {@code curl localhost:8000/metrics} a few times.
 */
public final class KleinExample {

  private KleinExample() {
  }

  /**
   * Serves {@code registry} at {@code /metrics}, counting each request first.
   *
   * @param vertx the Vert.x instance
   * @param registry the registry for {@code inbound_requests_total}, served at {@code /metrics}
   * @param host the host to bind
   * @param port the port, {@code 0} for a free one
   * @return a future of the listening server
   */
  public static Future<HttpServer> start(
      Vertx vertx, PrometheusRegistry registry, String host, int port) {
    // tag::counter[]
    Counter inboundRequests = Counter.builder()
        .name("inbound_requests_total")
        .help("Counter (int) of inbound http requests")
        .labelNames("endpoint", "method")
        .register(registry);

    Router router = Router.router(vertx);
    router.get("/metrics")
        .handler(ctx -> {
          inboundRequests.labelValues("/metrics", "GET").inc();
          ctx.next();
        })
        .handler(MetricsHandler.create(registry));
    // end::counter[]
    return vertx.createHttpServer().requestHandler(router).listen(port, host);
  }

  /**
   * Runs the example on {@code 127.0.0.1:8000}, with the default registry.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    start(vertx, PrometheusRegistry.defaultRegistry, "127.0.0.1", 8000)
        .onSuccess(server -> System.out.println(
            "curl localhost:" + server.actualPort() + "/metrics"))
        .onFailure(err -> Examples.exit(vertx, err));
  }
}
