package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * client_java's JVM metrics in the registry of the Vert.x metrics, registered once per registry
 * however many Vert.x instances ask: {@link JvmMetrics} remembers the registries it registered
 * into, so a second call, ours or the application's own {@code JvmMetrics.builder().register()},
 * is a no-op.
 */
final class JvmMetricsBinding {

  private JvmMetricsBinding() {
  }

  static void register(PrometheusRegistry registry) {
    try {
      JvmMetrics.builder().register(registry);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("cannot register the JVM metrics (jvmMetricsEnabled): "
          + e.getMessage() + " (the registry already has a JVM collector registered on its "
          + "own, e.g. JvmMemoryMetrics: register JvmMetrics as a whole, or turn "
          + "jvmMetricsEnabled off)", e);
    }
  }
}
