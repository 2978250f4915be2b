package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.TestCertificate;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The active gauges of the HTTP server metrics go back to 0 under every shape of HTTP/1 traffic
 * once the connections are closed, and the counts are exact: paused requests answered without
 * being resumed, two connections from one ip:port, pipelining, servers and clients closed with
 * requests in flight, TLS. Raw sockets send exactly the bytes each shape needs.
 */
class ConnectionLifecycleTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;
  private final List<HttpServerRequest> unanswered = new ArrayList<>();

  @BeforeEach
  void start() {
    vertx = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  /**
   * /auth: pauses the request for an asynchronous check and answers 401 without resuming it, as
   * vertx-web's authentication handlers do; /early: answers at once, before a body; /never:
   * never answers; anything else: 200 "ok".
   */
  private final Handler<HttpServerRequest> handler = request -> {
    switch (request.path()) {
      case "/auth" -> {
        request.pause();
        vertx.setTimer(1, id -> request.response().setStatusCode(401).end());
      }
      case "/early" -> request.response().end("early");
      case "/never" -> unanswered.add(request);
      default -> request.response().end("ok");
    }
  };

  private HttpServer listen(HttpServerOptions options) {
    return vertx.createHttpServer(options).requestHandler(handler).listen(0, HOST).await();
  }

  private Exposition scrape() {
    return Exposition.scrape(registry);
  }

  private double count(String method, String status) {
    return scrape().sum("http_server_request_duration_seconds_count",
        "http_request_method", method, "http_response_status_code", status);
  }

  private void awaitCount(String method, String status, double expected) {
    MetricsTesting.eventually(vertx, () -> count(method, status) == expected,
        () -> scrape().text());
  }

  private void awaitActiveRequests(double expected) {
    MetricsTesting.eventually(vertx,
        () -> scrape().sum("http_server_active_requests") == expected, () -> scrape().text());
  }

  /** Every active gauge (requests, connections, WebSockets, server and client) reads 0. */
  private void awaitAllIdle() {
    MetricsTesting.eventually(vertx, () -> scrape().activeNotZero().isEmpty(),
        () -> String.join("\n", scrape().activeNotZero()));
  }

  @Test
  void pausedRequestsAnsweredWithoutResumingEndWhenTheirConnectionsClose() {
    int port = listen(new HttpServerOptions()).actualPort();
    List<RawConnection> connections = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      RawConnection connection = RawConnection.open(port);
      connections.add(connection);
      assertThat(connection.send(RawConnection.get("/auth")).readResponse()).isEqualTo(401);
    }
    awaitCount("GET", "401", 5);

    connections.forEach(RawConnection::close);
    awaitAllIdle();
    assertThat(count("GET", "401")).isEqualTo(5);
    assertThat(scrape().sum("http_server_request_duration_seconds_count", "error_type", "reset"))
        .isZero();
  }

  @Test
  void twoConnectionsFromOneIpAndPortEndTheirOwnRequests() {
    // Two servers of one Vert.x share the request metrics; the client's two sockets share one
    // local port, so both connections come from 127.0.0.1:<that port>.
    int first = listen(new HttpServerOptions()).actualPort();
    int second = listen(new HttpServerOptions()).actualPort();
    RawConnection one = RawConnection.open(0, first);
    RawConnection two = RawConnection.open(one.localPort(), second);
    assertThat(two.localPort()).isEqualTo(one.localPort());
    // Both answered before their bodies, which never complete: active until their close.
    assertThat(one.send(RawConnection.post("/early", 100) + "x".repeat(40)).readResponse())
        .isEqualTo(200);
    assertThat(two.send(RawConnection.post("/early", 100) + "x".repeat(40)).readResponse())
        .isEqualTo(200);
    awaitCount("POST", "200", 2);
    awaitActiveRequests(2);

    one.close();
    awaitActiveRequests(1);
    two.close();
    awaitAllIdle();
    assertThat(count("POST", "200")).isEqualTo(2);
  }

  @Test
  void pipelinedRequestsAreEachCountedAndTheUnansweredOneEndsWithItsConnection() {
    int port = listen(new HttpServerOptions()).actualPort();
    RawConnection connection = RawConnection.open(port);
    connection.send(RawConnection.get("/a") + RawConnection.get("/auth") + RawConnection.get("/b")
        + RawConnection.get("/never"));
    assertThat(connection.readResponse()).isEqualTo(200);
    assertThat(connection.readResponse()).isEqualTo(401);
    assertThat(connection.readResponse()).isEqualTo(200);
    awaitCount("GET", "200", 2);
    awaitCount("GET", "401", 1);
    // /never, and /auth, whose end Vert.x never reports: it was not resumed.
    awaitActiveRequests(2);

    connection.close();
    awaitAllIdle();
    Exposition scrape = scrape();
    assertThat(scrape.sum("http_server_request_duration_seconds_count", "error_type", "reset"))
        .isEqualTo(1);
    assertThat(scrape.sum("http_server_request_duration_seconds_count")).isEqualTo(4);
  }

  @Test
  void aServerClosedWithRequestsInFlightEndsThemAll() {
    HttpServer server = listen(new HttpServerOptions());
    List<RawConnection> connections = new ArrayList<>();
    for (String request : new String[] {RawConnection.get("/never"),
        RawConnection.post("/never", 100) + "half", RawConnection.post("/early", 100) + "half"}) {
      connections.add(RawConnection.open(server.actualPort()).send(request));
    }
    assertThat(connections.get(2).readResponse()).isEqualTo(200);
    awaitActiveRequests(3);
    assertThat(scrape().sum("http_server_active_connections")).isEqualTo(3);

    await(server.close());
    awaitAllIdle();
    connections.forEach(RawConnection::close);
    assertThat(scrape().sum("http_server_request_duration_seconds_count", "error_type", "reset"))
        .isEqualTo(2);
    assertThat(count("POST", "200")).isEqualTo(1);
  }

  @Test
  void aClientClosedWithRequestsInFlightEndsThemOnBothSides() {
    int port = listen(new HttpServerOptions()).actualPort();
    HttpClient client = vertx.createHttpClient();
    List<Future<?>> responses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      responses.add(client.request(HttpMethod.GET, port, HOST, "/never")
          .compose(request -> request.send()));
    }
    MetricsTesting.eventually(vertx, () -> unanswered.size() == 3
        && scrape().sum("http_client_active_requests") == 3, () -> scrape().text());
    awaitActiveRequests(3);

    await(client.close());
    responses.forEach(MetricsTesting::awaitFailure);
    awaitAllIdle();
    Exposition scrape = scrape();
    assertThat(scrape.sum("http_client_request_duration_seconds_count", "error_type", "reset"))
        .isEqualTo(3);
    assertThat(scrape.sum("http_server_request_duration_seconds_count", "error_type", "reset"))
        .isEqualTo(3);
  }

  @Test
  void aTlsServerIsLabelledHttps(@TempDir Path dir) throws Exception {
    TestCertificate certificate = TestCertificate.create(dir);
    int port = listen(new HttpServerOptions().setSsl(true).setKeyCertOptions(
        new PemKeyCertOptions().setCertPath(certificate.certPath())
            .setKeyPath(certificate.keyPath()))).actualPort();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true)
        .setTrustAll(true).setVerifyHost(false));
    for (String path : new String[] {"/a", "/auth"}) {
      await(client.request(HttpMethod.GET, port, HOST, path).compose(request -> request.send()));
    }
    awaitCount("GET", "401", 1);
    Exposition scrape = scrape();
    assertThat(scrape.sum("http_server_request_duration_seconds_count", "url_scheme", "https"))
        .isEqualTo(2);
    assertThat(scrape.sum("http_server_request_duration_seconds_count", "url_scheme", "http"))
        .isZero();
    assertThat(scrape.sum("http_server_active_connections", "url_scheme", "https"))
        .isEqualTo(1);

    await(client.close());
    awaitAllIdle();
  }
}
