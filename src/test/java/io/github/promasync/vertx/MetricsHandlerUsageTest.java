package io.github.promasync.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.LocalHttp;

import io.prometheus.metrics.config.ExporterFilterProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's {@link MetricsHandler} snippets, run as written. */
@ExtendWith(VertxExtension.class)
class MetricsHandlerUsageTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final int port = 0;
  private final String host = LocalHttp.HOST;

  @BeforeEach
  void setUp() {
    Counter.builder().name("requests").help("Requests.").register(registry).inc();
    Counter.builder().name("jvm_threads_started").help("Threads.").register(registry).inc();
  }

  private String scrape(Vertx vertx, HttpServer server) {
    return WebClient.create(vertx).get(server.actualPort(), host, "/metrics").send().await()
        .bodyAsString();
  }

  @Test
  void servesARegistryOnARouter(Vertx vertx) {
    // tag::mount[]
    Router router = Router.router(vertx);
    router.route("/metrics").handler(MetricsHandler.create(registry));
    Future<HttpServer> server = vertx.createHttpServer()
        .requestHandler(router)
        .listen(port, host);
    // end::mount[]

    assertThat(scrape(vertx, server.await())).contains("requests_total 1.0\n");
  }

  @Test
  void takesExporterProperties(Vertx vertx) {
    Router router = Router.router(vertx);
    // tag::properties[]
    PrometheusProperties properties = PrometheusProperties.builder()
        .exporterFilterProperties(ExporterFilterProperties.builder()
            .excludedPrefixes("jvm_")
            .build())
        .build();
    router.route("/metrics").handler(MetricsHandler.create(properties, registry));
    // end::properties[]
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(port, host).await();

    assertThat(scrape(vertx, server)).contains("requests_total 1.0\n").doesNotContain("jvm_");
  }

  @Test
  void takesScrapePathOptions(Vertx vertx) {
    Router router = Router.router(vertx);
    // tag::options[]
    MetricsHandler metrics = MetricsHandler.create(new MetricsHandlerOptions()
        .setScrapePoolSize(2)
        .setMaxInFlight(4)
        .setScrapeTimeoutSeconds(10)
        .setRetryAfterSeconds(5), registry);
    router.route("/metrics").handler(metrics);
    // end::options[]
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(port, host).await();

    assertThat(scrape(vertx, server)).contains("requests_total 1.0\n");
    metrics.close();
  }
}
