package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code http_server_active_requests} goes back to 0 whatever order Vert.x reports a request's
 * ends in. Raw sockets send requests whose bodies never complete.
 */
class ActiveRequestsTest {

  private static final String ACTIVE = "http_server_active_requests";
  private static final String[] POST = {"http_request_method", "POST", "url_scheme", "http"};
  private static final String HEADERS = "POST %s HTTP/1.1\r\nHost: localhost\r\n"
      + "Content-Length: 100\r\n\r\n";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;
  private int port;
  private final Promise<Void> slowRequestSeen = Promise.promise();

  @BeforeEach
  void start() {
    vertx = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    Router router = Router.router(vertx);
    // Answers at once, before the body has arrived.
    router.post("/early").handler(ctx -> ctx.response().end("early"));
    // Never answers.
    router.post("/slow").handler(ctx -> slowRequestSeen.tryComplete());
    port = MetricsTesting.listen(vertx, router).actualPort();
  }

  private NetClient client;

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private NetSocket connect() {
    // One client held by the test: Vert.x closes a client made outside a verticle, with its
    // sockets, once it becomes unreachable.
    if (client == null) {
      client = vertx.createNetClient();
    }
    return await(client.connect(port, HOST));
  }

  private double active() {
    return Exposition.scrape(registry).value(ACTIVE, POST);
  }

  private void awaitActive(double expected) {
    eventually(vertx, () -> Exposition.scrape(registry).has(ACTIVE) && active() == expected,
        () -> Exposition.scrape(registry).text());
  }

  /**
   * Sends 40 of the 100 body bytes of a POST to /early, waits for its whole response and for it
   * to be recorded, and checks that the request is still active; returns its labels.
   */
  private String[] answeredEarly(NetSocket socket) {
    Promise<Buffer> response = Promise.promise();
    Buffer received = Buffer.buffer();
    socket.handler(data -> {
      received.appendBuffer(data);
      if (received.toString().endsWith("early")) {
        response.tryComplete(received);
      }
    });
    await(socket.write(String.format(HEADERS, "/early") + "x".repeat(40)));
    assertThat(await(response.future()).toString()).startsWith("HTTP/1.1 200 OK");
    String[] labels = {"http_request_method", "POST", "http_response_status_code", "200",
        "http_route", "/early", "url_scheme", "http", "network_protocol_version", "1.1",
        "error_type", ""};
    eventually(vertx, () -> Exposition.scrape(registry)
        .value("http_server_request_duration_seconds_count", labels) == 1,
        () -> Exposition.scrape(registry).text());
    assertThat(active()).isEqualTo(1);
    return labels;
  }

  @Test
  void aRequestWhoseBodyNeverEndsEndsWhenItsConnectionCloses() {
    NetSocket socket = connect();
    await(socket.write(String.format(HEADERS, "/slow") + "only 20 of 100 bytes"));
    await(slowRequestSeen.future());
    awaitActive(1);

    await(socket.close());
    awaitActive(0);
    Exposition scrape = Exposition.scrape(registry);
    // Recorded as a reset: no status, error_type="reset".
    assertThat(scrape.value("http_server_request_duration_seconds_count",
        "http_request_method", "POST", "http_response_status_code", "", "http_route", "/slow",
        "url_scheme", "http", "network_protocol_version", "1.1", "error_type", "reset"))
        .isEqualTo(1);
  }

  @Test
  void aResponseThatEndsBeforeItsRequestKeepsItActiveUntilTheBodyEnds() {
    NetSocket socket = connect();
    String[] labels = answeredEarly(socket);

    await(socket.write("y".repeat(60)));
    awaitActive(0);
    Exposition scrape = Exposition.scrape(registry);
    assertThat(scrape.value("http_server_request_body_size_bytes_sum", labels)).isEqualTo(100);
    assertThat(scrape.value("http_server_response_body_size_bytes_sum", labels)).isEqualTo(5);
    await(socket.close());
  }

  @Test
  void aResponseThatEndsBeforeItsRequestWhoseConnectionThenClosesEnds() {
    // Vert.x reports neither requestEnd nor requestReset here (vert.x issue #6328).
    NetSocket socket = connect();
    String[] labels = answeredEarly(socket);

    await(socket.close());
    awaitActive(0);
    assertThat(Exposition.scrape(registry)
        .value("http_server_request_body_size_bytes_count", labels)).isZero();
  }
}
