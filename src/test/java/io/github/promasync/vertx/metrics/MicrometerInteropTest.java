package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.MetricsHandler;
import io.github.promasync.vertx.docs.VertxMetricsDocs;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;

import org.junit.jupiter.api.Test;

/**
 * A service that keeps vertx-micrometer-metrics for a while: Micrometer's Prometheus registry
 * over our client_java registry, so that one {@code /metrics} (our {@link MetricsHandler})
 * serves Vert.x's meters from Micrometer and the application's client_java metrics.
 */
class MicrometerInteropTest {

  @Test
  void micrometersMetersOnOurRegistryAreServedByOurMetricsHandlerBesideClientJavaMetrics() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter orders = Counter.builder().name("orders").help("Orders taken").register(registry);

    // Micrometer's meters, registered into the client_java registry that MetricsHandler serves.
    Vertx vertx = VertxMetricsDocs.keepingMicrometer(registry);
    try {
      Router router = Router.router(vertx);
      router.get("/metrics").handler(MetricsHandler.create(registry));
      router.get("/orders").handler(ctx -> {
        orders.inc();
        ctx.response().end("taken");
      });
      int port = MetricsTesting.listen(vertx, router).actualPort();
      WebClient client = WebClient.create(vertx);
      assertThat(await(client.get(port, MetricsTesting.HOST, "/orders").send()).bodyAsString())
          .isEqualTo("taken");

      String body = await(client.get(port, MetricsTesting.HOST, "/metrics").send()).bodyAsString();
      Exposition scrape = Exposition.of(body);
      assertThat(scrape.value("orders_total")).isEqualTo(1);
      // vertx-micrometer-metrics' default labels: method and code.
      assertThat(scrape.value("vertx_http_server_requests_total", "method", "GET", "code", "200"))
          .isEqualTo(1);
      assertThat(scrape.has("vertx_http_server_response_time_seconds_count")).isTrue();
      assertThat(body).contains("# TYPE vertx_http_server_requests_total counter");
    } finally {
      await(vertx.close());
    }
  }
}
