package io.github.promasync.vertx;

import io.github.promasync.vertx.docs.ServingMetricsDocs;

import static io.github.promasync.vertx.testing.LocalHttp.HOST;
import static io.github.promasync.vertx.testing.LocalHttp.listen;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.CapturedLog;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.UsernamePasswordCredentials;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.junit5.VertxExtension;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link MetricsHandler} mounted the ways vertx-web applications mount handlers. */
@ExtendWith(VertxExtension.class)
class MetricsHandlerCompositionTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
    Counter.builder().name("requests").help("Requests.").register(registry).inc(3);
  }

  @Test
  void staysBehindBasicAuth() {
    AuthenticationProvider users = credentials -> {
      UsernamePasswordCredentials login = (UsernamePasswordCredentials) credentials;
      return "prometheus".equals(login.getUsername()) && "s3cret".equals(login.getPassword())
          ? Future.succeededFuture(User.fromName(login.getUsername()))
          : Future.failedFuture("bad credentials");
    };
    Router router = Router.router(vertx);
    ServingMetricsDocs.basicAuth(router, users, registry); // the guide's snippet
    int port = listen(vertx, router);

    HttpResponse<Buffer> anonymous = client.get(port, HOST, "/metrics").send().await();
    HttpResponse<Buffer> wrongPassword = client.get(port, HOST, "/metrics")
        .basicAuthentication("prometheus", "guess").send().await();
    HttpResponse<Buffer> authenticated = client.get(port, HOST, "/metrics")
        .basicAuthentication("prometheus", "s3cret").send().await();

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.bodyAsString()).doesNotContain("requests_total");
    assertThat(wrongPassword.statusCode()).isEqualTo(401);
    assertThat(authenticated.statusCode()).isEqualTo(200);
    assertThat(authenticated.bodyAsString()).contains("requests_total 3.0\n");
  }

  @Test
  void worksInASubRouter() {
    Router api = Router.router(vertx);
    api.get("/metrics").handler(MetricsHandler.create(registry));
    Router root = Router.router(vertx);
    root.route("/admin/*").subRouter(api);
    int port = listen(vertx, root);

    HttpResponse<Buffer> response = client.get(port, HOST, "/admin/metrics").send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).contains("requests_total 3.0\n");
  }

  @Test
  void worksOnAGetRouteThatLeavesOtherMethodsToTheRouter() {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(MetricsHandler.create(registry));
    int port = listen(vertx, router);

    HttpResponse<Buffer> get = client.get(port, HOST, "/metrics").send().await();
    HttpResponse<Buffer> post = client.post(port, HOST, "/metrics").send().await();

    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.bodyAsString()).contains("requests_total 3.0\n");
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void servesTheCountOfAHandlerThatRanBeforeIt() {
    // The Klein example: count the scrape itself, then serve the registry including that count.
    Counter inbound = Counter.builder().name("inbound_requests").help("Inbound HTTP requests.")
        .labelNames("endpoint", "method").register(registry);
    Router router = Router.router(vertx);
    router.route("/metrics").handler(ctx -> {
      inbound.labelValues("/metrics", ctx.request().method().name()).inc();
      ctx.next();
    }).handler(MetricsHandler.create(registry));
    int port = listen(vertx, router);

    client.get(port, HOST, "/metrics").send().await();
    HttpResponse<Buffer> second = client.get(port, HOST, "/metrics").send().await();

    assertThat(second.bodyAsString())
        .contains("inbound_requests_total{endpoint=\"/metrics\",method=\"GET\"} 2.0\n");
  }

  @Test
  void givesWayToATimeoutHandlerThatAnsweredFirst() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean slow = new AtomicBoolean(true);
    registry.register(() -> {
      if (slow.getAndSet(false)) {
        awaitQuietly(release);
      }
      return GaugeSnapshot.builder().name("slow")
          .dataPoint(GaugeDataPointSnapshot.builder().value(1).build()).build();
    });
    List<Throwable> unhandled = new CopyOnWriteArrayList<>();
    vertx.exceptionHandler(unhandled::add);
    Router router = Router.router(vertx);
    router.route("/metrics")
        .handler(TimeoutHandler.create(100))
        .handler(MetricsHandler.create(registry));
    int port = listen(vertx, router);

    try (CapturedLog log = new CapturedLog(MetricsHandler.class.getName(), true)) {
      HttpResponse<Buffer> timedOut = client.get(port, HOST, "/metrics").send().await();
      release.countDown();
      // The late scrape result is dropped with one debug line; that line is also the signal.
      assertThat(log.awaitFirstRecord()).isTrue();
      HttpResponse<Buffer> next = client.get(port, HOST, "/metrics").send().await();

      assertThat(timedOut.statusCode()).isEqualTo(503);
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(log.records()).hasSize(1);
      assertThat(unhandled).isEmpty();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
