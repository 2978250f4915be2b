package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import org.junit.jupiter.api.Test;

/** setJvmMetricsEnabled(true): client_java's JVM metrics, once per registry. */
class JvmMetricsTest {

  private static Vertx vertx(PrometheusRegistry registry, boolean jvm) {
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new PrometheusMetricsOptions()
            .setEnabled(true).setRegistry(registry).setJvmMetricsEnabled(jvm)))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
  }

  @Test
  void twoVertxInstancesOnOneRegistryRegisterOneSetOfJvmMetrics() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx first = vertx(registry, true);
    Vertx second = vertx(registry, true);
    try {
      Exposition scrape = Exposition.scrape(registry);
      assertThat(scrape.value("jvm_threads_started_total")).isPositive();
      assertThat(scrape.named("jvm_memory_used_bytes"))
          .extracting(s -> s.labels().get("area")).containsExactlyInAnyOrder("heap", "nonheap");
      assertThat(scrape.named("process_start_time_seconds")).hasSize(1);
      // Beside Vert.x's own metrics.
      assertThat(scrape.has("vertx_eventloop_delay_seconds_count")
          || scrape.has("vertx_blocked_threads_total")).isTrue();
    } finally {
      await(first.close());
      await(second.close());
    }
  }

  @Test
  void offByDefaultAndOnFromJson() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx vertx = vertx(registry, false);
    try {
      assertThat(Exposition.scrape(registry).samples())
          .noneMatch(s -> s.name().startsWith("jvm_") || s.name().startsWith("process_"));
    } finally {
      await(vertx.close());
    }
    assertThat(new PrometheusMetricsOptions().isJvmMetricsEnabled()).isFalse();
    assertThat(new PrometheusMetricsOptions(new JsonObject().put("jvmMetricsEnabled", true))
        .isJvmMetricsEnabled()).isTrue();
  }
}
