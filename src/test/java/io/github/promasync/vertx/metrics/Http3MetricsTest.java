package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.TestCertificate;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/3 over QUIC (Netty's native QUIC codec, netty-codec-native-quic, on the test class path):
 * its requests, its server and client connections, and the client's bytes are counted, and the
 * gauges go back to 0 when the client closes. Vert.x 5.1 reports no bytes for an HTTP/3 server.
 */
class Http3MetricsTest {

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

  private Exposition scrape() {
    return Exposition.scrape(registry);
  }

  @Test
  void http3RequestsAndConnectionsAreCounted() throws Exception {
    vertx = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    TestCertificate certificate = TestCertificate.create(dir);
    HttpServer server = vertx.createHttpServer(
        new HttpServerConfig().setVersions(HttpVersion.HTTP_3),
        new ServerSSLOptions().setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(certificate.certPath()).setKeyPath(certificate.keyPath())))
        .requestHandler(request -> request.response().end("hello"))
        .listen(0, HOST).await();
    HttpClient client = vertx.createHttpClient(
        new HttpClientConfig().setVersions(HttpVersion.HTTP_3).setSsl(true),
        new ClientSSLOptions().setTrustAll(true).setHostnameVerificationAlgorithm(""));
    for (int i = 0; i < 3; i++) {
      String answer = await(client.request(HttpMethod.GET, server.actualPort(), HOST, "/h3")
          .compose(request -> request.send()
              .compose(response -> response.body().map(body -> response.version() + " " + body))));
      assertThat(answer).isEqualTo("HTTP_3 hello");
    }
    MetricsTesting.eventually(vertx, () -> scrape().sum(
        "http_server_request_duration_seconds_count", "url_scheme", "https") == 3,
        () -> scrape().text());
    Exposition scrape = scrape();
    assertThat(scrape.sum("http_server_active_connections", "url_scheme", "https"))
        .isEqualTo(1);
    assertThat(scrape.sum("http_client_active_connections")).isEqualTo(1);
    assertThat(scrape.sum("http_client_request_duration_seconds_count")).isEqualTo(3);
    assertThat(scrape.sum("read_bytes_total", "server_port", "" + server.actualPort())
        + scrape.sum("bytes_read_total", "server_port", "" + server.actualPort()))
        .isGreaterThanOrEqualTo(15);

    await(client.close());
    MetricsTesting.eventually(vertx, () -> scrape().activeNotZero().isEmpty(),
        () -> String.join("\n", scrape().activeNotZero()));
  }
}
