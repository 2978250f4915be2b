package io.github.promasync.vertx;

import io.github.promasync.vertx.testing.TestCertificate;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Serving guarantees of {@link MetricsVerticle} the docs state: HTTP/2 scrapes (cleartext with
 * prior knowledge, and TLS with ALPN), and several instances on port 0, each on a port of its own.
 */
@ExtendWith(VertxExtension.class)
class MetricsVerticleServingTest {

  private PrometheusRegistry registry;

  @BeforeEach
  void setUp() {
    registry = new PrometheusRegistry();
    Counter.builder().name("serving_test_hits_total").help("test hits").register(registry).inc();
  }

  private MetricsVerticleOptions localOptions() {
    return new MetricsVerticleOptions().setHost("127.0.0.1").setPort(0).setRegistry(registry);
  }

  @Test
  void servesAnHttp2ScrapeInCleartextWithPriorKnowledge(Vertx vertx) throws Exception {
    MetricsVerticle verticle = new MetricsVerticle(localOptions());
    vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));

    Scrape scrape = scrape(client, verticle.url(), "gzip");
    Scrape head = scrape(client, verticle.url(), null, HttpMethod.HEAD);

    assertThat(scrape.version).isEqualTo(HttpVersion.HTTP_2);
    assertThat(scrape.status).isEqualTo(200);
    assertThat(scrape.encoding).isEqualTo("gzip");
    assertThat(head.version).isEqualTo(HttpVersion.HTTP_2);
    assertThat(head.status).isEqualTo(200);
    assertThat(head.body.length()).isZero();
    Scrape plain = scrape(client, verticle.url(), null);
    assertThat(plain.body.toString()).contains("serving_test_hits_total 1.0");
    client.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void servesAnHttp2ScrapeOverTlsNegotiatedWithAlpn(Vertx vertx, @TempDir Path dir)
      throws Exception {
    TestCertificate certificate = TestCertificate.create(dir);
    MetricsVerticle verticle = new MetricsVerticle(localOptions()
        .setServerOptions(new HttpServerOptions()
            .setSsl(true)
            .setUseAlpn(true)
            .setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(certificate.certPath())
                .setKeyPath(certificate.keyPath()))));
    vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setSsl(true)
        .setUseAlpn(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(certificate.certPath())));

    Scrape scrape = scrape(client, verticle.url(), null);

    assertThat(verticle.url()).startsWith("https://");
    assertThat(scrape.version).isEqualTo(HttpVersion.HTTP_2);
    assertThat(scrape.status).isEqualTo(200);
    assertThat(scrape.body.toString()).contains("serving_test_hits_total 1.0");
    client.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void severalInstancesOnPortZeroEachListenOnAPortOfTheirOwn(Vertx vertx) throws Exception {
    List<MetricsVerticle> instances = new CopyOnWriteArrayList<>();
    String id = vertx.deployVerticle(() -> {
      MetricsVerticle verticle = new MetricsVerticle(localOptions());
      instances.add(verticle);
      return verticle;
    }, new DeploymentOptions().setInstances(3)).await(30, TimeUnit.SECONDS);
    HttpClient client = vertx.createHttpClient();

    assertThat(instances).hasSize(3);
    assertThat(instances).extracting(MetricsVerticle::actualPort).doesNotHaveDuplicates()
        .allSatisfy(port -> assertThat(port).isPositive());
    for (MetricsVerticle instance : instances) {
      Scrape scrape = scrape(client, instance.url(), null);
      assertThat(scrape.status).as(instance.url()).isEqualTo(200);
      assertThat(scrape.body.toString()).contains("serving_test_hits_total 1.0");
    }
    client.close().await(30, TimeUnit.SECONDS);
    vertx.undeploy(id).await(30, TimeUnit.SECONDS);
  }

  private static Scrape scrape(HttpClient client, String url, String acceptEncoding)
      throws Exception {
    return scrape(client, url, acceptEncoding, HttpMethod.GET);
  }

  private static Scrape scrape(HttpClient client, String url, String acceptEncoding,
      HttpMethod method) throws Exception {
    RequestOptions request = new RequestOptions().setMethod(method).setAbsoluteURI(url);
    if (acceptEncoding != null) {
      request.putHeader("Accept-Encoding", acceptEncoding);
    }
    return client.request(request)
        .compose(sent -> sent.send()
            .compose(r -> r.body().map(body -> new Scrape(r, body))))
        .await(30, TimeUnit.SECONDS);
  }

  private static final class Scrape {
    final HttpVersion version;
    final int status;
    final String encoding;
    final Buffer body;

    Scrape(HttpClientResponse response, Buffer body) {
      this.version = response.version();
      this.status = response.statusCode();
      this.encoding = response.getHeader("Content-Encoding");
      this.body = body;
    }
  }
}
