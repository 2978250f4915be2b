package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.promasync.vertx.docs.VertxMetricsDocs;
import io.github.promasync.vertx.testing.CapturedLog;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import org.junit.jupiter.api.Test;

/** {@link PrometheusMetricsOptions#addClientRequestLabel}: labels from each client request. */
class ClientRequestLabelsTest {

  private static final String COUNT = "http_client_request_duration_seconds_count";

  private static Vertx vertx(PrometheusRegistry registry, PrometheusMetricsOptions options) {
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(options.setEnabled(true).setRegistry(registry)))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
  }

  /** Sends one GET per tenant (none for {@code null}) and waits for the client's records. */
  private static Exposition send(Vertx vertx, PrometheusRegistry registry, String... tenants) {
    int port = vertx.createHttpServer().requestHandler(request -> request.response().end("ok"))
        .listen(0, HOST).await().actualPort();
    HttpClient client = vertx.createHttpClient();
    for (String tenant : tenants) {
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(HOST)
          .setPort(port).setURI("/items");
      if (tenant != null) {
        request.putHeader("X-Tenant", tenant);
      }
      await(client.request(request).compose(r -> r.send().compose(HttpClientResponse::body)));
    }
    eventually(vertx, () -> Exposition.scrape(registry).named(COUNT).stream()
        .mapToDouble(Exposition.Sample::value).sum() == tenants.length
        && Exposition.scrape(registry).named("http_client_active_requests").stream()
            .mapToDouble(Exposition.Sample::value).sum() == 0,
        () -> Exposition.scrape(registry).text());
    Exposition scrape = Exposition.scrape(registry);
    return scrape;
  }

  private static String[] labels(Exposition scrape, String tenant) {
    String port = scrape.named(COUNT).get(0).labels().get("server_port");
    return new String[] {
      "http_request_method", "GET", "http_response_status_code", "200",
      "server_address", HOST, "server_port", port, "url_scheme", "http",
      "network_protocol_version", "1.1", "error_type", "", "tenant", tenant
    };
  }

  @Test
  void aClientRequestLabelTakesItsValueFromEachRequest() {
    PrometheusRegistry registry = new PrometheusRegistry();
    // The documentation's options: tenant from X-Tenant.
    Vertx vertx = vertx(registry, VertxMetricsDocs.clientLabel());
    try {
      Exposition scrape = send(vertx, registry, "acme", "acme", "globex", null);
      assertThat(scrape.value(COUNT, labels(scrape, "acme"))).isEqualTo(2);
      assertThat(scrape.value(COUNT, labels(scrape, "globex"))).isEqualTo(1);
      assertThat(scrape.value(COUNT, labels(scrape, ""))).isEqualTo(1);
      assertThat(scrape.named(COUNT)).hasSize(3);
      assertThat(scrape.value("http_client_response_body_size_bytes_sum",
          labels(scrape, "acme"))).isEqualTo(4);
      String port = scrape.named(COUNT).get(0).labels().get("server_port");
      assertThat(scrape.value("http_client_active_requests", "http_request_method", "GET",
          "server_address", HOST, "server_port", port, "url_scheme", "http", "tenant", "globex"))
          .isZero();
      // Not on the connection metrics, nor on the server's.
      assertThat(scrape.named("http_client_active_connections"))
          .allSatisfy(s -> assertThat(s.labels()).doesNotContainKey("tenant"));
      assertThat(scrape.named("http_server_request_duration_seconds_count"))
          .allSatisfy(s -> assertThat(s.labels()).doesNotContainKey("tenant"));
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void valuesBeyondMaxLabelValuesAreRecordedAsOther() {
    PrometheusRegistry registry = new PrometheusRegistry();
    // One guard on the whole key (server_address, server_port, tenant): the server alone takes
    // one place, (server, a) and (server, b) the two others.
    Vertx vertx = vertx(registry, new PrometheusMetricsOptions().setMaxLabelValues(3)
        .addClientRequestLabel("tenant", request -> request.headers().get("X-Tenant")));
    try (CapturedLog log = new CapturedLog("io.github.promasync.vertx.metrics", true)) {
      Exposition scrape = send(vertx, registry, "a", "b", "c", "d", "a");
      assertThat(scrape.value(COUNT, labels(scrape, "a"))).isEqualTo(2);
      assertThat(scrape.value(COUNT, labels(scrape, "b"))).isEqualTo(1);
      assertThat(scrape.value(COUNT, labels(scrape, "_OTHER"))).isEqualTo(2);
      assertThat(scrape.named(COUNT)).hasSize(3);
      assertThat(log.records()).extracting(r -> r.getMessage())
          .filteredOn(message -> message.contains("tenant"))
          .containsExactly("http_client_*: (server_address, server_port, tenant) reached 3 "
              + "distinct values (PrometheusMetricsOptions maxLabelValues); further ones are "
              + "recorded as \"_OTHER\"");
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aThrowingLabelFunctionGivesAnEmptyValueAndLogs() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx vertx = vertx(registry, new PrometheusMetricsOptions()
        .addClientRequestLabel("tenant", request -> {
          throw new IllegalStateException("no tenant today");
        }));
    try (CapturedLog log = new CapturedLog(
        "io.github.promasync.vertx.metrics.PrometheusMetricsFactory", true)) {
      Exposition scrape = send(vertx, registry, "x", "y");
      assertThat(scrape.value(COUNT, labels(scrape, ""))).isEqualTo(2);
      assertThat(log.records()).hasSize(1);
      assertThat(log.records().get(0).getMessage()).contains("client request label 'tenant'");
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void labelsTheNamingHasOrTheMicrometerNamingAreRefused() {
    assertThatThrownBy(() -> vertx(new PrometheusRegistry(), new PrometheusMetricsOptions()
        .addClientRequestLabel("server_address", request -> "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("client request label 'server_address' is already a label of the HTTP "
            + "client metrics");
    assertThatThrownBy(() -> vertx(new PrometheusRegistry(), new PrometheusMetricsOptions()
        .setNaming(MetricsNaming.MICROMETER).addClientRequestLabel("tenant", request -> "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("client request labels [tenant] need the OPENTELEMETRY naming: the "
            + "MICROMETER naming's client metrics take none");
    PrometheusMetricsOptions options = new PrometheusMetricsOptions();
    assertThatThrownBy(() -> options.addClientRequestLabel("bad-name", r -> ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'bad-name' is not a valid label name: [a-zA-Z_][a-zA-Z0-9_]*, not starting with __");
    options.addClientRequestLabel("tenant", r -> "");
    assertThatThrownBy(() -> options.addClientRequestLabel("tenant", r -> ""))
        .hasMessage("'tenant' is already a client request label");
    assertThat(new PrometheusMetricsOptions(options).getClientRequestLabels()).containsKey("tenant");
  }
}
