package io.github.promasync.vertx;

import static io.github.promasync.vertx.testing.LocalHttp.HOST;
import static io.github.promasync.vertx.testing.LocalHttp.gunzip;
import static io.github.promasync.vertx.testing.LocalHttp.isGzip;
import static io.github.promasync.vertx.testing.LocalHttp.listen;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.ExporterFilterProperties;
import io.prometheus.metrics.config.ExporterHttpServerProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every exposition feature of exporter-common, observed through HTTP. */
@ExtendWith(VertxExtension.class)
class MetricsHandlerFormatsTest {

  /** What Prometheus 2.x sends when native histograms are enabled. */
  private static final String PROMETHEUS_PROTOBUF_ACCEPT =
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;"
          + "q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

  private static final String REQUESTS =
      "# HELP requests_total Requests.\n"
          + "# TYPE requests_total counter\n"
          + "requests_total 3.0\n";
  private static final String TEMPERATURE =
      "# HELP temperature_celsius Temperature.\n"
          + "# TYPE temperature_celsius gauge\n"
          + "temperature_celsius 21.5\n";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
    Counter.builder().name("requests").help("Requests.").register(registry).inc(3);
    Gauge.builder().name("temperature_celsius").help("Temperature.").register(registry).set(21.5);
  }

  private HttpRequest<Buffer> get(MetricsHandler handler, HttpServerOptions options, String uri) {
    Router router = Router.router(vertx);
    router.route("/metrics").handler(handler);
    int port = listen(vertx, options, router);
    return client.get(port, HOST, uri);
  }

  private HttpRequest<Buffer> get(String uri) {
    return get(MetricsHandler.create(registry), new HttpServerOptions(), uri);
  }

  @Test
  void servesPrometheusTextByDefault() {
    HttpResponse<Buffer> response = get("/metrics").send().await();

    assertThat(response.getHeader("Content-Type"))
        .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.bodyAsString()).isEqualTo(REQUESTS + TEMPERATURE);
  }

  @Test
  void servesOpenMetricsWhenAccepted() {
    HttpResponse<Buffer> response = get("/metrics")
        .putHeader("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
        .send().await();

    assertThat(response.getHeader("Content-Type"))
        .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(response.bodyAsString()).isEqualTo(
        "# TYPE requests counter\n"
            + "# HELP requests Requests.\n"
            + "requests_total 3.0\n"
            + "# TYPE temperature_celsius gauge\n"
            + "# HELP temperature_celsius Temperature.\n"
            + "temperature_celsius 21.5\n"
            + "# EOF\n");
  }

  @Test
  void servesDelimitedProtobufWhenAccepted() throws IOException {
    HttpResponse<Buffer> response = get("/metrics")
        .putHeader("Accept", PROMETHEUS_PROTOBUF_ACCEPT).send().await();

    assertThat(response.getHeader("Content-Type")).isEqualTo(
        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; "
            + "encoding=delimited");
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    new PrometheusProtobufWriter().write(expected, registry.scrape(), EscapingScheme.DEFAULT);
    assertThat(response.body().getBytes()).isEqualTo(expected.toByteArray());
  }

  @Test
  void gzipsWhenTheClientAcceptsIt() {
    HttpResponse<Buffer> response = get("/metrics")
        .putHeader("Accept-Encoding", "deflate, gzip").send().await();

    assertThat(response.getHeader("Content-Encoding")).isEqualTo("gzip");
    assertThat(gunzip(response.body()).toString()).isEqualTo(REQUESTS + TEMPERATURE);
  }

  @Test
  void sendsPlainTextWhenTheClientDoesNotAcceptGzip() {
    HttpResponse<Buffer> response = get("/metrics").send().await();

    assertThat(response.getHeader("Content-Encoding")).isNull();
    assertThat(isGzip(response.body())).isFalse();
  }

  @Test
  void gzipsOnlyOnceWhenVertxCompressionIsOn() {
    HttpServerOptions compressing = new HttpServerOptions().setCompressionSupported(true);
    HttpResponse<Buffer> response = get(MetricsHandler.create(registry), compressing, "/metrics")
        .putHeader("Accept-Encoding", "gzip, deflate, br").send().await();

    assertThat(response.getHeader("Content-Encoding")).isEqualTo("gzip");
    Buffer once = gunzip(response.body());
    assertThat(isGzip(once)).isFalse();
    assertThat(once.toString()).isEqualTo(REQUESTS + TEMPERATURE);
  }

  @Test
  void servesOnlyTheNamesAskedFor() {
    HttpResponse<Buffer> response =
        get("/metrics?name[]=temperature_celsius&name[]=absent").send().await();

    assertThat(response.bodyAsString()).isEqualTo(TEMPERATURE);
  }

  @Test
  void rendersEachFormatAsPlainTextForDebug() {
    HttpResponse<Buffer> openMetrics = get("/metrics?debug=openmetrics").send().await();
    HttpResponse<Buffer> text = get("/metrics?debug=text").send().await();
    HttpResponse<Buffer> protobuf = get("/metrics?debug=prometheus-protobuf").send().await();

    assertThat(openMetrics.getHeader("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(openMetrics.bodyAsString()).contains("requests_total 3.0\n").endsWith("# EOF\n");
    assertThat(text.bodyAsString()).isEqualTo(REQUESTS + TEMPERATURE);
    assertThat(protobuf.getHeader("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(protobuf.bodyAsString())
        .contains("name: \"requests_total\"", "type: COUNTER", "value: 3.0");
  }

  @Test
  void escapesUtf8NamesAsTheAcceptHeaderAsks() {
    registry.clear();
    Counter.builder().name("http.requests").help("Requests.").register(registry).inc();

    String byDefault = get("/metrics").send().await().bodyAsString();
    String utf8 = get("/metrics")
        .putHeader("Accept", "text/plain; version=1.0.0; escaping=allow-utf-8").send().await()
        .bodyAsString();
    String dots = get("/metrics")
        .putHeader("Accept", "text/plain; version=1.0.0; escaping=dots").send().await()
        .bodyAsString();

    assertThat(byDefault).contains("\nhttp_requests_total 1.0\n");
    assertThat(utf8).contains("\n{\"http.requests_total\"} 1.0\n");
    assertThat(dots).contains("\nhttp_dot_requests_total 1.0\n");
  }

  @Test
  void appliesTheExporterFilterProperties() {
    Counter.builder().name("secret").help("Hidden.").register(registry).inc();
    PrometheusProperties properties = PrometheusProperties.builder()
        .exporterFilterProperties(ExporterFilterProperties.builder()
            .allowedPrefixes("requests", "secret").excludedNames("secret_total").build())
        .build();

    HttpResponse<Buffer> response =
        get(MetricsHandler.create(properties, registry), new HttpServerOptions(), "/metrics")
            .send().await();

    assertThat(response.bodyAsString()).isEqualTo(REQUESTS);
  }

  @Test
  void honoursPreferUncompressedResponse() {
    PrometheusProperties properties = PrometheusProperties.builder()
        .exporterHttpServerProperties(
            ExporterHttpServerProperties.builder().preferUncompressedResponse(true).build())
        .build();

    HttpResponse<Buffer> response =
        get(MetricsHandler.create(properties, registry), new HttpServerOptions(), "/metrics")
            .putHeader("Accept-Encoding", "gzip").send().await();

    assertThat(response.getHeader("Content-Encoding")).isNull();
    assertThat(response.bodyAsString()).isEqualTo(REQUESTS + TEMPERATURE);
  }
}
