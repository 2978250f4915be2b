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
 * <p>The handler is a thin adapter over client_java's exporter-common, so a scrape is answered as
 * client_java's {@code HTTPServer} answers it: content negotiation through {@code Accept}
 * (Prometheus text 0.0.4, OpenMetrics 1.0.0, and Prometheus protobuf, the format that carries
 * native histograms, when prometheus-metrics-exposition-formats is present), name escaping from
 * {@code Accept}, gzip when the client sends {@code Accept-Encoding: gzip}, {@code name[]}
 * filtering, {@code debug=openmetrics}, {@code debug=text} and (with the protobuf writer present)
 * {@code debug=prometheus-protobuf}, and the exporter filter properties.
 *
 * <p>It answers differently from {@code HTTPServer} in exactly three cases. A method other than
 * {@code GET} and {@code HEAD} gets {@code 405} with {@code Allow: GET, HEAD} ({@code HTTPServer}
 * scrapes for any method). An unknown {@code debug} value, {@code prometheus-protobuf} without the
 * protobuf writer included, gets {@code 400} with a one-line body naming the accepted values
 * ({@code HTTPServer}: {@code 500}). A collector that throws gives {@code 500} with the one-line
 * plain-text body {@code Error while collecting metrics; see the server log}: the exception goes
 * to the log (logger {@code io.github.promasync.vertx.MetricsHandler}), never into the response
 * ({@code HTTPServer} writes its own body). A malformed query string gives {@code 400}, as in
 * exporter-common.
 *
 * <p>Collecting and encoding run on a worker thread of the request's context, never on the event
 * loop; the finished body is sent from the event loop in one write. After a failed scrape the next
 * one is served as usual.
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
