package io.github.promasync.vertx.examples;

import static io.github.promasync.vertx.testing.VerticleTestSupport.await;
import static io.github.promasync.vertx.testing.VerticleTestSupport.counter;
import static io.github.promasync.vertx.testing.VerticleTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class KleinExampleTest {

  @Test
  void eachMetricsRequestCountsItselfBeforeTheRegistryIsServed(Vertx vertx) {
    PrometheusRegistry registry = new PrometheusRegistry();
    HttpServer server = await(KleinExample.start(vertx, registry, "127.0.0.1", 0));
    WebClient client = WebClient.create(vertx);
    String url = "http://127.0.0.1:" + server.actualPort() + "/metrics";

    String first = get(client, url).bodyAsString();
    get(client, url);
    String third = get(client, url).bodyAsString();

    assertThat(first)
        .contains("# HELP inbound_requests_total Counter (int) of inbound http requests")
        .contains("inbound_requests_total{endpoint=\"/metrics\",method=\"GET\"} 1.0");
    assertThat(third).contains("inbound_requests_total{endpoint=\"/metrics\",method=\"GET\"} 3.0");
    assertThat(counter(registry, "inbound_requests", "endpoint", "/metrics", "method", "GET"))
        .isEqualTo(3.0);
  }
}
