package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.TestCertificate;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP client metrics in both namings, against a real server on the same Vert.x: clients
 * posting 12-byte bodies answered with 9 bytes, counted exactly on both sides.
 */
class HttpClientMetricsTest {

  private static final int N = 24;
  private static final Buffer TWELVE_BYTES = Buffer.buffer("twelve bytes");
  private static final String NINE_BYTES = "nine byte";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;
  private int port;

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private HttpClient start(MetricsNaming naming) {
    vertx = MetricsTesting.vertx(registry, naming);
    port = vertx.createHttpServer()
        .requestHandler(request -> {
          if (request.path().equals("/fail")) {
            request.response().setStatusCode(500).end(NINE_BYTES);
          } else if (request.path().equals("/reset")) {
            request.connection().close();
          } else {
            request.body().onSuccess(body -> request.response().end(NINE_BYTES));
          }
        })
        .listen(0, HOST).await().actualPort();
    return vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(4));
  }

  private List<Future<Buffer>> post(HttpClient client, String uri, int times) {
    List<Future<Buffer>> responses = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      responses.add(client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(HOST)
              .setPort(port).setURI(uri + "?i=" + i))
          .compose(request -> request.send(TWELVE_BYTES).compose(HttpClientResponse::body)));
    }
    return responses;
  }

  private static String[] otel(String method, String status, int port, String error) {
    return new String[] {
      "http_request_method", method, "http_response_status_code", status,
      "server_address", HOST, "server_port", Integer.toString(port), "url_scheme", "http",
      "network_protocol_version", "1.1", "error_type", error
    };
  }

  private Exposition settled(String countName, double count) {
    eventually(vertx, () -> {
      Exposition scrape = Exposition.scrape(registry);
      return scrape.named(countName).stream().mapToDouble(s -> s.value()).sum() == count;
    }, () -> Exposition.scrape(registry).text());
    return Exposition.scrape(registry);
  }

  @Test
  void openTelemetryNamingCountsRequestsBodiesConnectionsAndTheQueueExactly() {
    HttpClient client = start(MetricsNaming.OPENTELEMETRY);
    for (Future<Buffer> response : post(client, "/users", N)) {
      assertThat(await(response).toString()).isEqualTo(NINE_BYTES);
    }
    await(client.request(HttpMethod.GET, port, HOST, "/fail")
        .compose(request -> request.send().compose(HttpClientResponse::body)));

    Exposition scrape = settled("http_server_request_duration_seconds_count", N + 1);
    String[] ok = otel("POST", "200", port, "");
    assertThat(scrape.value("http_client_request_duration_seconds_count", ok)).isEqualTo(N);
    assertThat(scrape.value("http_client_request_body_size_bytes_count", ok)).isEqualTo(N);
    assertThat(scrape.value("http_client_request_body_size_bytes_sum", ok)).isEqualTo(N * 12);
    assertThat(scrape.value("http_client_response_body_size_bytes_sum", ok)).isEqualTo(N * 9);
    String[] failed = otel("GET", "500", port, "500");
    assertThat(scrape.value("http_client_request_duration_seconds_count", failed)).isEqualTo(1);
    assertThat(scrape.value("http_client_response_body_size_bytes_sum", failed)).isEqualTo(9);
    assertThat(scrape.value("http_client_active_requests", "http_request_method", "POST",
        "server_address", HOST, "server_port", Integer.toString(port), "url_scheme", "http"))
        .isZero();
    // The server saw the same: 12 bytes in and 9 out per request.
    assertThat(scrape.value("http_server_request_body_size_bytes_sum",
        "http_request_method", "POST", "http_response_status_code", "200", "http_route", "",
        "url_scheme", "http", "network_protocol_version", "1.1", "error_type", "")).isEqualTo(N * 12);
    assertThat(scrape.value("http_server_response_body_size_bytes_sum",
        "http_request_method", "POST", "http_response_status_code", "200", "http_route", "",
        "url_scheme", "http", "network_protocol_version", "1.1", "error_type", "")).isEqualTo(N * 9);
    // Connections and bytes, by server: the pool opened at most 4 connections.
    String[] server = {"server_address", HOST, "server_port", Integer.toString(port)};
    assertThat(scrape.value("vertx_http_client_active_connections", server)).isBetween(1.0, 4.0);
    assertThat(scrape.value("vertx_http_client_bytes_written_total", server)).isEqualTo(N * 12);
    assertThat(scrape.value("vertx_http_client_bytes_read_total", server)).isEqualTo((N + 1) * 9);
    // The pool's queue: every request waited for a connection, none waits any more.
    String[] pool = {"pool_type", "http", "pool_name", HOST + ":" + port};
    assertThat(scrape.value("vertx_pool_queue_time_seconds_count", pool)).isEqualTo(N + 1);
    assertThat(scrape.value("vertx_pool_queue_pending", pool)).isZero();
    assertThat(scrape.has("vertx_pool_in_use")
        && scrape.named("vertx_pool_in_use").stream()
            .anyMatch(s -> "http".equals(s.labels().get("pool_type")))).isFalse();
    // The OpenTelemetry buckets.
    assertThat(scrape.named("http_client_request_duration_seconds_bucket").stream()
        .filter(s -> s.labels().get("http_response_status_code").equals("200"))
        .map(s -> s.labels().get("le")))
        .containsExactly("0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5",
            "0.75", "1.0", "2.5", "5.0", "7.5", "10.0", "+Inf");

    await(client.close());
    eventually(vertx, () -> Exposition.scrape(registry)
        .value("vertx_http_client_active_connections", server) == 0,
        () -> Exposition.scrape(registry).text());
  }

  @Test
  void aResetRequestHasErrorTypeResetAndIsNoLongerActive() {
    HttpClient client = start(MetricsNaming.OPENTELEMETRY);
    Future<Buffer> reset = post(client, "/reset", 1).get(0);
    assertThat(MetricsTesting.awaitFailure(reset)).isNotNull();

    Exposition scrape = settled("http_client_request_duration_seconds_count", 1);
    assertThat(scrape.value("http_client_request_duration_seconds_count",
        otel("POST", "", port, "reset"))).isEqualTo(1);
    assertThat(scrape.value("http_client_active_requests", "http_request_method", "POST",
        "server_address", HOST, "server_port", Integer.toString(port), "url_scheme", "http"))
        .isZero();
    assertThat(scrape.has("http_client_response_body_size_bytes_count")).isFalse();
  }

  @Test
  void micrometerNamingUsesItsNamesAndDefaultLabels() {
    HttpClient client = start(MetricsNaming.MICROMETER);
    for (Future<Buffer> response : post(client, "/users", N)) {
      assertThat(await(response).toString()).isEqualTo(NINE_BYTES);
    }

    Exposition scrape = settled("vertx_http_server_requests_total", N);
    assertThat(scrape.value("vertx_http_client_requests_total", "method", "POST")).isEqualTo(N);
    assertThat(scrape.value("vertx_http_client_request_bytes_sum", "method", "POST"))
        .isEqualTo(N * 12);
    assertThat(scrape.value("vertx_http_client_responses_total", "method", "POST", "code", "200"))
        .isEqualTo(N);
    assertThat(scrape.value("vertx_http_client_response_time_seconds_count",
        "method", "POST", "code", "200")).isEqualTo(N);
    assertThat(scrape.value("vertx_http_client_response_bytes_sum",
        "method", "POST", "code", "200")).isEqualTo(N * 9);
    assertThat(scrape.value("vertx_http_client_active_requests", "method", "POST")).isZero();
    assertThat(scrape.value("vertx_http_client_active_connections")).isBetween(1.0, 4.0);
    assertThat(scrape.value("vertx_http_client_bytes_written_total")).isEqualTo(N * 12);
    assertThat(scrape.value("vertx_http_client_bytes_read_total")).isEqualTo(N * 9);
    assertThat(scrape.value("vertx_http_server_bytes_read_total")).isEqualTo(N * 12);
    assertThat(scrape.value("vertx_http_server_bytes_written_total")).isEqualTo(N * 9);
    assertThat(scrape.value("vertx_pool_queue_time_seconds_count",
        "pool_type", "http", "pool_name", HOST + ":" + port)).isEqualTo(N);
  }

  @Test
  void requestsOverTlsHaveUrlSchemeHttps(@TempDir Path dir) throws Exception {
    vertx = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    TestCertificate certificate = TestCertificate.create(dir);
    port = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
            .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.certPath())
                .setKeyPath(certificate.keyPath())))
        .requestHandler(request -> request.body()
            .onSuccess(body -> request.response().end(NINE_BYTES)))
        .listen(0, HOST).await().actualPort();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(certificate.certPath())));
    for (Future<Buffer> response : post(client, "/users", 3)) {
      assertThat(await(response).toString()).isEqualTo(NINE_BYTES);
    }

    Exposition scrape = settled("http_client_request_duration_seconds_count", 3);
    String[] https = otel("POST", "200", port, "");
    https[9] = "https";
    assertThat(scrape.value("http_client_request_duration_seconds_count", https)).isEqualTo(3);
    assertThat(scrape.value("http_client_request_body_size_bytes_sum", https)).isEqualTo(36);
  }

  @Test
  void http2RequestsAreCountedAsExactly() {
    start(MetricsNaming.OPENTELEMETRY);
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    for (Future<Buffer> response : post(client, "/users", N)) {
      assertThat(await(response).toString()).isEqualTo(NINE_BYTES);
    }

    Exposition scrape = settled("http_client_request_duration_seconds_count", N);
    String[] ok = otel("POST", "200", port, "");
    ok[11] = "2";
    assertThat(scrape.value("http_client_request_body_size_bytes_sum", ok)).isEqualTo(N * 12);
    assertThat(scrape.value("http_client_response_body_size_bytes_sum", ok)).isEqualTo(N * 9);
    assertThat(scrape.value("http_client_active_requests", "http_request_method", "POST",
        "server_address", HOST, "server_port", Integer.toString(port), "url_scheme", "http"))
        .isZero();
    // One connection carries every stream.
    assertThat(scrape.value("vertx_http_client_active_connections",
        "server_address", HOST, "server_port", Integer.toString(port))).isEqualTo(1);
    // The server's side of the same streams: HTTP/2 too.
    eventually(vertx, () -> Exposition.scrape(registry).named(
        "http_server_request_duration_seconds_count").stream()
        .mapToDouble(s -> s.value()).sum() == N, () -> Exposition.scrape(registry).text());
    assertThat(Exposition.scrape(registry).named("http_server_request_duration_seconds_count"))
        .allSatisfy(s -> assertThat(s.labels()).containsEntry("network_protocol_version", "2"));
  }
}
