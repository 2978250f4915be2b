package io.github.promasync.vertx.examples;

import io.github.promasync.vertx.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * prometheus_async's {@code MetricsResource} mount, ported: a router serving the registry at
 * {@code /metrics} on port 8000.
 *
 * <p>Run it with
 * {@code mvn -q test-compile exec:java -Dexec.mainClass=io.github.promasync.vertx.examples.MetricsResourceExample},
 * then {@code curl localhost:8000/metrics}. The default registry is empty until the application
 * registers metrics in it.
 */
public final class MetricsResourceExample {

  private MetricsResourceExample() {
  }

  /**
   * Serves {@code registry} at {@code /metrics}.
   *
   * @param vertx the Vert.x instance
   * @param registry the registry to serve
   * @param host the host to bind
   * @param port the port, {@code 0} for a free one
   * @return a future of the listening server
   */
  public static Future<HttpServer> start(
      Vertx vertx, PrometheusRegistry registry, String host, int port) {
    // tag::mount[]
    Router router = Router.router(vertx);
    router.route("/metrics").handler(MetricsHandler.create(registry));
    return vertx.createHttpServer().requestHandler(router).listen(port, host);
    // end::mount[]
  }

  /**
   * Runs the example on {@code 127.0.0.1:8000}, serving the default registry.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Examples.run(vertx -> start(vertx, PrometheusRegistry.defaultRegistry, Examples.HOST,
        Examples.PORT), Examples::curlMetrics);
  }
}
