package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code http_route}: the template of the route that served the request, from what vertx-web
 * reports, whatever the router's shape.
 */
class HttpRouteTest {

  private static final String COUNT = "http_server_request_duration_seconds_count";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;
  private HttpClient client;
  private int port;

  @BeforeEach
  void start() {
    vertx = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.get("/users/:id").handler(ctx -> ctx.response().end("user"));
    router.get("/named/:x").setName("a named route").handler(ctx -> ctx.response().end());
    router.get("/fail").handler(ctx -> ctx.fail(500));
    router.get("/throw").handler(ctx -> {
      throw new IllegalStateException("thrown by the test's handler");
    });
    router.get("/teapot").handler(ctx -> ctx.fail(418));
    Router api = Router.router(vertx);
    api.get("/items/:item").handler(ctx -> ctx.response().end("item"));
    api.get("/fail").handler(ctx -> ctx.fail(503));
    Router v1 = Router.router(vertx);
    v1.get("/things/:thing").handler(ctx -> ctx.response().end());
    api.route("/v1/*").subRouter(v1);
    // A prefix middleware before the mount reports /api/ too; it must not double the prefix.
    router.route("/api/*").handler(RoutingContext::next);
    router.route("/api/*").subRouter(api);
    router.route("/static/*").handler(ctx -> ctx.response().end("static"));
    port = MetricsTesting.listen(vertx, router).actualPort();
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private int send(HttpMethod method, String uri) {
    HttpClientResponse response = await(client.request(new RequestOptions().setMethod(method)
            .setHost(HOST).setPort(port).setURI(uri))
        .compose(request -> request.send().compose(r -> r.body().map(body -> r))));
    return response.statusCode();
  }

  /** route -> "METHOD status error" -> count, once all {@code n} responses are recorded. */
  private Map<String, Double> routes(int n) {
    eventually(vertx, () -> Exposition.scrape(registry).named(COUNT).stream()
        .mapToDouble(Exposition.Sample::value).sum() == n, () -> Exposition.scrape(registry).text());
    Map<String, Double> routes = new TreeMap<>();
    for (Exposition.Sample sample : Exposition.scrape(registry).named(COUNT)) {
      Map<String, String> l = sample.labels();
      routes.merge(l.get("http_route") + " " + l.get("http_request_method") + " "
          + l.get("http_response_status_code") + " " + l.get("error_type"), sample.value(),
          Double::sum);
    }
    return routes;
  }

  @Test
  void aRouteReportsItsTemplateNotThePath() {
    assertThat(send(HttpMethod.GET, "/users/1")).isEqualTo(200);
    assertThat(send(HttpMethod.GET, "/users/2?x=y")).isEqualTo(200);
    assertThat(routes(2)).containsExactly(Map.entry("/users/:id GET 200 ", 2.0));
  }

  @Test
  void subRoutersJoinTheirMountPathWithTheirRoutesTemplates() {
    assertThat(send(HttpMethod.GET, "/api/items/7")).isEqualTo(200);
    assertThat(send(HttpMethod.GET, "/api/v1/things/8")).isEqualTo(200);
    assertThat(routes(2)).containsExactly(
        Map.entry("/api/items/:item GET 200 ", 1.0),
        Map.entry("/api/v1/things/:thing GET 200 ", 1.0));
  }

  @Test
  void aNamedRouteReportsItsName() {
    assertThat(send(HttpMethod.GET, "/named/1")).isEqualTo(200);
    assertThat(routes(1)).containsExactly(Map.entry("a named route GET 200 ", 1.0));
  }

  @Test
  void aFailingRouteKeepsItsRouteOnceAndIsAnError() {
    assertThat(send(HttpMethod.GET, "/fail")).isEqualTo(500);
    assertThat(send(HttpMethod.GET, "/throw")).isEqualTo(500);
    assertThat(send(HttpMethod.GET, "/teapot")).isEqualTo(418);
    assertThat(send(HttpMethod.GET, "/api/fail")).isEqualTo(503);
    assertThat(routes(4)).containsExactly(
        Map.entry("/api/fail GET 503 503", 1.0),
        Map.entry("/fail GET 500 500", 1.0),
        Map.entry("/teapot GET 418 ", 1.0),
        Map.entry("/throw GET 500 500", 1.0));
  }

  @Test
  void aPrefixRouteReportsItsPrefix() {
    assertThat(send(HttpMethod.GET, "/static/css/site.css")).isEqualTo(200);
    assertThat(routes(1)).containsExactly(Map.entry("/static/ GET 200 ", 1.0));
  }

  @Test
  void unmatchedRequestsHaveNoRouteSoTheirPathsCannotGrowTheSeries() {
    for (int i = 0; i < 5; i++) {
      assertThat(send(HttpMethod.GET, "/nowhere/" + i)).isEqualTo(404);
    }
    assertThat(send(HttpMethod.DELETE, "/users/1")).isEqualTo(405);
    assertThat(send(HttpMethod.valueOf("PURGE"), "/users/1")).isEqualTo(405);
    assertThat(routes(7)).containsExactly(
        Map.entry(" DELETE 405 ", 1.0),
        Map.entry(" GET 404 ", 5.0),
        Map.entry(" _OTHER 405 ", 1.0));
  }

  @Test
  void withoutVertxWebThereIsNoRoute() {
    int plain = vertx.createHttpServer()
        .requestHandler(request -> request.response().end())
        .listen(0, HOST).await().actualPort();
    port = plain;
    assertThat(send(HttpMethod.GET, "/a/b")).isEqualTo(200);
    assertThat(routes(1)).containsExactly(Map.entry(" GET 200 ", 1.0));
  }
}
