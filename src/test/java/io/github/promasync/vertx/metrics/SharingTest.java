package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Several servers and several Vert.x instances on one registry: one set of families, exact
 * sums, from several event loops at once.
 */
class SharingTest {

  private static final String COUNT = "http_server_request_duration_seconds_count";
  private static final String[] GET = {
    "http_request_method", "GET", "http_response_status_code", "200", "http_route", "/users/:id",
    "url_scheme", "http", "network_protocol_version", "1.1", "error_type", ""
  };

  /** A server instance that answers with its own identity. */
  public static final class UsersVerticle extends AbstractVerticle {
    @Override
    public void start(Promise<Void> started) {
      Router router = Router.router(vertx);
      String me = Integer.toHexString(System.identityHashCode(this));
      router.get("/users/:id").handler(ctx -> ctx.response().end(me));
      vertx.createHttpServer().requestHandler(router)
          .listen(0, HOST)
          .onSuccess(server -> vertx.sharedData().getLocalMap("ports").put(me, server.actualPort()))
          .<Void>mapEmpty().onComplete(started);
    }
  }

  private static List<Future<Buffer>> get(HttpClient client, int port, int n) {
    List<Future<Buffer>> responses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      responses.add(client.request(HttpMethod.GET, port, HOST, "/users/" + i)
          .compose(request -> request.send().compose(HttpClientResponse::body)));
    }
    return responses;
  }

  @Test
  void twoServerInstancesOnTwoEventLoopsShareTheirSeriesAndCountExactly() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx vertx = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    try {
      // Two instances, each on its own event loop with its own HttpServerMetrics, loaded at once.
      // (Vert.x shares a port between instances only when it is given, not for port 0.)
      await(vertx.deployVerticle(UsersVerticle.class, new DeploymentOptions().setInstances(2)));
      List<Object> ports = new ArrayList<>(vertx.sharedData().getLocalMap("ports").values());
      assertThat(ports).hasSize(2);
      HttpClient client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(8));
      int n = 200;
      List<Future<Buffer>> responses = new ArrayList<>();
      for (Object port : ports) {
        responses.addAll(get(client, (Integer) port, n));
      }
      Set<String> servedBy = new HashSet<>();
      for (Future<Buffer> response : responses) {
        servedBy.add(await(response).toString());
      }
      eventually(vertx, () -> Exposition.scrape(registry).named(COUNT).stream()
          .mapToDouble(Exposition.Sample::value).sum() == 2 * n,
          () -> Exposition.scrape(registry).text());
      Exposition scrape = Exposition.scrape(registry);
      assertThat(servedBy).as("servers that answered").hasSize(2);
      assertThat(scrape.value(COUNT, GET)).isEqualTo(2 * n);
      assertThat(scrape.named(COUNT)).hasSize(1);
      assertThat(scrape.value("http_server_active_requests", "http_request_method", "GET",
          "url_scheme", "http")).isZero();
      assertThat(scrape.value("vertx_http_server_active_connections", "url_scheme", "http"))
          .isEqualTo(16);
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void twoVertxInstancesOnOneRegistryShareItsFamilies() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx first = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    Vertx second = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    try {
      int n = 30;
      for (Vertx vertx : List.of(first, second)) {
        Router router = Router.router(vertx);
        router.get("/users/:id").handler(ctx -> ctx.response().end());
        int port = MetricsTesting.listen(vertx, router).actualPort();
        HttpClient client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(4));
        get(client, port, n).forEach(MetricsTesting::await);
      }
      eventually(first, () -> Exposition.scrape(registry).value(COUNT, GET) == 2 * n,
          () -> Exposition.scrape(registry).text());
      assertThat(Exposition.scrape(registry).named(COUNT)).hasSize(1);
    } finally {
      await(first.close());
      await(second.close());
    }
  }

  @Test
  void theTwoNamingsShareNamesSoEachNeedsItsOwnRegistry() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx first = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    try {
      // vertx_http_server_active_connections is in both, with url_scheme in OPENTELEMETRY only.
      assertThatThrownBy(() -> MetricsTesting.vertx(registry, MetricsNaming.MICROMETER))
          .hasMessageContaining("vertx_http_server_active_connections")
          .hasMessageContaining("give each naming its own registry");
    } finally {
      await(first.close());
    }
  }
}
