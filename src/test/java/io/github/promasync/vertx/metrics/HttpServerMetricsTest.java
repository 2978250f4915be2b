package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP server metrics with the default (OpenTelemetry) naming, against a real server. */
class HttpServerMetricsTest {

  private static final String DURATION = "http_server_request_duration_seconds";
  private static final String REQUEST_BODY = "http_server_request_body_size_bytes";
  private static final String RESPONSE_BODY = "http_server_response_body_size_bytes";
  private static final String ACTIVE = "http_server_active_requests";
  private static final int N = 24;
  private static final Buffer TWELVE_BYTES = Buffer.buffer("twelve bytes");
  private static final String NINE_BYTES = "nine byte";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;
  private HttpClient client;
  private int port;

  @BeforeEach
  void start() {
    vertx = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.get("/users/:id").handler(ctx -> ctx.response().end(NINE_BYTES));
    router.post("/users/:id").handler(ctx -> ctx.response().end(NINE_BYTES));
    port = MetricsTesting.listen(vertx, router).actualPort();
    client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(8));
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private Future<Buffer> send(HttpMethod method, String uri, Buffer body) {
    return client.request(new RequestOptions().setMethod(method).setHost(HOST).setPort(port)
            .setURI(uri))
        .compose(request -> (body == null ? request.send() : request.send(body))
            .compose(HttpClientResponse::body));
  }

  private static String[] labels(String method, String status, String route) {
    return new String[] {
      "http_request_method", method, "http_response_status_code", status, "http_route", route,
      "url_scheme", "http", "network_protocol_version", "1.1",
      "error_type", status.startsWith("5") ? status : ""
    };
  }

  private Exposition settled(long responses) {
    eventually(vertx, () -> {
      Exposition scrape = Exposition.scrape(registry);
      double count = scrape.named(DURATION + "_count").stream().mapToDouble(s -> s.value()).sum();
      double active = scrape.named(ACTIVE).stream().mapToDouble(s -> s.value()).sum();
      return count == responses && active == 0;
    }, () -> Exposition.scrape(registry).text());
    return Exposition.scrape(registry);
  }

  @Test
  void countsGetsAndPostsFromEightConnectionsByRouteTemplate() {
    List<Future<Buffer>> responses = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      responses.add(send(HttpMethod.GET, "/users/" + i, null));
      responses.add(send(HttpMethod.POST, "/users/" + i + "?q=" + i, TWELVE_BYTES));
    }
    for (Future<Buffer> response : responses) {
      assertThat(await(response).toString()).isEqualTo(NINE_BYTES);
    }

    Exposition scrape = settled(2 * N);
    String[] get = labels("GET", "200", "/users/:id");
    String[] post = labels("POST", "200", "/users/:id");
    assertThat(scrape.value(DURATION + "_count", get)).isEqualTo(N);
    assertThat(scrape.value(DURATION + "_count", post)).isEqualTo(N);
    assertThat(scrape.value(REQUEST_BODY + "_sum", post)).isEqualTo(N * 12);
    assertThat(scrape.value(REQUEST_BODY + "_count", post)).isEqualTo(N);
    assertThat(scrape.value(REQUEST_BODY + "_sum", get)).isZero();
    assertThat(scrape.value(REQUEST_BODY + "_count", get)).isEqualTo(N);
    assertThat(scrape.value(RESPONSE_BODY + "_sum", get)).isEqualTo(N * 9);
    assertThat(scrape.value(RESPONSE_BODY + "_sum", post)).isEqualTo(N * 9);
    assertThat(scrape.value(ACTIVE, "http_request_method", "GET", "url_scheme", "http")).isZero();
    assertThat(scrape.value(ACTIVE, "http_request_method", "POST", "url_scheme", "http")).isZero();
    // One series per (method, status, route): the 48 different URIs did not make more.
    assertThat(scrape.named(DURATION + "_count")).hasSize(2);
    assertThat(scrape.value("vertx_http_server_bytes_read_total", "url_scheme", "http"))
        .isEqualTo(N * 12);
    assertThat(scrape.value("vertx_http_server_bytes_written_total", "url_scheme", "http"))
        .isEqualTo(2 * N * 9);
    assertThat(scrape.value("vertx_http_server_active_connections", "url_scheme", "http"))
        .isEqualTo(8);
    // The OpenTelemetry buckets.
    assertThat(scrape.named(DURATION + "_bucket").stream()
        .filter(s -> s.labels().get("http_request_method").equals("GET"))
        .map(s -> s.labels().get("le")))
        .containsExactly("0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5",
            "0.75", "1.0", "2.5", "5.0", "7.5", "10.0", "+Inf");

    await(client.close());
    eventually(vertx, () -> Exposition.scrape(registry)
        .value("vertx_http_server_active_connections", "url_scheme", "http") == 0,
        () -> Exposition.scrape(registry).text());
  }
}
