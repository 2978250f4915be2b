package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.promasync.vertx.testing.CapturedLog;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link PrometheusMetricsOptions#addServerRequestLabel}: labels from the request. */
class ServerRequestLabelsTest {

  private static final String COUNT = "http_server_request_duration_seconds_count";

  private static Vertx vertx(PrometheusRegistry registry, PrometheusMetricsOptions options) {
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(options.setEnabled(true).setRegistry(registry)))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
  }

  private static String[] labels(String tenant) {
    return new String[] {
      "http_request_method", "GET", "http_response_status_code", "200", "http_route", "/users/:id",
      "url_scheme", "http", "network_protocol_version", "1.1", "error_type", "", "tenant", tenant
    };
  }

  @Test
  void aRequestLabelTakesItsValueFromEachRequestAndStaysOffTheConnections() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx vertx = vertx(registry, new PrometheusMetricsOptions()
        .addServerRequestLabel("tenant", request -> request.headers().get("X-Tenant")));
    try {
      Router router = Router.router(vertx);
      router.get("/users/:id").handler(ctx -> ctx.response().end());
      int port = MetricsTesting.listen(vertx, router).actualPort();
      HttpClient client = vertx.createHttpClient();
      for (String tenant : new String[] {"acme", "acme", "globex", null}) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(HOST)
            .setPort(port).setURI("/users/1");
        if (tenant != null) {
          request.putHeader("X-Tenant", tenant);
        }
        await(client.request(request).compose(r -> r.send().compose(HttpClientResponse::body)));
      }
      eventually(vertx, () -> Exposition.scrape(registry).named(COUNT).stream()
          .mapToDouble(Exposition.Sample::value).sum() == 4
          && Exposition.scrape(registry).named("http_server_active_requests").stream()
              .mapToDouble(Exposition.Sample::value).sum() == 0,
          () -> Exposition.scrape(registry).text());
      Exposition scrape = Exposition.scrape(registry);
      assertThat(scrape.value(COUNT, labels("acme"))).isEqualTo(2);
      assertThat(scrape.value(COUNT, labels("globex"))).isEqualTo(1);
      assertThat(scrape.value(COUNT, labels(""))).isEqualTo(1);
      assertThat(scrape.value("http_server_active_requests", "http_request_method", "GET",
          "url_scheme", "http", "tenant", "acme")).isZero();
      assertThat(scrape.value("vertx_http_server_active_connections", "url_scheme", "http"))
          .isEqualTo(1);
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void valuesBeyondMaxLabelValuesAreRecordedAsOther() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx vertx = vertx(registry, new PrometheusMetricsOptions().setMaxLabelValues(2)
        .addServerRequestLabel("tenant", request -> request.headers().get("X-Tenant")));
    try (CapturedLog log = new CapturedLog("io.github.promasync.vertx.metrics", true)) {
      Router router = Router.router(vertx);
      router.get("/users/:id").handler(ctx -> ctx.response().end());
      int port = MetricsTesting.listen(vertx, router).actualPort();
      HttpClient client = vertx.createHttpClient();
      for (String tenant : new String[] {"a", "b", "c", "d", "a"}) {
        await(client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(HOST)
                .setPort(port).setURI("/users/1").putHeader("X-Tenant", tenant))
            .compose(r -> r.send().compose(HttpClientResponse::body)));
      }
      eventually(vertx, () -> Exposition.scrape(registry).named(COUNT).stream()
          .mapToDouble(Exposition.Sample::value).sum() == 5,
          () -> Exposition.scrape(registry).text());
      Exposition scrape = Exposition.scrape(registry);
      assertThat(scrape.value(COUNT, labels("a"))).isEqualTo(2);
      assertThat(scrape.value(COUNT, labels("b"))).isEqualTo(1);
      // The guard is on the key's traffic-grown part, (route, tenant): past it, both are _OTHER.
      String[] other = labels("_OTHER");
      other[5] = "_OTHER";
      assertThat(scrape.value(COUNT, other)).isEqualTo(2);
      assertThat(scrape.named(COUNT)).hasSize(3);
      assertThat(log.records()).extracting(r -> r.getMessage())
          .filteredOn(message -> message.contains("tenant"))
          .containsExactly("http_server_*: (http_route, tenant) reached 2 distinct values "
              + "(PrometheusMetricsOptions maxLabelValues); further ones are recorded as "
              + "\"_OTHER\"");
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aThrowingLabelFunctionGivesAnEmptyValueLogsAndLeavesTheRequestAlone() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx vertx = vertx(registry, new PrometheusMetricsOptions()
        .addServerRequestLabel("tenant", request -> {
          throw new IllegalStateException("no tenant today");
        }));
    try (CapturedLog log = new CapturedLog(
        "io.github.promasync.vertx.metrics.PrometheusMetricsFactory", true)) {
      Router router = Router.router(vertx);
      router.get("/users/:id").handler(ctx -> ctx.response().end("fine"));
      int port = MetricsTesting.listen(vertx, router).actualPort();
      HttpClient client = vertx.createHttpClient();
      for (int i = 0; i < 3; i++) {
        assertThat(await(client.request(HttpMethod.GET, port, HOST, "/users/1")
            .compose(r -> r.send().compose(HttpClientResponse::body))).toString())
            .isEqualTo("fine");
      }
      eventually(vertx, () -> Exposition.scrape(registry).has(COUNT)
          && Exposition.scrape(registry).value(COUNT, labels("")) == 3,
          () -> Exposition.scrape(registry).text());
      // The first failure with its stack trace; the next ones wait for the next minute.
      assertThat(log.records()).hasSize(1);
      assertThat(log.records().get(0).getMessage()).contains("server request label 'tenant'");
      assertThat(log.records().get(0).getThrown()).hasMessage("no tenant today");
    } finally {
      await(vertx.close());
    }
  }

  @ParameterizedTest
  @EnumSource(value = HttpVersion.class, names = {"HTTP_1_1", "HTTP_2"})
  void theFunctionGetsTheRequestHeadAsAnHttpServerRequestOnEveryVersion(HttpVersion version) {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx vertx = vertx(registry, new PrometheusMetricsOptions()
        .addServerRequestLabel("area", request -> request.path().split("/")[1])
        .addServerRequestLabel("q", request -> request.query())
        .addServerRequestLabel("version", request -> request.version().name())
        .addServerRequestLabel("body", request -> request.body().toString()));
    try {
      Router router = Router.router(vertx);
      router.get("/users/:id").handler(ctx -> ctx.response().end());
      int port = MetricsTesting.listen(vertx, router).actualPort();
      HttpClient client = vertx.createHttpClient(new HttpClientOptions()
          .setProtocolVersion(version).setHttp2ClearTextUpgrade(false));
      await(client.request(HttpMethod.GET, port, HOST, "/users/1?x=y")
          .compose(r -> r.send().compose(HttpClientResponse::body)));
      eventually(vertx, () -> Exposition.scrape(registry).has(COUNT),
          () -> Exposition.scrape(registry).text());
      assertThat(Exposition.scrape(registry).value(COUNT, "http_request_method", "GET",
          "http_response_status_code", "200", "http_route", "/users/:id", "url_scheme", "http",
          "network_protocol_version", version == HttpVersion.HTTP_2 ? "2" : "1.1",
          "error_type", "", "area", "users", "q", "x=y", "version", version.name(), "body", ""))
          .isEqualTo(1);
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aLabelTheNamingAlreadyHasIsRefusedWhenVertxStarts() {
    PrometheusMetricsOptions options = new PrometheusMetricsOptions()
        .addServerRequestLabel("http_route", request -> "x");
    assertThatThrownBy(() -> vertx(new PrometheusRegistry(), options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("server request label 'http_route' is already a label of the OPENTELEMETRY "
            + "naming's HTTP server metrics");
  }

  @Test
  void badLabelNamesAreRefused() {
    PrometheusMetricsOptions options = new PrometheusMetricsOptions();
    assertThatThrownBy(() -> options.addServerRequestLabel("bad-name", r -> ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'bad-name' is not a valid label name: [a-zA-Z_][a-zA-Z0-9_]*, not starting with __");
    assertThatThrownBy(() -> options.addServerRequestLabel("__reserved", r -> ""))
        .isInstanceOf(IllegalArgumentException.class);
    options.addServerRequestLabel("tenant", r -> "");
    assertThatThrownBy(() -> options.addServerRequestLabel("tenant", r -> ""))
        .hasMessage("'tenant' is already a server request label");
    assertThat(new PrometheusMetricsOptions(options).getServerRequestLabels()).containsKey("tenant");
  }
}
