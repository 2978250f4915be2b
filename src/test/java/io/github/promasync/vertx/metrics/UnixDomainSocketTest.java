package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server on a Unix domain socket (Vert.x's native transport, netty-transport-native-epoll on
 * the test class path): every connection has the same remote address, and each still ends its
 * own requests.
 */
class UnixDomainSocketTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;

  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  void twoConnectionsWithOneRemoteAddressEndTheirOwnRequests() {
    vertx = Vertx.builder()
        .with(new VertxOptions().setPreferNativeTransport(true)
            .setMetricsOptions(new PrometheusMetricsOptions().setEnabled(true)
                .setRegistry(registry).setNaming(MetricsNaming.OPENTELEMETRY)))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
    assertThat(vertx.isNativeTransportEnabled())
        .as("Vert.x's native transport (netty-transport-native-epoll linux-x86_64)").isTrue();
    SocketAddress path = SocketAddress.domainSocketAddress(dir.resolve("http.sock").toString());
    await(vertx.createHttpServer()
        .requestHandler(request -> request.response().end("early"))
        .listen(path));
    HttpClient client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(2));
    // Two requests answered before their bodies end: each keeps its connection busy, so the
    // second takes a second connection.
    for (int i = 0; i < 2; i++) {
      HttpClientRequest request = await(client.request(new RequestOptions()
          .setServer(path).setHost("localhost").setPort(80).setMethod(HttpMethod.POST)
          .setURI("/early")));
      request.setChunked(true);
      await(request.write("half a body"));
      assertThat(await(request.response()).statusCode()).isEqualTo(200);
    }
    MetricsTesting.eventually(vertx, () -> Exposition.scrape(registry)
        .sum("http_server_active_connections") == 2
        && Exposition.scrape(registry).sum("http_server_active_requests") == 2,
        () -> Exposition.scrape(registry).text());

    await(client.close());
    MetricsTesting.eventually(vertx, () -> Exposition.scrape(registry).activeNotZero().isEmpty(),
        () -> String.join("\n", Exposition.scrape(registry).activeNotZero()));
    assertThat(Exposition.scrape(registry).sum("http_server_request_duration_seconds_count",
        "http_response_status_code", "200")).isEqualTo(2);
  }
}
