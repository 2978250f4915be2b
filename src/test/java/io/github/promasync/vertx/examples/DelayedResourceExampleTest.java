package io.github.promasync.vertx.examples;

import static io.github.promasync.vertx.testing.VerticleTestSupport.await;
import static io.github.promasync.vertx.testing.VerticleTestSupport.get;
import static io.github.promasync.vertx.testing.VerticleTestSupport.histogramCount;
import static io.github.promasync.vertx.testing.VerticleTestSupport.histogramSum;
import static io.github.promasync.vertx.testing.VerticleTestSupport.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DelayedResourceExampleTest {

  @Test
  void answersThePageAfterTheDelayAndTimesEachRequest(Vertx vertx) {
    PrometheusRegistry registry = new PrometheusRegistry();
    HttpServer server = await(DelayedResourceExample.start(
        vertx, registry, "127.0.0.1", 0, Duration.ofMillis(100)));
    WebClient client = WebClient.create(vertx);
    String base = "http://127.0.0.1:" + server.actualPort();

    HttpResponse<Buffer> page = get(client, base + "/");
    get(client, base + "/");
    await(poll(vertx, Duration.ofSeconds(10), "two observations",
        () -> Future.succeededFuture(histogramCount(registry, "req_time_seconds") == 2)));
    HttpResponse<Buffer> metrics = get(client, base + "/metrics");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString())
        .isEqualTo("<html><body>Sorry to keep you waiting.</body></html>");
    assertThat(histogramSum(registry, "req_time_seconds")).isGreaterThanOrEqualTo(0.2);
    assertThat(metrics.bodyAsString())
        .contains("# HELP req_time_seconds time spent in requests")
        .contains("# TYPE req_time_seconds histogram")
        .contains("req_time_seconds_count 2");
  }
}
