package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;

import org.junit.jupiter.api.Test;

/** The two ways Vert.x installs the factory, and what a disabled one does. */
class InstallationTest {

  @Test
  void jsonOptionsAloneInstallItThroughTheServiceLoaderIntoTheDefaultRegistry() {
    // What the launcher's -options file does: no factory, no PrometheusMetricsOptions in code.
    // The default naming: the two namings share names, and other tests use this registry too.
    VertxOptions options = new VertxOptions(new JsonObject()
        .put("metricsOptions", new JsonObject().put("enabled", true)));
    assertThat(options.getMetricsOptions().getClass()).isEqualTo(MetricsOptions.class);
    Vertx vertx = Vertx.builder().with(options).build();
    try {
      assertThat(vertx.isMetricsEnabled()).isTrue();
      Router router = Router.router(vertx);
      router.get("/installed-by-json").handler(ctx -> ctx.response().end("ok"));
      int port = MetricsTesting.listen(vertx, router).actualPort();
      PrometheusRegistry registry = PrometheusRegistry.defaultRegistry;
      double before = count(registry);
      WebClient client = WebClient.create(vertx);
      assertThat(await(client.get(port, HOST, "/installed-by-json").send()).bodyAsString())
          .isEqualTo("ok");
      eventually(vertx, () -> count(registry) == before + 1,
          () -> Exposition.scrape(registry).text());
    } finally {
      await(vertx.close());
    }
  }

  private static double count(PrometheusRegistry registry) {
    return Exposition.scrape(registry).named("http_server_request_duration_seconds_count")
        .stream().filter(s -> s.labels().get("http_route").equals("/installed-by-json"))
        .mapToDouble(Exposition.Sample::value).sum();
  }

  @Test
  void aPlainMetricsOptionsIsReadFromItsJson() {
    PrometheusMetricsFactory factory = new PrometheusMetricsFactory();
    MetricsOptions plain = new MetricsOptions(new JsonObject()
        .put("enabled", true).put("naming", "MICROMETER").put("disabledDomains",
            new io.vertx.core.json.JsonArray().add("EVENT_BUS")));
    PrometheusMetricsOptions read = (PrometheusMetricsOptions) factory.newOptions(plain);
    assertThat(read.isEnabled()).isTrue();
    assertThat(read.getNaming()).isEqualTo(MetricsNaming.MICROMETER);
    assertThat(read.getDisabledDomains()).containsExactly(MetricsDomain.EVENT_BUS);
    assertThat(read.getRegistry()).isSameAs(PrometheusRegistry.defaultRegistry);
  }

  @Test
  void disabledOptionsGiveNoMetricsEvenWithTheFactoryGiven() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new PrometheusMetricsOptions()
            .setRegistry(registry)))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
    try {
      assertThat(vertx.isMetricsEnabled()).isFalse();
      assertThat(registry.scrape().size()).isZero();
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aDisabledDomainRegistersNothing() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new PrometheusMetricsOptions()
            .setEnabled(true).setRegistry(registry)
            .addDisabledDomain(MetricsDomain.HTTP_SERVER)))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
    try {
      Router router = Router.router(vertx);
      router.get("/").handler(ctx -> ctx.response().end());
      MetricsTesting.listen(vertx, router);
      assertThat(Exposition.scrape(registry).text()).doesNotContain("http_server");
    } finally {
      await(vertx.close());
    }
  }
}
