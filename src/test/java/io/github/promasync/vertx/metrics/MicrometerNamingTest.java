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
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MetricsNaming#MICROMETER}: vertx-micrometer-metrics' names and default labels. */
class MicrometerNamingTest {

  private static final int N = 24;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;
  private int port;

  @BeforeEach
  void start() {
    vertx = MetricsTesting.vertx(registry, MetricsNaming.MICROMETER);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.get("/users/:id").handler(ctx -> ctx.response().end("nine byte"));
    router.post("/users/:id").handler(ctx -> ctx.response().end("nine byte"));
    router.post("/slow").handler(ctx -> { });
    Router api = Router.router(vertx);
    api.get("/items/:item").handler(ctx -> ctx.response().end());
    router.route("/api/*").subRouter(api);
    port = MetricsTesting.listen(vertx, router).actualPort();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  @Test
  void reportsItsNamesAndDefaultLabelsPlusTheRouteTemplate() {
    HttpClient client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(8));
    List<Future<Buffer>> responses = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      responses.add(client.request(HttpMethod.GET, port, HOST, "/users/" + i)
          .compose(r -> r.send().compose(HttpClientResponse::body)));
      responses.add(client.request(HttpMethod.POST, port, HOST, "/users/" + i)
          .compose(r -> r.send(Buffer.buffer("twelve bytes")).compose(HttpClientResponse::body)));
    }
    responses.add(client.request(HttpMethod.GET, port, HOST, "/api/items/1")
        .compose(r -> r.send().compose(HttpClientResponse::body)));
    responses.add(client.request(HttpMethod.GET, port, HOST, "/missing")
        .compose(r -> r.send().compose(HttpClientResponse::body)));
    responses.forEach(MetricsTesting::await);
    eventually(vertx, () -> Exposition.scrape(registry).named("vertx_http_server_requests_total")
        .stream().mapToDouble(Exposition.Sample::value).sum() == 2 * N + 2
        && Exposition.scrape(registry).value("vertx_http_server_active_requests",
            "method", "GET") == 0, () -> Exposition.scrape(registry).text());

    Exposition scrape = Exposition.scrape(registry);
    String[] get = {"method", "GET", "code", "200", "route", "/users/:id"};
    String[] post = {"method", "POST", "code", "200", "route", "/users/:id"};
    assertThat(scrape.value("vertx_http_server_requests_total", get)).isEqualTo(N);
    assertThat(scrape.value("vertx_http_server_requests_total", post)).isEqualTo(N);
    assertThat(scrape.value("vertx_http_server_requests_total",
        "method", "GET", "code", "200", "route", "/api/items/:item")).isEqualTo(1);
    assertThat(scrape.value("vertx_http_server_requests_total",
        "method", "GET", "code", "404", "route", "")).isEqualTo(1);
    assertThat(scrape.value("vertx_http_server_response_time_seconds_count", get)).isEqualTo(N);
    assertThat(scrape.value("vertx_http_server_response_bytes_sum", post)).isEqualTo(N * 9);
    assertThat(scrape.value("vertx_http_server_request_bytes_sum", "method", "POST"))
        .isEqualTo(N * 12);
    assertThat(scrape.value("vertx_http_server_request_bytes_count", "method", "GET"))
        .isEqualTo(N + 2);
    assertThat(scrape.value("vertx_http_server_active_requests", "method", "POST")).isZero();
    assertThat(scrape.value("vertx_http_server_active_connections")).isEqualTo(8);
    assertThat(scrape.value("vertx_http_server_bytes_read_total")).isEqualTo(N * 12);
    // 2N bodies of 9 bytes; /api/items/1 answers nothing; vertx-web's 404 page is its own.
    assertThat(scrape.value("vertx_http_server_bytes_written_total"))
        .isEqualTo(2 * N * 9 + scrape.value("vertx_http_server_response_bytes_sum",
            "method", "GET", "code", "404", "route", ""));
    assertThat(scrape.text()).doesNotContain("http_server_request_duration_seconds");
  }

  @Test
  void aResetIsCountedApartAndIsNoResponse() {
    // Held until the end: Vert.x closes an unreachable client made outside a verticle.
    NetClient client = vertx.createNetClient();
    NetSocket socket = await(client.connect(port, HOST));
    await(socket.write("POST /slow HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n"));
    eventually(vertx, () -> Exposition.scrape(registry).value("vertx_http_server_active_requests",
        "method", "POST") == 1, () -> Exposition.scrape(registry).text());
    await(socket.close());
    await(client.close());
    eventually(vertx, () -> Exposition.scrape(registry).value("vertx_http_server_active_requests",
        "method", "POST") == 0, () -> Exposition.scrape(registry).text());
    Exposition scrape = Exposition.scrape(registry);
    assertThat(scrape.value("vertx_http_server_request_resets_total", "method", "POST"))
        .isEqualTo(1);
    assertThat(scrape.named("vertx_http_server_requests_total")).isEmpty();
  }
}
