package io.github.promasync.vertx.metrics.examples;

import io.github.promasync.vertx.MetricsHandler;
import io.github.promasync.vertx.metrics.MetricsDomain;
import io.github.promasync.vertx.metrics.MetricsNaming;
import io.github.promasync.vertx.metrics.PrometheusMetricsFactory;
import io.github.promasync.vertx.metrics.PrometheusMetricsOptions;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * Vert.x's own HTTP server metrics next to the application's: {@code GET /users/:id} and
 * {@code /metrics} on one server, the metrics installed programmatically. The snippets of
 * {@code docs/vertx-metrics.adoc} come from here.
 *
 * <p>Run it with {@code mvn -q test-compile exec:java
 * -Dexec.mainClass=io.github.promasync.vertx.metrics.examples.VertxMetricsExample}, then
 * {@code curl localhost:8000/users/42} and {@code curl localhost:8000/metrics}.
 */
public final class VertxMetricsExample {

  private VertxMetricsExample() {
  }

  /**
   * A Vert.x instance whose metrics go into {@code registry}.
   *
   * @param registry the registry
   * @return a new Vert.x instance
   */
  public static Vertx programmatic(PrometheusRegistry registry) {
    // tag::programmatic[]
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new PrometheusMetricsOptions()
            .setEnabled(true)
            .setRegistry(registry)))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
    // end::programmatic[]
    return vertx;
  }

  /**
   * A Vert.x instance configured from JSON alone, as the launcher's {@code -options} file does;
   * the factory is found through the ServiceLoader and records into the default registry.
   *
   * @return a new Vert.x instance
   */
  public static Vertx fromJson() {
    // tag::json[]
    JsonObject json = new JsonObject("""
        {"metricsOptions": {"enabled": true, "naming": "OPENTELEMETRY",
                            "disabledDomains": ["EVENT_BUS"]}}""");
    Vertx vertx = Vertx.vertx(new VertxOptions(json));
    // end::json[]
    return vertx;
  }

  /**
   * The options of a user coming from vertx-micrometer-metrics, who keeps its names, with a
   * tenant label from a header.
   *
   * @return the options
   */
  public static PrometheusMetricsOptions micrometerNamesAndATenant() {
    // tag::options[]
    PrometheusMetricsOptions options = new PrometheusMetricsOptions()
        .setEnabled(true)
        .setNaming(MetricsNaming.MICROMETER)
        .addDisabledDomain(MetricsDomain.EVENT_BUS)
        .addServerRequestLabel("tenant", request -> request.headers().get("X-Tenant"));
    // end::options[]
    return options;
  }

  /**
   * Serves the application's route and {@code /metrics}, which shows Vert.x's metrics and any
   * {@code Instrument} metrics of the same registry.
   *
   * @param vertx the Vert.x instance, with the metrics installed
   * @param registry the registry they record into
   * @param port the port, {@code 0} for a free one
   * @return the server
   */
  public static Future<HttpServer> serve(Vertx vertx, PrometheusRegistry registry, int port) {
    // tag::serve[]
    Router router = Router.router(vertx);
    router.get("/users/:id").handler(ctx -> ctx.response().end("user " + ctx.pathParam("id")));
    router.get("/metrics").handler(MetricsHandler.create(registry));
    return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
    // end::serve[]
  }

  /**
   * Runs the example on 127.0.0.1:8000 with the default registry.
   *
   * @param args none
   */
  public static void main(String[] args) {
    PrometheusRegistry registry = PrometheusRegistry.defaultRegistry;
    Vertx vertx = programmatic(registry);
    serve(vertx, registry, 8000)
        .onSuccess(server -> System.out.println("try: curl localhost:" + server.actualPort()
            + "/users/42; curl localhost:" + server.actualPort() + "/metrics"))
        .onFailure(err -> {
          err.printStackTrace();
          vertx.close();
        });
  }
}
