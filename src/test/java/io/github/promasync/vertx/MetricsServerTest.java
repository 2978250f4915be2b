package io.github.promasync.vertx;

import static io.github.promasync.vertx.testing.VerticleTestSupport.await;
import static io.github.promasync.vertx.testing.LocalHttp.listening;
import static io.github.promasync.vertx.testing.LocalHttp.portFreed;
import static io.github.promasync.vertx.testing.VerticleTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class MetricsServerTest {

  private PrometheusRegistry registry;
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    registry = new PrometheusRegistry();
    Counter.builder().name("server_test_hits_total").help("test hits").register(registry).inc(2);
    client = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private MetricsVerticleOptions localOptions() {
    return new MetricsVerticleOptions().setHost("127.0.0.1").setPort(0).setRegistry(registry);
  }

  @Test
  void urlAndPortReachTheRunningServer(Vertx vertx) {
    MetricsServer server = await(MetricsServer.start(vertx, localOptions()));

    HttpResponse<Buffer> response = get(client, server.url());

    assertThat(server.port()).isPositive();
    assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).contains("server_test_hits_total 2.0");
  }

  @Test
  void closeUndeploysAndFreesThePort(Vertx vertx) {
    MetricsServer server = await(MetricsServer.start(vertx, localOptions()));
    int port = server.port();
    assertThat(listening(port)).as("port in use while running").isTrue();

    await(server.close());

    await(portFreed(vertx, port));
    assertThat(vertx.deploymentIDs()).isEmpty();
    assertThatThrownBy(server::url).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingTwiceReturnsTheSameSucceededFuture(Vertx vertx) {
    MetricsServer server = await(MetricsServer.start(vertx, localOptions()));

    Future<Void> first = server.close();
    Future<Void> second = server.close();
    await(first);

    assertThat(second).isSameAs(first);
    assertThat(second.succeeded()).isTrue();
  }

  @Test
  void optionsAreCopiedAtStart(Vertx vertx) {
    MetricsVerticleOptions options = localOptions();
    Future<MetricsServer> started = MetricsServer.start(vertx, options);
    options.setPath("/changed");

    MetricsServer server = await(started);

    assertThat(server.url()).endsWith("/metrics");
  }

  @Test
  void startFailsWhenThePortIsTaken(Vertx vertx) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> await(MetricsServer.start(vertx, localOptions().setPort(port))))
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }

  @Test
  void startRejectsBadArgumentsNamingThem(Vertx vertx) {
    assertThatThrownBy(() -> MetricsServer.start(vertx, 70000))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("port 70000 is not in 0..65535");
    assertThatThrownBy(() -> MetricsServer.start(null, localOptions()))
        .isInstanceOf(NullPointerException.class).hasMessage("vertx");
    assertThatThrownBy(() -> MetricsServer.start(vertx, null))
        .isInstanceOf(NullPointerException.class).hasMessage("options");
  }
}
