package io.github.promasync.vertx.examples;

import static io.github.promasync.vertx.testing.VerticleTestSupport.await;
import static io.github.promasync.vertx.testing.VerticleTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class MetricsResourceExampleTest {

  @Test
  void servesTheRegistryAtMetrics(Vertx vertx) {
    PrometheusRegistry registry = new PrometheusRegistry();
    Gauge.builder().name("example_temperature_celsius").help("a reading").register(registry).set(21.5);
    HttpServer server = await(MetricsResourceExample.start(vertx, registry, "127.0.0.1", 0));
    WebClient client = WebClient.create(vertx);

    HttpResponse<Buffer> metrics = get(client, "http://127.0.0.1:" + server.actualPort() + "/metrics");
    HttpResponse<Buffer> elsewhere = get(client, "http://127.0.0.1:" + server.actualPort() + "/");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString()).contains("example_temperature_celsius 21.5");
    assertThat(elsewhere.statusCode()).isEqualTo(404);
  }
}
