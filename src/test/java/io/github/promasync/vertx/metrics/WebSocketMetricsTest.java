package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * WebSockets: the handshake is recorded as a 101 response, and
 * {@code vertx_http_server_active_ws_connections} and
 * {@code vertx_http_client_active_ws_connections} count the open sockets and go back to 0
 * whichever side closes, or when the socket fails.
 */
class WebSocketMetricsTest {

  private static final String SERVER = "vertx_http_server_active_ws_connections";
  private static final String CLIENT = "vertx_http_client_active_ws_connections";
  private static final String HANDSHAKE = "GET /ws HTTP/1.1\r\nHost: localhost\r\n"
      + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;
  private final Promise<ServerWebSocket> accepted = Promise.promise();

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private int listen(MetricsNaming naming) {
    vertx = MetricsTesting.vertx(registry, naming);
    HttpServer server = vertx.createHttpServer()
        .webSocketHandler(accepted::tryComplete)
        .requestHandler(request -> request.response().end("ok"))
        .listen(0, HOST).await();
    return server.actualPort();
  }

  private Exposition scrape() {
    return Exposition.scrape(registry);
  }

  private void awaitGauges(double server, double client) {
    MetricsTesting.eventually(vertx, () -> scrape().sum(SERVER) == server
        && scrape().sum(CLIENT) == client, () -> scrape().text());
  }

  private WebSocket open(WebSocketClient client, int port) {
    WebSocket webSocket = await(client.connect(port, HOST, "/ws"));
    await(accepted.future());
    awaitGauges(1, 1);
    return webSocket;
  }

  @Test
  void theHandshakeIsA101AndTheGaugesCountTheSocketUntilTheClientClosesIt() {
    int port = listen(MetricsNaming.OPENTELEMETRY);
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket webSocket = open(client, port);
    Exposition scrape = scrape();
    assertThat(scrape.value(SERVER, "url_scheme", "http")).isEqualTo(1);
    assertThat(scrape.value(CLIENT, "server_address", HOST, "server_port", "" + port))
        .isEqualTo(1);
    assertThat(scrape.sum("http_server_request_duration_seconds_count",
        "http_request_method", "GET", "http_response_status_code", "101")).isEqualTo(1);
    assertThat(scrape.sum("http_server_request_duration_seconds_count",
        "http_response_status_code", "200")).isZero();

    await(webSocket.close());
    awaitGauges(0, 0);
    assertThat(scrape().sum("http_server_active_requests")).isZero();
  }

  @Test
  void theGaugesGoBackToZeroWhenTheServerClosesTheSocket() {
    int port = listen(MetricsNaming.OPENTELEMETRY);
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket webSocket = open(client, port);
    Promise<Void> closed = Promise.promise();
    webSocket.closeHandler(v -> closed.tryComplete());

    await(await(accepted.future()).close());
    await(closed.future());
    awaitGauges(0, 0);
  }

  @Test
  void theServerGaugeGoesBackToZeroWhenTheClientDropsTheConnection() throws IOException {
    int port = listen(MetricsNaming.OPENTELEMETRY);
    RawConnection connection = RawConnection.open(port).send(HANDSHAKE);
    assertThat(connection.readHead()).startsWith("HTTP/1.1 101");
    await(accepted.future());
    awaitGauges(1, 0);

    connection.close();
    awaitGauges(0, 0);
  }

  @Test
  void theServerGaugeGoesBackToZeroWhenTheSocketFails() throws IOException {
    int port = listen(MetricsNaming.OPENTELEMETRY);
    RawConnection connection = RawConnection.open(port).send(HANDSHAKE);
    assertThat(connection.readHead()).startsWith("HTTP/1.1 101");
    await(accepted.future());
    awaitGauges(1, 0);

    // An unmasked frame with reserved bits and opcode set: a protocol error for the server.
    connection.send("\u00ff\u00ff\u0000\u0000\u0000\u0000");
    awaitGauges(0, 0);
    connection.close();
  }

  @Test
  void theClientGaugeGoesBackToZeroWhenItsConnectionIsDropped() throws Exception {
    vertx = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    // A server written by hand: it accepts the handshake, then drops the connection without a
    // close frame.
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      CompletableFuture<Socket> handshaken = CompletableFuture.supplyAsync(() -> {
        try {
          Socket socket = server.accept();
          StringBuilder request = new StringBuilder();
          while (!request.toString().endsWith("\r\n\r\n")) {
            request.append((char) socket.getInputStream().read());
          }
          String key = request.toString().lines()
              .filter(line -> line.regionMatches(true, 0, "sec-websocket-key:", 0, 18))
              .findFirst().orElseThrow().substring(18).trim();
          String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
              .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                  .getBytes(StandardCharsets.ISO_8859_1)));
          socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\n"
              + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept
              + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          return socket;
        } catch (IOException | NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      });
      WebSocketClient client = vertx.createWebSocketClient();
      WebSocket webSocket = await(client.connect(server.getLocalPort(), HOST, "/ws"));
      Promise<Void> closed = Promise.promise();
      webSocket.closeHandler(v -> closed.tryComplete());
      awaitGauges(0, 1);

      handshaken.get(30, TimeUnit.SECONDS).close();
      await(closed.future());
      awaitGauges(0, 0);
    }
  }

  @Test
  void micrometerNamingCountsWebSocketsWithoutLabels() {
    int port = listen(MetricsNaming.MICROMETER);
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket webSocket = open(client, port);
    Exposition scrape = scrape();
    assertThat(scrape.value(SERVER)).isEqualTo(1);
    assertThat(scrape.value(CLIENT)).isEqualTo(1);
    assertThat(scrape.sum("vertx_http_server_requests_total", "code", "101")).isEqualTo(1);

    await(webSocket.close());
    awaitGauges(0, 0);
  }
}
