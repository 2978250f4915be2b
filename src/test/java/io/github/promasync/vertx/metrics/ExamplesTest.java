package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.examples.Demo;
import io.github.promasync.vertx.metrics.examples.VertxMetricsExample;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The demo and the guide's example show Vert.x's metrics of their own routes on /metrics. */
class ExamplesTest {

  @Test
  void theDemosMetricsShowItsOwnRoutes() {
    // As Demo.main runs: its options, the ServiceLoader, the default registry.
    Vertx vertx = Vertx.vertx(Demo.vertxOptions());
    try {
      Demo demo = await(Demo.start(vertx, PrometheusRegistry.defaultRegistry, HOST, 0,
          Duration.ofMillis(10), Duration.ZERO));
      WebClient client = WebClient.create(vertx);
      assertThat(await(client.get(demo.port(), HOST, "/delayed").send()).statusCode())
          .isEqualTo(200);
      String route = "http_route=\"/delayed\"";
      eventually(vertx, () -> Exposition.scrape(PrometheusRegistry.defaultRegistry).text()
          .contains(route), () -> Exposition.scrape(PrometheusRegistry.defaultRegistry).text());
      String metrics = await(client.get(demo.port(), HOST, "/metrics").send()).bodyAsString();
      assertThat(metrics)
          .contains("http_server_request_duration_seconds_count{error_type=\"\","
              + "http_request_method=\"GET\",http_response_status_code=\"200\","
              + "http_route=\"/delayed\",network_protocol_version=\"1.1\",url_scheme=\"http\"} 1")
          // The demo's own metrics, on the same page.
          .contains("inbound_requests_total{endpoint=\"/delayed\",method=\"GET\"} 1.0");
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void theGuidesExampleServesItsRouteAndItsMetrics() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx vertx = VertxMetricsExample.programmatic(registry);
    try {
      int port = await(VertxMetricsExample.serve(vertx, registry, 0)).actualPort();
      WebClient client = WebClient.create(vertx);
      assertThat(await(client.get(port, HOST, "/users/42").send()).bodyAsString())
          .isEqualTo("user 42");
      eventually(vertx, () -> Exposition.scrape(registry).has(
          "http_server_request_duration_seconds_count"), () -> Exposition.scrape(registry).text());
      assertThat(await(client.get(port, HOST, "/metrics").send()).bodyAsString())
          .contains("http_route=\"/users/:id\"");
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void theGuidesOtherOptionsAreWhatTheySay() {
    PrometheusMetricsOptions options = VertxMetricsExample.micrometerNamesAndATenant();
    assertThat(options.getNaming()).isEqualTo(MetricsNaming.MICROMETER);
    assertThat(options.getDisabledDomains()).containsExactly(MetricsDomain.EVENT_BUS);
    assertThat(options.getServerRequestLabels()).containsOnlyKeys("tenant");
    Vertx vertx = VertxMetricsExample.fromJson();
    try {
      assertThat(vertx.isMetricsEnabled()).isTrue();
    } finally {
      await(vertx.close());
    }
  }
}
