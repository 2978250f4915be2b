package io.github.promasync.vertx.examples;

import static io.github.promasync.vertx.testing.VerticleTestSupport.await;
import static io.github.promasync.vertx.testing.LocalHttp.portFreed;
import static io.github.promasync.vertx.testing.VerticleTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.MetricsServer;
import io.github.promasync.vertx.MetricsVerticle;
import io.github.promasync.vertx.MetricsVerticleOptions;
import io.github.promasync.vertx.testing.LocalHttp;
import io.github.promasync.vertx.testing.TestCertificate;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class MetricsVerticleExampleTest {

  private PrometheusRegistry registry;
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    registry = new PrometheusRegistry();
    Counter.builder().name("example_jobs_total").help("jobs").register(registry).inc();
    client = WebClient.create(vertx);
  }

  @Test
  void startServerServesTheRegistryUntilClosed(Vertx vertx) {
    MetricsServer server = await(MetricsVerticleExample.startServer(vertx, registry, 0));
    int port = server.port();

    assertThat(get(client, server.url()).bodyAsString()).contains("example_jobs_total 1.0");

    await(server.close());
    await(portFreed(vertx, port));
  }

  @Test
  void deployWithOptionsServesMetricsAndHealth(Vertx vertx) {
    MetricsVerticle verticle =
        await(MetricsVerticleExample.deployWithOptions(vertx, registry, 0));
    String base = "http://127.0.0.1:" + verticle.actualPort();

    assertThat(get(client, verticle.url()).bodyAsString()).contains("example_jobs_total 1.0");
    assertThat(get(client, base + "/-/healthy").bodyAsString()).isEqualTo("OK\n");
  }

  @Test
  void deployWithJsonRunsTwoInstancesWithoutHealthEndpoint(Vertx vertx) throws IOException {
    int port = LocalHttp.freePort();

    String id = await(MetricsVerticleExample.deployWithJson(vertx, port));

    assertThat(vertx.deploymentIDs()).containsExactly(id);
    assertThat(get(client, "http://127.0.0.1:" + port + "/metrics").statusCode()).isEqualTo(200);
    assertThat(get(client, "http://127.0.0.1:" + port + "/-/healthy").statusCode()).isEqualTo(404);
    await(vertx.undeploy(id));
    await(portFreed(vertx, port));
  }

  @Test
  void tlsOptionsServeHttps(Vertx vertx, @TempDir Path dir) throws Exception {
    TestCertificate certificate = TestCertificate.create(dir);
    MetricsVerticleOptions options = MetricsVerticleExample
        .tlsOptions(certificate.certPath(), certificate.keyPath())
        .setHost("127.0.0.1")
        .setPort(0)
        .setRegistry(registry);
    MetricsServer server = await(MetricsServer.start(vertx, options));
    WebClient tlsClient = WebClient.create(vertx, new WebClientOptions()
        .setTrustOptions(new PemTrustOptions().addCertPath(certificate.certPath())));

    assertThat(server.url()).startsWith("https://127.0.0.1:");
    assertThat(get(tlsClient, server.url()).bodyAsString()).contains("example_jobs_total 1.0");
    tlsClient.close();
  }
}
