package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.MetricsHandler;
import io.github.promasync.vertx.testing.PrometheusServer;
import io.github.promasync.vertx.testing.VerticleTestSupport;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.metrics.config.MetricsProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus ({@code --enable-feature=native-histograms,exemplar-storage}) scrapes a
 * {@link MetricsHandler} serving the Vert.x metrics of a traced Vert.x: the server duration made
 * native by its family's property, the client duration classic with exemplars.
 */
@Tag("external")
class ExemplarsPrometheusTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void prometheusIngestsTheNativeFamilyAndTheExemplarsTraceIds() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setTracingOptions(new OpenTelemetryOptions())
            .setMetricsOptions(new PrometheusMetricsOptions().setEnabled(true)
                .setRegistry(registry)
                .setProperties(PrometheusProperties.builder()
                    .defaultMetricsProperties(MetricsProperties.builder().build())
                    .putMetricProperty("http_server_request_duration_seconds",
                        MetricsProperties.builder().histogramNativeOnly(true).build())
                    .build())))
        .withMetrics(new PrometheusMetricsFactory())
        .withTracer(new OpenTelemetryTracingFactory(openTelemetry))
        .build();
    try {
      HttpClient client = vertx.createHttpClient();
      Router router = Router.router(vertx);
      int[] port = new int[1];
      router.get("/back").handler(ctx -> ctx.response().end("back"));
      router.get("/front").handler(ctx -> client.request(HttpMethod.GET, port[0], HOST, "/back")
          .compose(r -> r.send().compose(HttpClientResponse::body))
          .onComplete(body -> ctx.response().end("front")));
      router.get("/metrics").handler(MetricsHandler.create(registry));
      port[0] = vertx.createHttpServer().requestHandler(router).listen(0, HOST).await()
          .actualPort();
      for (int i = 0; i < 3; i++) {
        await(client.request(HttpMethod.GET, port[0], HOST, "/front")
            .compose(r -> r.send().compose(HttpClientResponse::body)));
      }
      try (PrometheusServer prometheus = PrometheusServer.start(dir, String.join("\n",
          "global:",
          "  scrape_interval: 1s",
          "  scrape_timeout: 1s",
          "scrape_configs:",
          "  - job_name: vertx",
          "    static_configs:",
          "      - targets: ['" + HOST + ":" + port[0] + "']",
          ""), "--enable-feature=native-histograms,exemplar-storage")) {
        WebClient web = WebClient.create(vertx);
        String count = "histogram_count(http_server_request_duration_seconds"
            + "{http_route=\"/front\"})";
        VerticleTestSupport.await(VerticleTestSupport.poll(vertx, DEADLINE,
            "the native histogram to be queryable",
            () -> prometheus.query(web, count).map(r -> PrometheusServer.scalar(r) == 3)));
        Set<String> traces = exporter.getFinishedSpanItems().stream().map(SpanData::getTraceId)
            .collect(Collectors.toSet());
        Set<String> seen = new HashSet<>();
        VerticleTestSupport.await(VerticleTestSupport.poll(vertx, DEADLINE,
            "the client duration's exemplars to be queryable",
            () -> prometheus.queryExemplars(web, "http_client_request_duration_seconds_bucket")
                .map(series -> {
                  seen.clear();
                  seen.addAll(traceIds(series));
                  return !seen.isEmpty();
                })));
        assertThat(traces).containsAll(seen);
        // No classic series of the native family: its buckets are native ones.
        assertThat(PrometheusServer.scalar(VerticleTestSupport.await(prometheus.query(web,
            "count(http_server_request_duration_seconds_bucket)")))).isNaN();
      }
    } finally {
      await(vertx.close());
      openTelemetry.close();
    }
  }

  private static Set<String> traceIds(JsonArray series) {
    Set<String> ids = new HashSet<>();
    for (Object one : series) {
      for (Object exemplar : ((JsonObject) one).getJsonArray("exemplars")) {
        ids.add(((JsonObject) exemplar).getJsonObject("labels").getString("trace_id"));
      }
    }
    return ids;
  }
}
