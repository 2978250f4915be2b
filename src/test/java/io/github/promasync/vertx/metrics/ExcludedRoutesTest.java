package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.promasync.vertx.docs.VertxMetricsDocs;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** {@link PrometheusMetricsOptions#addExcludedRoute}: routes left out of the request metrics. */
class ExcludedRoutesTest {

  private static final String COUNT = "http_server_request_duration_seconds_count";

  /** Serves /health, /internal/stats, /users/:id and /metrics; sends one request to each. */
  private static Exposition traffic(PrometheusMetricsOptions options, MetricsNaming naming) {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(options.setEnabled(true).setRegistry(registry)
            .setNaming(naming)))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
    try {
      Router router = Router.router(vertx);
      for (String path : List.of("/health", "/internal/stats", "/users/:id", "/metrics")) {
        router.post(path).handler(ctx -> ctx.request().body()
            .onSuccess(body -> ctx.response().end("ok")));
      }
      int port = MetricsTesting.listen(vertx, router).actualPort();
      HttpClient client = vertx.createHttpClient();
      for (String uri : List.of("/health", "/internal/stats", "/users/1", "/metrics")) {
        await(client.request(HttpMethod.POST, port, HOST, uri)
            .compose(r -> r.send("request body").compose(HttpClientResponse::body)));
      }
      // The excluded requests are still active until they end on both sides.
      String active = naming == MetricsNaming.MICROMETER ? "vertx_http_server_active_requests"
          : "http_server_active_requests";
      String count = naming == MetricsNaming.MICROMETER
          ? "vertx_http_server_response_time_seconds_count" : COUNT;
      eventually(vertx, () -> Exposition.scrape(registry).has(count)
          && Exposition.scrape(registry).named(active).stream()
              .mapToDouble(Exposition.Sample::value).sum() == 0,
          () -> Exposition.scrape(registry).text());
      return Exposition.scrape(registry);
    } finally {
      await(vertx.close());
    }
  }

  /** The routes any sample of the request families has. */
  private static Set<String> routes(Exposition scrape, String label) {
    Set<String> routes = new LinkedHashSet<>();
    for (Exposition.Sample sample : scrape.samples()) {
      String route = sample.labels().get(label);
      if (route != null) {
        routes.add(route);
      }
    }
    return routes;
  }

  @Test
  void excludedRoutesAddNoSeriesToAnyRequestFamily() {
    // The documentation's options: /health, /metrics and /internal/*.
    Exposition scrape = traffic(VertxMetricsDocs.excludedRoutes(), MetricsNaming.OPENTELEMETRY);
    assertThat(routes(scrape, "http_route")).containsExactly("/users/:id");
    assertThat(scrape.named(COUNT).stream().mapToDouble(Exposition.Sample::value).sum())
        .isEqualTo(1);
    assertThat(scrape.named("http_server_request_body_size_bytes_count").stream()
        .mapToDouble(Exposition.Sample::value).sum()).isEqualTo(1);
    assertThat(scrape.named("http_server_response_body_size_bytes_count").stream()
        .mapToDouble(Exposition.Sample::value).sum()).isEqualTo(1);
    assertThat(scrape.text()).doesNotContain("/health").doesNotContain("/internal")
        .doesNotContain("/metrics");
  }

  @Test
  void excludedRoutesFromJsonAndTheMicrometerNaming() {
    JsonObject json = new JsonObject().put("excludedRoutes",
        new JsonArray().add("/health").add("/internal/*"));
    PrometheusMetricsOptions options = new PrometheusMetricsOptions(json);
    assertThat(options.getExcludedRoutes()).containsExactly("/health", "/internal/*");
    assertThat(options.toJson().getJsonArray("excludedRoutes"))
        .isEqualTo(new JsonArray().add("/health").add("/internal/*"));
    Exposition scrape = traffic(options, MetricsNaming.MICROMETER);
    assertThat(routes(scrape, "route")).containsExactlyInAnyOrder("/users/:id", "/metrics");
    assertThat(scrape.named("vertx_http_server_requests_total").stream()
        .mapToDouble(Exposition.Sample::value).sum()).isEqualTo(2);
  }

  @Test
  void withoutExclusionsEveryRouteIsRecorded() {
    Exposition scrape = traffic(new PrometheusMetricsOptions(), MetricsNaming.OPENTELEMETRY);
    assertThat(routes(scrape, "http_route"))
        .containsExactlyInAnyOrder("/health", "/internal/stats", "/users/:id", "/metrics");
  }

  @Test
  void setReplacesAndBadInputIsRefused() {
    PrometheusMetricsOptions options = new PrometheusMetricsOptions().addExcludedRoute("/a");
    assertThat(options.setExcludedRoutes(Set.of("/b")).getExcludedRoutes()).containsExactly("/b");
    assertThat(new PrometheusMetricsOptions(options).getExcludedRoutes()).containsExactly("/b");
    assertThat(new PrometheusMetricsOptions().toJson().getJsonArray("excludedRoutes")).isEmpty();
    assertThatThrownBy(() -> options.addExcludedRoute(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("excludedRoutes must not contain an empty route");
    assertThatThrownBy(() -> new PrometheusMetricsOptions(
        new JsonObject().put("excludedRoutes", "/health")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("excludedRoutes \"/health\" is not an array");
    assertThatThrownBy(() -> new PrometheusMetricsOptions(
        new JsonObject().put("excludedRoutes", new JsonArray().add(3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("excludedRoutes 3 is not a string");
  }
}
