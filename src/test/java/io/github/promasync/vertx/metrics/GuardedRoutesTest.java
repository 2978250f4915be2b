package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.CapturedLog;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;

import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * {@code http_route} under the cardinality guard: routes that user code reports through the
 * public {@code HttpServerRequest.routed(String)} may be raw paths, and stay bounded.
 */
class GuardedRoutesTest {

  private static final String COUNT = "http_server_request_duration_seconds_count";
  private static final int REQUESTS = 30;

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private Set<String> routesAfter(Consumer<HttpServerRequest> routing) {
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new PrometheusMetricsOptions()
            .setEnabled(true).setRegistry(registry).setMaxLabelValues(2)))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
    try (CapturedLog log = new CapturedLog("io.github.promasync.vertx.metrics", true)) {
      int port = vertx.createHttpServer().requestHandler(request -> {
        routing.accept(request);
        request.response().end();
      }).listen(0, HOST).await().actualPort();
      HttpClient client = vertx.createHttpClient();
      for (int i = 0; i < REQUESTS; i++) {
        await(client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(HOST)
                .setPort(port).setURI("/users/" + i))
            .compose(r -> r.send().compose(HttpClientResponse::body)));
      }
      // Every request counted once, past the guard too.
      eventually(vertx, () -> Exposition.scrape(registry).named(COUNT).stream()
          .mapToDouble(Exposition.Sample::value).sum() == REQUESTS,
          () -> Exposition.scrape(registry).text());
      assertThat(log.atLeast(Level.WARNING)).hasSize(1);
      return Exposition.scrape(registry).named(COUNT).stream()
          .map(sample -> sample.labels().get("http_route")).collect(Collectors.toSet());
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void rawPathsReportedThroughRoutedAreBoundedWithExactTotals() {
    assertThat(routesAfter(request -> request.routed(request.path())))
        .containsExactlyInAnyOrder("/users/0", "/users/1", "_OTHER");
  }

  @Test
  void rawPathsJoinedToAMountPointAreBoundedWithExactTotals() {
    // As a sub-router's routes report: the mount point, then the path under it.
    assertThat(routesAfter(request -> {
      request.routed("/api/");
      request.routed(request.path());
    })).containsExactlyInAnyOrder("/api/users/0", "/api/users/1", "_OTHER");
  }
}
