package io.github.promasync.vertx.docs;

import io.github.promasync.vertx.metrics.PrometheusMetricsOptions;
import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * The snippets of docs/vertx-metrics.adoc that are not part of {@code VertxMetricsExample}, in
 * the tagged regions the page includes; {@code MicrometerInteropTest} and
 * {@code PrometheusMetricsOptionsTest} run them.
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
}
