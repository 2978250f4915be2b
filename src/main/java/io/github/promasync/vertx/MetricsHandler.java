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
 * <p>It answers differently from {@code HTTPServer} in exactly four cases. A method other than
 * {@code GET} and {@code HEAD} gets {@code 405} with {@code Allow: GET, HEAD} ({@code HTTPServer}
 * scrapes for any method). An unknown {@code debug} value, {@code prometheus-protobuf} without the
 * protobuf writer included, gets {@code 400} with a one-line body naming the accepted values
 * ({@code HTTPServer}: {@code 500}). A collector that throws gives {@code 500} with the one-line
 * plain-text body {@code Error while collecting metrics; see the server log}: the exception goes
 * to the log (logger {@code io.github.promasync.vertx.MetricsHandler}), never into the response
 * ({@code HTTPServer} writes its own body). A scrape over the in-flight cap or past its timeout
 * gets {@code 503} (below; {@code HTTPServer} has neither and waits). A malformed query string
 * gives {@code 400}, as in exporter-common.
 *
 * <p>The scrape path is shared and bounded ({@link MetricsHandlerOptions} sets the numbers):
 * <ul>
 *   <li><b>Coalescing.</b> Scrapes with the same path and query string that arrive while a
 *       collection is in flight share it: the registry is collected once for all of them. Those that
 *       also send the same {@code Accept} and {@code Accept-Encoding} get the same encoded body;
 *       the others are encoded from the same snapshots. Nothing is kept once the collection ends: a
 *       later scrape collects afresh. A client that goes away cancels nothing.
 *   <li><b>A scrape pool of its own.</b> Collecting and encoding run on the handler's own threads
 *       ({@link MetricsHandlerOptions#getScrapePoolSize()}, named {@code promasync-scrape-*}),
 *       never on the event loop and never on the application's worker pool, so a hung collector
 *       starves only the scrapes. Threads start with the first scrape and end after a minute
 *       without one (they are daemon threads); {@link #close()} ends them sooner.
 *   <li><b>In-flight cap.</b> A scrape that would start a collection while
 *       {@link MetricsHandlerOptions#getMaxInFlight()} are in flight gets {@code 503} at once, with
 *       a one-line body and {@code Retry-After}.
 *   <li><b>Timeout.</b> A scrape waits for its answer as long as its
 *       {@code X-Prometheus-Scrape-Timeout-Seconds} header says (Prometheus sends its
 *       {@code scrape_timeout} there), or {@link MetricsHandlerOptions#getScrapeTimeoutSeconds()}
 *       without one; then it gets {@code 503} with a one-line body. The collection goes on (Java
 *       cannot take a thread back from a hung collector), and it holds its place under the cap.
 *   <li><b>Errors logged once.</b> A failed collection is logged once, whatever number of scrapes
 *       it fails; a collector that keeps failing is logged with its stack trace the first time,
 *       then as one line a minute with the number of failures since.
 *   <li>Refused scrapes are counted in {@code promasync_scrapes_refused_total{reason}}
 *       ({@code max_in_flight} or {@code timeout}) of the served registry, unless
 *       {@link MetricsHandlerOptions#setRefusedScrapesMetric(boolean)} turns it off.
 * </ul>
 *
 * <p>Threads: {@code handle()} may be called on any thread: the request's event loop, a worker or
 * virtual-thread verticle's context, another context, or no Vert.x thread at all (say
 * {@code ctx.next()} in a {@code CompletableFuture} callback). The handler reads the request and
 * writes the response only on the request's own context (it moves there first if called
 * elsewhere); only collection and encoding run on the scrape pool. After a failed scrape the next
 * one is served as usual.
 *
 * <p>One handler instance can be mounted on many routes, routers, servers, verticle instances and
 * Vert.x instances at once: they share its pool, its cap and its collections.
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
    return create(properties, new MetricsHandlerOptions(), registry);
  }

  /**
   * Creates a handler for {@code registry} with {@code options}, configured by
   * {@link PrometheusProperties#get()}.
   *
   * @param options the scrape pool, in-flight cap and timeout, copied now
   * @param registry the registry to serve
   * @return the handler
   */
  static MetricsHandler create(MetricsHandlerOptions options, PrometheusRegistry registry) {
    return create(PrometheusProperties.get(), options, registry);
  }

  /**
   * Creates a handler for {@code registry} with {@code options}, configured by
   * {@code properties}.
   *
   * @param properties the exporter properties (filters, defaults for {@code name[]}, ...)
   * @param options the scrape pool, in-flight cap and timeout, copied now
   * @param registry the registry to serve
   * @return the handler
   */
  static MetricsHandler create(
      PrometheusProperties properties, MetricsHandlerOptions options, PrometheusRegistry registry) {
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(registry, "registry");
    return new MetricsHandlerImpl(properties, new MetricsHandlerOptions(options), registry);
  }

  /**
   * Closes the scrape pool: later scrapes get {@code 503}, collections in flight still answer
   * their scrapes, then the pool's threads end. Calling it again does nothing.
   * {@link MetricsVerticle} closes its handler when undeployed; a handler mounted by the
   * application needs no closing (its idle threads end by themselves), but may be closed with the
   * server it is mounted on.
   */
  void close();
}
