package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.TestCertificate;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/2, in clear text with prior knowledge and over TLS with ALPN: many streams on one
 * connection, answered before their bodies and then reset, or cut by a GOAWAY while open; the
 * active gauges go back to 0 and each stream is recorded once.
 */
class Http2LifecycleTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<HttpServerRequest> unanswered = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private HttpClient client;
  private int port;

  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private void start(boolean tls) throws Exception {
    vertx = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    HttpServerOptions server = new HttpServerOptions().setHttp2ClearTextEnabled(true);
    HttpClientOptions clientOptions = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
    if (tls) {
      TestCertificate certificate = TestCertificate.create(dir);
      server.setSsl(true).setUseAlpn(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(certificate.certPath()).setKeyPath(certificate.keyPath()));
      clientOptions.setSsl(true).setUseAlpn(true).setTrustAll(true).setVerifyHost(false);
    }
    port = vertx.createHttpServer(server).requestHandler(request -> {
      switch (request.path()) {
        case "/early" -> request.response().end("early");
        case "/auth" -> {
          request.pause();
          vertx.setTimer(1, id -> request.response().setStatusCode(401).end());
        }
        default -> unanswered.add(request);
      }
    }).listen(0, HOST).await().actualPort();
    client = vertx.createHttpClient(clientOptions);
  }

  private Exposition scrape() {
    return Exposition.scrape(registry);
  }

  private HttpClientRequest stream(String path) {
    HttpClientRequest request = await(client.request(HttpMethod.POST, port, HOST, path));
    request.setChunked(true);
    await(request.write("part of a body"));
    return request;
  }

  private void awaitAllIdle() {
    MetricsTesting.eventually(vertx, () -> scrape().activeNotZero().isEmpty(),
        () -> String.join("\n", scrape().activeNotZero()));
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void streamsAnsweredBeforeTheirBodiesThenResetAreRecordedOnceAndEnd(boolean tls)
      throws Exception {
    start(tls);
    List<HttpClientRequest> streams = new ArrayList<>();
    for (String path : new String[] {"/early", "/early", "/auth", "/auth"}) {
      HttpClientRequest request = stream(path);
      HttpClientResponse response = await(request.response());
      assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
      streams.add(request);
    }
    String scheme = tls ? "https" : "http";
    MetricsTesting.eventually(vertx, () -> scrape().sum(
        "http_server_request_duration_seconds_count", "url_scheme", scheme) == 4,
        () -> scrape().text());
    // One connection carries them all.
    assertThat(scrape().sum("http_server_active_connections")).isEqualTo(1);

    streams.forEach(request -> request.reset());
    MetricsTesting.eventually(vertx, () -> scrape().sum("http_server_active_requests") == 0,
        () -> scrape().text());
    Exposition scrape = scrape();
    assertThat(scrape.sum("http_server_request_duration_seconds_count",
        "http_response_status_code", "200")).isEqualTo(2);
    assertThat(scrape.sum("http_server_request_duration_seconds_count",
        "http_response_status_code", "401")).isEqualTo(2);
    assertThat(scrape.sum("http_server_request_duration_seconds_count", "error_type", "reset"))
        .isZero();

    await(client.close());
    awaitAllIdle();
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void aGoAwayWithOpenStreamsEndsThemOnBothSides(boolean tls) throws Exception {
    start(tls);
    List<Future<HttpClientResponse>> responses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      responses.add(stream("/never").response());
    }
    MetricsTesting.eventually(vertx, () -> unanswered.size() == 3
        && scrape().sum("http_server_active_requests") == 3
        && scrape().sum("http_client_active_requests") == 3, () -> scrape().text());

    // The server says GOAWAY and closes the connection with the streams still open.
    await(unanswered.get(0).connection().shutdown(Duration.ZERO));
    responses.forEach(MetricsTesting::awaitFailure);
    awaitAllIdle();
    Exposition scrape = scrape();
    assertThat(scrape.sum("http_server_request_duration_seconds_count", "error_type", "reset"))
        .isEqualTo(3);
    assertThat(scrape.sum("http_client_request_duration_seconds_count", "error_type", "reset"))
        .isEqualTo(3);
  }
}
