package io.github.promasync.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.LocalHttp;

import io.github.promasync.vertx.docs.ServingMetricsDocs;
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

/** The {@link MetricsHandler} snippets of the README and docs/serving-metrics.adoc ({@link ServingMetricsDocs}), run. */
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
    Future<HttpServer> server = ServingMetricsDocs.mount(vertx, registry, port, host);

    assertThat(scrape(vertx, server.await())).contains("requests_total 1.0\n");
  }

  @Test
  void takesExporterProperties(Vertx vertx) {
    Router router = Router.router(vertx);
    ServingMetricsDocs.properties(router, registry);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(port, host).await();

    assertThat(scrape(vertx, server)).contains("requests_total 1.0\n").doesNotContain("jvm_");
  }

  @Test
  void takesScrapePathOptions(Vertx vertx) {
    Router router = Router.router(vertx);
    MetricsHandler metrics = ServingMetricsDocs.options(router, registry);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(port, host).await();

    assertThat(scrape(vertx, server)).contains("requests_total 1.0\n");
    metrics.close();
  }
}
