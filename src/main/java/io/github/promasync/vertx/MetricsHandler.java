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
 *
 * <p>The handler is a thin adapter over client_java's exporter-common, so it answers exactly like
 * the client_java HTTP server: content negotiation through {@code Accept} (Prometheus text 0.0.4,
 * OpenMetrics 1.0.0, and Prometheus protobuf, the format that carries native histograms), name
 * escaping from {@code Accept}, gzip when the client sends {@code Accept-Encoding: gzip},
 * {@code name[]} filtering, {@code debug=openmetrics|text|prometheus-protobuf}, and the exporter
 * filter properties.
 *
 * <p>Collecting and encoding run on a worker thread of the request's context, never on the event
 * loop; the finished body is sent from the event loop in one write. {@code GET} and {@code HEAD}
 * are served; any other method gets {@code 405} with an {@code Allow} header. A collector that
 * throws gives {@code 500} with a one-line plain-text body, the exception goes to the log, and the
 * next scrape is served as usual. An unknown {@code debug} value or a malformed query string gives
 * {@code 400}.
 *
 * <p>A handler holds no per-request state: one instance can be mounted on many routes, routers,
 * servers and verticle instances at once.
 */
public interface MetricsHandler extends Handler<RoutingContext> {

  /** The methods the handler serves, as sent in the {@code Allow} header of a {@code 405}. */
  String ALLOWED_METHODS = "GET, HEAD";

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
