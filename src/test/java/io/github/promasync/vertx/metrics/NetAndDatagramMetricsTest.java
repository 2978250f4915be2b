package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.metrics.impl.VertxMetricsImpl;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.TcpServerConfig;
import io.vertx.core.spi.metrics.TransportMetrics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TCP servers and clients, and datagram sockets: the same names in both namings. */
class NetAndDatagramMetricsTest {

  private static final int CLIENTS = 6;
  private static final Buffer TWELVE_BYTES = Buffer.buffer("twelve bytes");
  private static final Buffer NINE_BYTES = Buffer.buffer("nine byte");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  @Test
  void netClientsWritingTwelveBytesToAServerAnsweringNine() {
    vertx = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    int port = vertx.createNetServer()
        .connectHandler(socket -> socket.handler(received -> socket.write(NINE_BYTES)))
        .listen(0, HOST).await().actualPort();
    NetClient client = vertx.createNetClient();
    List<NetSocket> sockets = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      NetSocket socket = await(client.connect(port, HOST));
      Promise<Buffer> answer = Promise.promise();
      Buffer received = Buffer.buffer();
      socket.handler(data -> {
        received.appendBuffer(data);
        if (received.length() == NINE_BYTES.length()) {
          answer.complete(received);
        }
      });
      socket.write(TWELVE_BYTES);
      assertThat(await(answer.future())).isEqualTo(NINE_BYTES);
      sockets.add(socket);
    }

    // Bytes are flushed to the metrics when a connection closes, at the latest.
    eventually(vertx, () -> Exposition.scrape(registry)
        .value("vertx_net_server_active_connections") == CLIENTS,
        () -> Exposition.scrape(registry).text());
    Exposition open = Exposition.scrape(registry);
    assertThat(open.value("vertx_net_client_active_connections")).isEqualTo(CLIENTS);
    for (NetSocket socket : sockets) {
      await(socket.close());
    }
    eventually(vertx, () -> {
      Exposition scrape = Exposition.scrape(registry);
      return scrape.value("vertx_net_server_active_connections") == 0
          && scrape.value("vertx_net_client_active_connections") == 0;
    }, () -> Exposition.scrape(registry).text());
    Exposition scrape = Exposition.scrape(registry);
    assertThat(scrape.value("vertx_net_server_bytes_read_total")).isEqualTo(CLIENTS * 12);
    assertThat(scrape.value("vertx_net_server_bytes_written_total")).isEqualTo(CLIENTS * 9);
    assertThat(scrape.value("vertx_net_client_bytes_written_total")).isEqualTo(CLIENTS * 12);
    assertThat(scrape.value("vertx_net_client_bytes_read_total")).isEqualTo(CLIENTS * 9);
    assertThat(scrape.has("vertx_net_server_errors_total")).isFalse();
  }

  @Test
  @SuppressWarnings("unchecked")
  void errorsAreCountedByExceptionClass() {
    vertx = MetricsTesting.vertx(registry, MetricsNaming.MICROMETER);
    TransportMetrics<Object> server = (TransportMetrics<Object>) VertxMetricsImpl.create(
            new PrometheusMetricsOptions().setEnabled(true).setRegistry(registry)
                .setNaming(MetricsNaming.MICROMETER))
        .createTcpServerMetrics(new TcpServerConfig(), null, null);
    Object connection = server.connected(null, null);
    server.exceptionOccurred(connection, null, new IOException("reset by peer"));
    server.exceptionOccurred(connection, null, new IOException("reset by peer"));
    server.exceptionOccurred(connection, null, new IllegalStateException());

    Exposition scrape = Exposition.scrape(registry);
    assertThat(scrape.value("vertx_net_server_errors_total", "class", "IOException")).isEqualTo(2);
    assertThat(scrape.value("vertx_net_server_errors_total", "class", "IllegalStateException"))
        .isEqualTo(1);
    assertThat(scrape.value("vertx_net_server_active_connections")).isEqualTo(1);
  }

  @Test
  void fiveDatagrams() {
    vertx = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    DatagramSocket receiver = vertx.createDatagramSocket(new DatagramSocketOptions());
    Promise<Void> allReceived = Promise.promise();
    int[] received = {0};
    receiver.handler(packet -> {
      if (++received[0] == 5) {
        allReceived.complete();
      }
    });
    int port = await(receiver.listen(0, HOST)).localAddress().port();
    DatagramSocket sender = vertx.createDatagramSocket(new DatagramSocketOptions());
    for (int i = 0; i < 5; i++) {
      await(sender.send(TWELVE_BYTES, port, HOST));
    }
    await(allReceived.future());

    eventually(vertx, () -> Exposition.scrape(registry)
        .value("vertx_datagram_bytes_read_count") == 5, () -> Exposition.scrape(registry).text());
    Exposition scrape = Exposition.scrape(registry);
    assertThat(scrape.value("vertx_datagram_bytes_read_sum")).isEqualTo(5 * 12);
    assertThat(scrape.value("vertx_datagram_bytes_written_count")).isEqualTo(5);
    assertThat(scrape.value("vertx_datagram_bytes_written_sum")).isEqualTo(5 * 12);
    assertThat(scrape.has("vertx_datagram_errors_total")).isFalse();
    await(Future.all(sender.close(), receiver.close()));
  }
}
