package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.promasync.vertx.docs.VertxMetricsDocs;
import io.prometheus.metrics.config.MetricsProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBucket;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * client_java's metric properties on the families of {@link PrometheusMetricsFactory}: the
 * family's, then the global ones, then the library's defaults; set in code and in JSON.
 */
class MetricPropertiesTest {

  private static final String DURATION = "http_server_request_duration_seconds";
  private static final String RESPONSE_BODY = "http_server_response_body_size_bytes";
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final double[] DURATION_BOUNDS = {
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, INF
  };
  private static final double[] BODY_BOUNDS = {
    64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, INF
  };

  /** The data points of the duration and of the response size after one request. */
  private static Map<String, HistogramDataPointSnapshot> afterOneRequest(
      PrometheusMetricsOptions options) {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(options.setEnabled(true).setRegistry(registry)))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
    try {
      Router router = Router.router(vertx);
      router.get("/r").handler(ctx -> ctx.response().end("body"));
      int port = MetricsTesting.listen(vertx, router).actualPort();
      await(vertx.createHttpClient().request(HttpMethod.GET, port, HOST, "/r")
          .compose(r -> r.send().compose(HttpClientResponse::body)));
      eventually(vertx, () -> point(registry, DURATION) != null
          && point(registry, RESPONSE_BODY) != null, () -> Exposition.scrape(registry).text());
      return Map.of(DURATION, point(registry, DURATION),
          RESPONSE_BODY, point(registry, RESPONSE_BODY));
    } finally {
      await(vertx.close());
    }
  }

  private static HistogramDataPointSnapshot point(PrometheusRegistry registry, String name) {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getPrometheusName().equals(name))
        .map(HistogramSnapshot.class::cast)
        .flatMap(s -> s.getDataPoints().stream())
        .filter(p -> p.getCount() == 1)
        .findFirst().orElse(null);
  }

  private static double[] bounds(HistogramDataPointSnapshot point) {
    return point.getClassicBuckets().stream().mapToDouble(ClassicHistogramBucket::getUpperBound)
        .toArray();
  }

  private static PrometheusProperties family(String name, MetricsProperties family) {
    return PrometheusProperties.builder()
        .defaultMetricsProperties(MetricsProperties.builder().build())
        .putMetricProperty(name, family).build();
  }

  private static void classicOnly(HistogramDataPointSnapshot point, double[] bounds) {
    assertThat(point.hasClassicHistogramData()).isTrue();
    assertThat(point.hasNativeHistogramData()).isFalse();
    assertThat(bounds(point)).containsExactly(bounds);
  }

  private static void nativeOnly(HistogramDataPointSnapshot point) {
    assertThat(point.hasNativeHistogramData()).isTrue();
    assertThat(point.hasClassicHistogramData()).isFalse();
  }

  @Test
  void withoutPropertiesTheFamiliesKeepTheirClassicBuckets() {
    Map<String, HistogramDataPointSnapshot> points = afterOneRequest(
        new PrometheusMetricsOptions().setProperties(PrometheusProperties.builder()
            .defaultMetricsProperties(MetricsProperties.builder().build()).build()));
    classicOnly(points.get(DURATION), DURATION_BOUNDS);
    classicOnly(points.get(RESPONSE_BODY), BODY_BOUNDS);
  }

  @Test
  void aFamilyMadeNativeOnlyLeavesTheOthersAlone() {
    Map<String, HistogramDataPointSnapshot> points = afterOneRequest(new PrometheusMetricsOptions()
        .setProperties(family(DURATION, MetricsProperties.builder()
            .histogramNativeOnly(true).histogramNativeInitialSchema(3).build())));
    nativeOnly(points.get(DURATION));
    assertThat(points.get(DURATION).getNativeSchema()).isEqualTo(3);
    classicOnly(points.get(RESPONSE_BODY), BODY_BOUNDS);
  }

  @Test
  void theDocumentationsPropertiesMakeTheServerDurationNative() {
    Map<String, HistogramDataPointSnapshot> points =
        afterOneRequest(VertxMetricsDocs.nativeForOneFamily());
    nativeOnly(points.get(DURATION));
    classicOnly(points.get(RESPONSE_BODY), BODY_BOUNDS);
  }

  @Test
  void globalNativeOnlyAppliesToEveryFamilyUnlessTheFamilySaysOtherwise() {
    PrometheusProperties properties = PrometheusProperties.builder()
        .defaultMetricsProperties(MetricsProperties.builder().histogramNativeOnly(true).build())
        .putMetricProperty(RESPONSE_BODY, MetricsProperties.builder()
            .histogramClassicOnly(true).build())
        .build();
    Map<String, HistogramDataPointSnapshot> points =
        afterOneRequest(new PrometheusMetricsOptions().setProperties(properties));
    nativeOnly(points.get(DURATION));
    classicOnly(points.get(RESPONSE_BODY), BODY_BOUNDS);
  }

  @Test
  void neitherOnlyGivesBothWithTheLibrarysBuckets() {
    Map<String, HistogramDataPointSnapshot> points = afterOneRequest(new PrometheusMetricsOptions()
        .setProperties(family(DURATION, MetricsProperties.builder()
            .histogramNativeOnly(false).histogramClassicOnly(false).build())));
    assertThat(points.get(DURATION).hasNativeHistogramData()).isTrue();
    assertThat(points.get(DURATION).hasClassicHistogramData()).isTrue();
    assertThat(bounds(points.get(DURATION))).containsExactly(DURATION_BOUNDS);
    classicOnly(points.get(RESPONSE_BODY), BODY_BOUNDS);
  }

  @Test
  void classicOnlyFalseAloneMeansNativeOnlyAsInClientJava() {
    Map<String, HistogramDataPointSnapshot> points = afterOneRequest(new PrometheusMetricsOptions()
        .setProperties(family(DURATION, MetricsProperties.builder()
            .histogramClassicOnly(false).build())));
    nativeOnly(points.get(DURATION));
  }

  @Test
  void customClassicBoundsForAnSlo() {
    Map<String, HistogramDataPointSnapshot> points = afterOneRequest(new PrometheusMetricsOptions()
        .setProperties(family(DURATION, MetricsProperties.builder()
            .histogramClassicUpperBounds(0.1, 0.3, 1).build())));
    classicOnly(points.get(DURATION), new double[] {0.1, 0.3, 1, INF});
    classicOnly(points.get(RESPONSE_BODY), BODY_BOUNDS);
  }

  @Test
  void propertiesFromJsonReachTheFamiliesAndGoBackToJson() {
    JsonObject properties = new JsonObject()
        .put("io.prometheus.metrics." + DURATION + ".histogram_native_only", "true")
        .put("io.prometheus.metrics." + RESPONSE_BODY + ".histogram_classic_upper_bounds",
            "100, 1000");
    PrometheusMetricsOptions options =
        new PrometheusMetricsOptions(new JsonObject().put("properties", properties));
    assertThat(options.toJson().getJsonObject("properties")).isEqualTo(properties);
    assertThat(new PrometheusMetricsOptions(options).toJson().getJsonObject("properties"))
        .isEqualTo(properties);
    Map<String, HistogramDataPointSnapshot> points = afterOneRequest(options);
    nativeOnly(points.get(DURATION));
    classicOnly(points.get(RESPONSE_BODY), new double[] {100, 1000, INF});
  }

  @Test
  void globalPropertiesFromJson() {
    Map<String, HistogramDataPointSnapshot> points = afterOneRequest(new PrometheusMetricsOptions(
        new JsonObject().put("properties", new JsonObject()
            .put("io.prometheus.metrics.histogram_classic_only", false)
            .put("io.prometheus.metrics.histogram_native_only", false)
            .put("io.prometheus.metrics.histogram_classic_upper_bounds", "0.3"))));
    assertThat(points.get(DURATION).hasNativeHistogramData()).isTrue();
    assertThat(bounds(points.get(DURATION))).containsExactly(0.3, INF);
    assertThat(points.get(RESPONSE_BODY).hasNativeHistogramData()).isTrue();
    assertThat(bounds(points.get(RESPONSE_BODY))).containsExactly(0.3, INF);
  }

  @Test
  void propertiesSetInCodeAreNotInTheJsonForm() {
    PrometheusMetricsOptions options = new PrometheusMetricsOptions(new JsonObject()
        .put("properties", new JsonObject().put("io.prometheus.metrics.exemplars_enabled", "false")));
    PrometheusProperties properties = PrometheusProperties.builder().build();
    assertThat(options.setProperties(properties).getProperties()).isSameAs(properties);
    assertThat(options.toJson().containsKey("properties")).isFalse();
    assertThat(new PrometheusMetricsOptions().getProperties()).isSameAs(PrometheusProperties.get());
  }

  @Test
  void badPropertiesInJsonAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> new PrometheusMetricsOptions(new JsonObject()
        .put("properties", new JsonObject().put("io.prometheus.metrics.no_such_property", "1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("properties: ")
        .hasMessageContaining("io.prometheus.metrics.no_such_property");
    assertThatThrownBy(() -> new PrometheusMetricsOptions(new JsonObject()
        .put("properties", new JsonObject().put("histogram_native_only", "true"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("properties: 'histogram_native_only' is not a client_java property "
            + "(io.prometheus.metrics.<property> or io.prometheus.metrics.<metric>.<property>)");
    assertThatThrownBy(() -> new PrometheusMetricsOptions(new JsonObject()
        .put("properties", "io.prometheus.metrics.histogram_native_only=true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("properties \"io.prometheus.metrics.histogram_native_only=true\" is not a "
            + "JSON object");
    assertThatThrownBy(() -> new PrometheusMetricsOptions(new JsonObject()
        .put("properties", new JsonObject()
            .put("io.prometheus.metrics.histogram_native_initial_schema", "many"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("properties: ");
  }
}
