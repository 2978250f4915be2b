package io.github.promasync.vertx.examples;

import io.github.promasync.vertx.MetricsHandler;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

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
   * Registers the example's counter, {@code inbound_requests_total}, labelled {@code endpoint} and
   * {@code method}.
   *
   * @param registry the registry to register it in
   * @return the counter
   */
  public static Counter inboundRequests(PrometheusRegistry registry) {
    return Counter.builder()
        .name("inbound_requests_total")
        .help("Counter (int) of inbound http requests")
        .labelNames("endpoint", "method")
        .register(registry);
  }

  /**
   * A route handler that counts each {@code GET} of {@code endpoint} in {@code inboundRequests},
   * then passes the request on. The labelled child is resolved once, not per request.
   *
   * @param inboundRequests the counter from {@link #inboundRequests(PrometheusRegistry)}
   * @param endpoint the {@code endpoint} label, the route it is mounted on
   * @return the handler, for a route that matches {@code GET} only ({@code router.get(...)})
   */
  // tag::counting[]
  public static Handler<RoutingContext> countingGets(Counter inboundRequests, String endpoint) {
    CounterDataPoint requests = inboundRequests.labelValues(endpoint, "GET");
    return ctx -> {
      requests.inc();
      ctx.next();
    };
  }
  // end::counting[]

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
    // tag::route[]
    Counter inboundRequests = inboundRequests(registry);
    Router router = Router.router(vertx);
    router.get("/metrics")
        .handler(countingGets(inboundRequests, "/metrics"))
        .handler(MetricsHandler.create(registry));
    // end::route[]
    return Examples.listen(vertx, router, host, port);
  }

  /**
   * Runs the example on {@code 127.0.0.1:8000}, with the default registry.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Examples.run(vertx -> start(vertx, PrometheusRegistry.defaultRegistry, Examples.HOST,
        Examples.PORT), Examples::curlMetrics);
  }
}
