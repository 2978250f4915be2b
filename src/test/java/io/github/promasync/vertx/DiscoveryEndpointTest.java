package io.github.promasync.vertx;

import static io.github.promasync.vertx.testing.VerticleTestSupport.await;
import static io.github.promasync.vertx.testing.VerticleTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.TestCertificate;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The discovery endpoint of a Vert.x instance that is not clustered; {@link ClusterDiscoveryTest}
 * runs it on a cluster.
 */
@ExtendWith(VertxExtension.class)
class DiscoveryEndpointTest {

  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    client = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private static MetricsVerticleOptions options() {
    return new MetricsVerticleOptions()
        .setHost("127.0.0.1")
        .setPort(0)
        .setRegistry(new PrometheusRegistry())
        .setDiscoveryPath("/sd");
  }

  private static JsonArray alone(String target, String path, String scheme) {
    return new JsonArray().add(new JsonObject()
        .put("targets", new JsonArray().add(target))
        .put("labels", new JsonObject()
            .put("__metrics_path__", path)
            .put("__scheme__", scheme)));
  }

  @Test
  void notClusteredTheAnswerListsThisServerAlone(Vertx vertx) {
    MetricsVerticle verticle = new MetricsVerticle(options());
    await(vertx.deployVerticle(verticle));

    HttpResponse<Buffer> response = get(client, "http://127.0.0.1:" + verticle.actualPort() + "/sd");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsJsonArray())
        .isEqualTo(alone("127.0.0.1:" + verticle.actualPort(), "/metrics", "http"));
    assertThat(get(client, verticle.url()).statusCode()).as("metrics still served").isEqualTo(200);
  }

  @Test
  void theAdvertisedHostAndTheMetricsPathAreWhatPrometheusIsTold(Vertx vertx) {
    MetricsVerticle named = new MetricsVerticle(options()
        .setAdvertisedHost("metrics-1.example").setPath("/internal/prom"));
    MetricsVerticle ipv6 = new MetricsVerticle(options().setAdvertisedHost("::1"));
    await(vertx.deployVerticle(named));
    await(vertx.deployVerticle(ipv6));

    assertThat(get(client, "http://127.0.0.1:" + named.actualPort() + "/sd").bodyAsJsonArray())
        .isEqualTo(alone("metrics-1.example:" + named.actualPort(), "/internal/prom", "http"));
    assertThat(get(client, "http://127.0.0.1:" + ipv6.actualPort() + "/sd").bodyAsJsonArray())
        .isEqualTo(alone("[::1]:" + ipv6.actualPort(), "/metrics", "http"));
  }

  @Test
  void aTlsServerIsAdvertisedWithTheHttpsScheme(Vertx vertx, @TempDir Path dir) throws Exception {
    TestCertificate certificate = TestCertificate.create(dir);
    MetricsVerticle verticle = new MetricsVerticle(options()
        .setServerOptions(new HttpServerOptions()
            .setSsl(true)
            .setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(certificate.certPath())
                .setKeyPath(certificate.keyPath()))));
    await(vertx.deployVerticle(verticle));
    WebClient tls = WebClient.create(vertx, new WebClientOptions()
        .setTrustOptions(new PemTrustOptions().addCertPath(certificate.certPath())));
    try {
      assertThat(get(tls, "https://127.0.0.1:" + verticle.actualPort() + "/sd").bodyAsJsonArray())
          .isEqualTo(alone("127.0.0.1:" + verticle.actualPort(), "/metrics", "https"));
    } finally {
      tls.close();
    }
  }

  @Test
  void aDiscoveryPathThatIsAlsoTheMetricsOrHealthPathFailsTheDeployment(Vertx vertx) {
    for (String[] clash : new String[][] {
        {"/metrics", "metrics", "/metrics"}, {"/metrics/", "metrics", "/metrics"},
        {"/-/healthy", "health", "/-/healthy"}}) {
      Throwable failure = vertx.deployVerticle(new MetricsVerticle(options()
          .setDiscoveryPath(clash[0]))).toCompletionStage().toCompletableFuture()
          .handle((id, e) -> e).join();

      assertThat(failure).as(clash[0]).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("discoveryPath \"" + clash[0] + "\" is also the " + clash[1] + " path \""
              + clash[2] + "\"");
    }
    assertThat(vertx.deploymentIDs()).isEmpty();
  }

  @Test
  void withoutADiscoveryPathThereIsNoDiscoveryEndpoint(Vertx vertx) {
    MetricsVerticle verticle = new MetricsVerticle(options().setDiscoveryPath(null));
    await(vertx.deployVerticle(verticle));

    assertThat(get(client, "http://127.0.0.1:" + verticle.actualPort() + "/sd").statusCode())
        .isEqualTo(404);
  }
}
