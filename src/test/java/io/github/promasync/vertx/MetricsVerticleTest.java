package io.github.promasync.vertx;

import static io.github.promasync.vertx.testing.VerticleTestSupport.await;
import static io.github.promasync.vertx.testing.LocalHttp.listening;
import static io.github.promasync.vertx.testing.LocalHttp.portFreed;
import static io.github.promasync.vertx.testing.LocalHttp.freePort;
import static io.github.promasync.vertx.testing.VerticleTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.config.ExporterFilterProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.github.promasync.vertx.testing.TestCertificate;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class MetricsVerticleTest {

  private PrometheusRegistry registry;
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    registry = new PrometheusRegistry();
    Counter.builder().name("verticle_test_hits_total").help("test hits").register(registry).inc();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private MetricsVerticleOptions localOptions() {
    return new MetricsVerticleOptions().setHost("127.0.0.1").setPort(0).setRegistry(registry);
  }

  private static String base(MetricsVerticle verticle) {
    return "http://127.0.0.1:" + verticle.actualPort();
  }

  @Test
  void servesTheRegistryAtMetricsAndFreesThePortOnUndeploy(Vertx vertx) {
    MetricsVerticle verticle = new MetricsVerticle(localOptions());

    String id = await(vertx.deployVerticle(verticle));
    int port = verticle.actualPort();
    HttpResponse<Buffer> response = get(client, verticle.url());

    assertThat(port).isPositive();
    assertThat(verticle.url()).isEqualTo("http://127.0.0.1:" + port + "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).contains("verticle_test_hits_total 1.0");
    assertThat(listening(port)).as("port in use while deployed").isTrue();

    await(vertx.undeploy(id));

    await(portFreed(vertx, port));
    assertThatThrownBy(verticle::actualPort).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void deploysByClassNameWithJsonConfigServingTheDefaultRegistry(Vertx vertx) throws IOException {
    Counter marker = Counter.builder().name("verticle_json_config_marker_total").help("marker")
        .register(PrometheusRegistry.defaultRegistry);
    try {
      int port = freePort();
      JsonObject config = new JsonObject()
          .put("host", "127.0.0.1")
          .put("port", port)
          .put("path", "/prom")
          .put("healthPath", "/up");

      String id = await(vertx.deployVerticle(MetricsVerticle.class.getName(),
          new DeploymentOptions().setConfig(config)));

      HttpResponse<Buffer> metrics = get(client, "http://127.0.0.1:" + port + "/prom");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.bodyAsString()).contains("verticle_json_config_marker_total 0.0");
      assertThat(get(client, "http://127.0.0.1:" + port + "/metrics").statusCode()).isEqualTo(404);
      assertThat(get(client, "http://127.0.0.1:" + port + "/up").statusCode()).isEqualTo(200);

      await(vertx.undeploy(id));
      await(portFreed(vertx, port));
    } finally {
      PrometheusRegistry.defaultRegistry.unregister(marker);
    }
  }

  @Test
  void noArgVerticleWithoutConfigUsesDefaultOptions(Vertx vertx) throws IOException {
    // Only host and port differ from the defaults, to stay on loopback and a free port.
    int port = freePort();
    JsonObject config = new JsonObject().put("host", "127.0.0.1").put("port", port);

    String id = await(vertx.deployVerticle(MetricsVerticle.class.getName(),
        new DeploymentOptions().setConfig(config)));

    assertThat(get(client, "http://127.0.0.1:" + port + "/metrics").statusCode()).isEqualTo(200);
    assertThat(get(client, "http://127.0.0.1:" + port + "/-/healthy").bodyAsString())
        .isEqualTo("OK\n");
    await(vertx.undeploy(id));
  }

  @Test
  void invalidJsonConfigFailsTheDeploymentNamingTheValue(Vertx vertx) {
    JsonObject config = new JsonObject().put("port", "eighty");

    assertThatThrownBy(() -> await(vertx.deployVerticle(MetricsVerticle.class.getName(),
        new DeploymentOptions().setConfig(config))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port \"eighty\" is not an integer");
  }

  @Test
  void bindFailureFailsTheDeploymentNamingHostAndPort(Vertx vertx) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      MetricsVerticle verticle = new MetricsVerticle(localOptions().setPort(port));

      assertThatThrownBy(() -> await(vertx.deployVerticle(verticle)))
          .hasMessageContaining("127.0.0.1:" + port)
          .hasMessageContaining("cannot listen")
          .hasCauseInstanceOf(java.net.BindException.class);
      assertThat(vertx.deploymentIDs()).isEmpty();
    }
  }

  @Test
  void servesHttpsWithTheServerOptionsTls(Vertx vertx, @TempDir Path dir) throws Exception {
    TestCertificate certificate = TestCertificate.create(dir);
    MetricsVerticle verticle = new MetricsVerticle(localOptions()
        .setServerOptions(new HttpServerOptions()
            .setSsl(true)
            .setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(certificate.certPath())
                .setKeyPath(certificate.keyPath()))));
    await(vertx.deployVerticle(verticle));
    WebClient tlsClient = WebClient.create(vertx, new WebClientOptions()
        .setTrustOptions(new PemTrustOptions().addCertPath(certificate.certPath())));
    try {
      HttpResponse<Buffer> response = get(tlsClient, verticle.url());

      assertThat(verticle.url()).isEqualTo("https://127.0.0.1:" + verticle.actualPort() + "/metrics");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsString()).contains("verticle_test_hits_total 1.0");
      // Plain HTTP to the TLS port: no response, the server closes the connection ...
      assertThatThrownBy(() -> get(client, "http://127.0.0.1:" + verticle.actualPort() + "/metrics"))
          .as("plain HTTP to the TLS port")
          .isInstanceOf(HttpClosedException.class);
      // ... and goes on serving TLS.
      assertThat(get(tlsClient, verticle.url()).statusCode()).isEqualTo(200);
    } finally {
      tlsClient.close();
    }
  }

  @Test
  void hostAndPortOfTheOptionsWinOverThoseOfTheServerOptions(Vertx vertx) {
    MetricsVerticle verticle = new MetricsVerticle(localOptions()
        .setServerOptions(new HttpServerOptions().setHost("192.0.2.1").setPort(1)));

    await(vertx.deployVerticle(verticle));

    assertThat(verticle.actualPort()).isNotEqualTo(1).isPositive();
    assertThat(get(client, verticle.url()).statusCode()).isEqualTo(200);
  }

  @Test
  void rootPageLinksToTheMetricsPath(Vertx vertx) {
    MetricsVerticle verticle = new MetricsVerticle(localOptions().setPath("/internal/prom"));
    await(vertx.deployVerticle(verticle));

    HttpResponse<Buffer> page = get(client, base(verticle) + "/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.bodyAsString()).contains("<a href=\"./internal/prom\">/internal/prom</a>");
    HttpResponse<Buffer> linked = get(client, base(verticle) + "/./internal/prom");
    assertThat(linked.bodyAsString()).contains("verticle_test_hits_total");
  }

  @Test
  void metricsAtTheRootReplaceThePage(Vertx vertx) {
    MetricsVerticle verticle = new MetricsVerticle(localOptions().setPath("/"));
    await(vertx.deployVerticle(verticle));

    assertThat(get(client, base(verticle) + "/").bodyAsString())
        .contains("verticle_test_hits_total 1.0");
  }

  @Test
  void healthEndpointAnswersOkInPlainText(Vertx vertx) {
    MetricsVerticle verticle = new MetricsVerticle(localOptions());
    await(vertx.deployVerticle(verticle));

    HttpResponse<Buffer> health = get(client, base(verticle) + "/-/healthy");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.getHeader("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(health.bodyAsString()).isEqualTo("OK\n");
  }

  @Test
  void healthEndpointMovesWithItsPathAndIsGoneWhenNull(Vertx vertx) {
    MetricsVerticle moved = new MetricsVerticle(localOptions().setHealthPath("/up"));
    MetricsVerticle disabled = new MetricsVerticle(localOptions().setHealthPath(null));
    await(vertx.deployVerticle(moved));
    await(vertx.deployVerticle(disabled));

    assertThat(get(client, base(moved) + "/up").bodyAsString()).isEqualTo("OK\n");
    assertThat(get(client, base(moved) + "/-/healthy").statusCode()).isEqualTo(404);
    assertThat(get(client, base(disabled) + "/-/healthy").statusCode()).isEqualTo(404);
    assertThat(get(client, base(disabled) + "/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void healthPathEqualToTheMetricsPathFailsTheDeployment(Vertx vertx) {
    MetricsVerticle verticle = new MetricsVerticle(localOptions().setHealthPath("/metrics"));

    assertThatThrownBy(() -> await(vertx.deployVerticle(verticle)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("healthPath \"/metrics\" is also the metrics path \"/metrics\"");
  }

  @Test
  void pathsDifferingOnlyByATrailingSlashFailTheDeployment(Vertx vertx) {
    MetricsVerticle slashedHealth =
        new MetricsVerticle(localOptions().setHealthPath("/metrics/"));
    MetricsVerticle slashedMetrics =
        new MetricsVerticle(localOptions().setPath("/up/").setHealthPath("/up"));

    assertThatThrownBy(() -> await(vertx.deployVerticle(slashedHealth)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("healthPath \"/metrics/\" is also the metrics path \"/metrics\"");
    assertThatThrownBy(() -> await(vertx.deployVerticle(slashedMetrics)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("healthPath \"/up\" is also the metrics path \"/up/\"");
  }

  @Test
  void aRequestWithATrailingSlashReachesTheSameEndpoint(Vertx vertx) {
    // Why a trailing slash counts in the collision check above: vertx-web routes both forms.
    MetricsVerticle verticle = new MetricsVerticle(localOptions());
    await(vertx.deployVerticle(verticle));

    assertThat(get(client, base(verticle) + "/metrics/").statusCode()).isEqualTo(200);
    assertThat(get(client, base(verticle) + "/-/healthy/").bodyAsString()).isEqualTo("OK\n");
  }

  @Test
  void answersGetAndHeadOnly(Vertx vertx) {
    MetricsVerticle verticle = new MetricsVerticle(localOptions());
    await(vertx.deployVerticle(verticle));

    for (String path : List.of("/", "/metrics", "/-/healthy")) {
      HttpResponse<Buffer> head = await(client.requestAbs(HttpMethod.HEAD, base(verticle) + path).send());
      HttpResponse<Buffer> post = await(client.postAbs(base(verticle) + path).send());
      HttpResponse<Buffer> delete = await(client.deleteAbs(base(verticle) + path).send());

      assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(200);
      assertThat(head.body()).as("HEAD " + path + " body").isNull();
      assertThat(post.statusCode()).as("POST " + path).isEqualTo(405);
      assertThat(delete.statusCode()).as("DELETE " + path).isEqualTo(405);
    }
  }

  @Test
  void severalInstancesShareThePortAndAllServe(Vertx vertx) throws IOException {
    int port = freePort();
    // Each instance serves its own registry, only so that the test can tell who answered.
    List<MetricsVerticle> instances = new CopyOnWriteArrayList<>();
    String id = await(vertx.deployVerticle(() -> {
      PrometheusRegistry own = new PrometheusRegistry();
      Counter.builder().name("instance_" + instances.size() + "_total").help("which instance")
          .register(own);
      MetricsVerticle verticle = new MetricsVerticle(localOptions().setPort(port).setRegistry(own));
      instances.add(verticle);
      return verticle;
    }, new DeploymentOptions().setInstances(2)));

    assertThat(instances).hasSize(2);
    assertThat(instances).allSatisfy(verticle -> assertThat(verticle.actualPort()).isEqualTo(port));
    // A new connection per request, so that Vert.x hands connections to the instances in turn.
    WebClient fresh = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false));
    Set<String> answered = new HashSet<>();
    try {
      for (int i = 0; i < 6; i++) {
        String body = get(fresh, "http://127.0.0.1:" + port + "/metrics").bodyAsString();
        answered.add(body.contains("instance_0_total") ? "instance 0"
            : body.contains("instance_1_total") ? "instance 1" : body);
      }
    } finally {
      fresh.close();
    }
    assertThat(answered).containsExactlyInAnyOrder("instance 0", "instance 1");

    await(vertx.undeploy(id));
    await(portFreed(vertx, port));
  }

  @Test
  void actualPortAndUrlThrowBeforeDeployment() {
    MetricsVerticle verticle = new MetricsVerticle(localOptions());

    assertThatThrownBy(verticle::actualPort)
        .isInstanceOf(IllegalStateException.class).hasMessage("MetricsVerticle is not deployed");
    assertThatThrownBy(verticle::url).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void constructorRejectsNullOptions() {
    assertThatThrownBy(() -> new MetricsVerticle(null))
        .isInstanceOf(NullPointerException.class).hasMessage("options");
  }

  @Test
  void handlerOptionsAndPropertiesConfigureTheMetricsEndpoint(Vertx vertx) {
    CountingCollector slow = new CountingCollector("slow").hold();
    registry.register(slow);
    MetricsVerticle verticle = new MetricsVerticle(localOptions()
        .setHandlerOptions(new MetricsHandlerOptions().setScrapeTimeoutSeconds(0.2))
        .setProperties(PrometheusProperties.builder()
            .exporterFilterProperties(ExporterFilterProperties.builder()
                .excludedPrefixes("slow")
                .build())
            .build()));
    await(vertx.deployVerticle(verticle));
    try {
      HttpResponse<Buffer> timedOut = get(client, verticle.url());
      slow.release();
      HttpResponse<Buffer> filtered = get(client, verticle.url());

      assertThat(timedOut.statusCode()).isEqualTo(503);
      assertThat(timedOut.bodyAsString()).contains("scrape timeout of 0.2 s");
      assertThat(filtered.statusCode()).isEqualTo(200);
      assertThat(filtered.bodyAsString()).contains("verticle_test_hits_total 1.0")
          .doesNotContain("slow");
    } finally {
      slow.release();
    }
  }

  @Test
  void undeployEndsTheScrapePoolThreads(Vertx vertx) throws InterruptedException {
    Set<Thread> before = scrapeThreads();
    MetricsVerticle verticle = new MetricsVerticle(localOptions());
    String id = await(vertx.deployVerticle(verticle));
    assertThat(get(client, verticle.url()).statusCode()).isEqualTo(200);
    Set<Thread> started = scrapeThreads();
    started.removeAll(before);
    assertThat(started).isNotEmpty();

    await(vertx.undeploy(id));

    for (Thread thread : started) {
      thread.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(thread.isAlive()).as(thread.getName()).isFalse();
    }
  }

  private static Set<Thread> scrapeThreads() {
    Set<Thread> threads = new HashSet<>(Thread.getAllStackTraces().keySet());
    threads.removeIf(t -> !t.getName().startsWith("promasync-scrape-"));
    return threads;
  }
}
