package io.github.promasync.vertx;

import io.github.promasync.vertx.impl.MetricsHandlerImpl;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;

/**
 * A vertx-web handler that serves a {@link PrometheusRegistry} in every Prometheus exposition
 * format, without blocking the event loop.
 *
 * <pre>{@code
 * Router router = Router.router(vertx);
 * router.route("/metrics").handler(MetricsHandler.create());
 * }</pre>
 */
public interface MetricsHandler extends Handler<RoutingContext> {

  /**
   * Creates a handler for {@link PrometheusRegistry#defaultRegistry}, configured by
   * {@link PrometheusProperties#get()}.
   *
   * @return the handler
   */
  static MetricsHandler create() {
    return create(PrometheusRegistry.defaultRegistry);
  }

  /**
   * Creates a handler for {@code registry}, configured by {@link PrometheusProperties#get()}.
   *
   * @param registry the registry to serve
   * @return the handler
   */
  static MetricsHandler create(PrometheusRegistry registry) {
    return create(PrometheusProperties.get(), registry);
  }

  /**
   * Creates a handler for {@code registry}, configured by {@code properties}.
   *
   * @param properties the exporter properties (filters, defaults for {@code name[]}, ...)
   * @param registry the registry to serve
   * @return the handler
   */
  static MetricsHandler create(PrometheusProperties properties, PrometheusRegistry registry) {
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(registry, "registry");
    return new MetricsHandlerImpl(properties, registry);
  }
}
