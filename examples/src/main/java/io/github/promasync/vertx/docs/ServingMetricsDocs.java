package io.github.promasync.vertx.docs;

import io.github.promasync.vertx.MetricsHandler;
import io.github.promasync.vertx.MetricsHandlerOptions;
import io.prometheus.metrics.config.ExporterFilterProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BasicAuthHandler;

/**
 * The snippets of docs/serving-metrics.adoc (and of the README's "In ten lines each"), in the
 * tagged regions the pages include; {@code MetricsHandlerUsageTest} runs each one.
 */
public final class ServingMetricsDocs {

  private ServingMetricsDocs() {
  }

  /** A server with {@code registry} on {@code /metrics} of its router. */
  public static Future<HttpServer> mount(Vertx vertx, PrometheusRegistry registry, int port, String host) {
    // tag::mount[]
    Router router = Router.router(vertx);
    router.route("/metrics").handler(MetricsHandler.create(registry));
    Future<HttpServer> server = vertx.createHttpServer()
        .requestHandler(router)
        .listen(port, host);
    // end::mount[]
    return server;
  }

  /** {@code /metrics} on {@code router}, without the {@code jvm_} metrics. */
  public static void properties(Router router, PrometheusRegistry registry) {
    // tag::properties[]
    PrometheusProperties properties = PrometheusProperties.builder()
        .exporterFilterProperties(ExporterFilterProperties.builder()
            .excludedPrefixes("jvm_")
            .build())
        .build();
    router.route("/metrics").handler(MetricsHandler.create(properties, registry));
    // end::properties[]
  }

  /** {@code /metrics} on {@code router}, behind basic authentication by {@code users}. */
  public static void basicAuth(Router router, AuthenticationProvider users, PrometheusRegistry registry) {
    // tag::basic-auth[]
    router.route("/metrics")
        .handler(BasicAuthHandler.create(users))
        .handler(MetricsHandler.create(registry));
    // end::basic-auth[]
  }

  /** {@code /metrics} on {@code router} with the scrape path's options; the caller closes it. */
  public static MetricsHandler options(Router router, PrometheusRegistry registry) {
    // tag::options[]
    MetricsHandler metrics = MetricsHandler.create(new MetricsHandlerOptions()
        .setScrapePoolSize(2)
        .setMaxInFlight(4)
        .setScrapeTimeoutSeconds(10)
        .setRetryAfterSeconds(5), registry);
    router.route("/metrics").handler(metrics);
    // end::options[]
    return metrics;
  }
}
