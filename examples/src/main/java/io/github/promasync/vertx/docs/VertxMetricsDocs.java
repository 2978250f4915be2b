package io.github.promasync.vertx.docs;

import io.github.promasync.vertx.metrics.PrometheusMetricsFactory;
import io.github.promasync.vertx.metrics.PrometheusMetricsOptions;
import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.prometheus.metrics.config.MetricsProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;

/**
 * The snippets of docs/vertx-metrics.adoc that are not part of {@code VertxMetricsExample}, in
 * the tagged regions the page includes; {@code MicrometerInteropTest},
 * {@code PrometheusMetricsOptionsTest}, {@code MetricPropertiesTest}, {@code ExemplarsTest},
 * {@code ExcludedRoutesTest} and {@code ClientRequestLabelsTest} run them.
 */
public final class VertxMetricsDocs {

  private VertxMetricsDocs() {
  }

  /** A Vert.x with vertx-micrometer-metrics, whose meters go into {@code registry}. */
  public static Vertx keepingMicrometer(PrometheusRegistry registry) {
    // tag::keeping-micrometer[]
    PrometheusMeterRegistry micrometer =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, registry, Clock.SYSTEM);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(micrometer))
        .build();
    // end::keeping-micrometer[]
    return vertx;
  }

  /** JVM metrics on and a probe every 250 ms. */
  public static PrometheusMetricsOptions jvmAndProbe() {
    // tag::options[]
    PrometheusMetricsOptions options = new PrometheusMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setEventLoopDelayInterval(250);
    // end::options[]
    return options;
  }

  /** Native histograms for one family, and an SLO bucket for another. */
  public static PrometheusMetricsOptions nativeForOneFamily() {
    // tag::native-one-family[]
    PrometheusProperties properties = PrometheusProperties.builder()
        .defaultMetricsProperties(MetricsProperties.builder().build())
        // The server's request duration: a native histogram only.
        .putMetricProperty("http_server_request_duration_seconds",
            MetricsProperties.builder().histogramNativeOnly(true).build())
        // The client's: classic buckets, with one at the SLO's 300 ms.
        .putMetricProperty("http_client_request_duration_seconds",
            MetricsProperties.builder().histogramClassicUpperBounds(0.1, 0.3, 1, 3).build())
        .build();
    PrometheusMetricsOptions options = new PrometheusMetricsOptions()
        .setEnabled(true)
        .setProperties(properties);
    // end::native-one-family[]
    return options;
  }

  /** Exemplars: vertx-opentelemetry's tracer on the Vert.x instance. */
  public static Vertx traced(OpenTelemetry openTelemetry, PrometheusRegistry registry) {
    // tag::exemplars-tracer[]
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions()
            .setTracingOptions(new OpenTelemetryOptions())
            .setMetricsOptions(new PrometheusMetricsOptions().setEnabled(true)
                .setRegistry(registry)))
        .withTracer(new OpenTelemetryTracingFactory(openTelemetry))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
    // end::exemplars-tracer[]
    return vertx;
  }

  /** Routes left out of the request metrics. */
  public static PrometheusMetricsOptions excludedRoutes() {
    // tag::excluded-routes[]
    PrometheusMetricsOptions options = new PrometheusMetricsOptions()
        .setEnabled(true)
        .addExcludedRoute("/health")
        .addExcludedRoute("/metrics")
        .addExcludedRoute("/internal/*");
    // end::excluded-routes[]
    return options;
  }

  /** A label on the HTTP client's request metrics. */
  public static PrometheusMetricsOptions clientLabel() {
    // tag::client-label[]
    PrometheusMetricsOptions options = new PrometheusMetricsOptions()
        .setEnabled(true)
        .addClientRequestLabel("tenant", request -> request.headers().get("X-Tenant"));
    // end::client-label[]
    return options;
  }
}
