package io.github.promasync.vertx.impl;

import io.github.promasync.vertx.MetricsHandler;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.Set;

/**
 * Serves a scrape through exporter-common's {@link PrometheusScrapeHandler} on a worker thread and
 * sends the buffered result from the request's context.
 *
 * <p>The instance holds no per-request state (exporter-common's handler is thread-safe), so one
 * instance may serve any number of routes, routers, servers and event loops at once.
 */
public final class MetricsHandlerImpl implements MetricsHandler {

  // The JDK's System.Logger (public API; Vert.x's own logger factory is internal in Vert.x 5). It
  // goes to java.util.logging unless the application installs another System.LoggerFinder, e.g.
  // SLF4J's slf4j-jdk-platform-logging or Log4j's log4j-jpl.
  private static final System.Logger LOG = System.getLogger(MetricsHandler.class.getName());

  private static final String TEXT_PLAIN = "text/plain; charset=utf-8";

  private final PrometheusScrapeHandler scrapeHandler;
  // The debug values exporter-common serves with 200 in this configuration, decided once: it
  // accepts openmetrics and text always and prometheus-protobuf only when the protobuf writer
  // (prometheus-metrics-exposition-formats) is on the class or module path.
  private final Set<String> debugFormats;
  private final String unsupportedDebugBody;

  /**
   * Creates a handler that serves {@code registry} as configured by {@code properties}.
   *
   * @param properties exporter properties
   * @param registry the registry to serve
   */
  public MetricsHandlerImpl(PrometheusProperties properties, PrometheusRegistry registry) {
    this.scrapeHandler = new PrometheusScrapeHandler(properties, registry);
    boolean protobuf =
        ExpositionFormats.init(properties).getPrometheusProtobufWriter().isAvailable();
    this.debugFormats = protobuf
        ? Set.of("openmetrics", "text", "prometheus-protobuf")
        : Set.of("openmetrics", "text");
    this.unsupportedDebugBody = protobuf
        ? "Unsupported debug parameter: use openmetrics, text or prometheus-protobuf\n"
        : "Unsupported debug parameter: use openmetrics or text\n";
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
      ctx.response()
          .setStatusCode(405)
          .putHeader(HttpHeaders.ALLOW, ALLOWED_METHODS)
          .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN)
          .end("Method not allowed: use GET or HEAD\n");
      return;
    }
    VertxPrometheusHttpExchange exchange = new VertxPrometheusHttpExchange(ctx.request());
    // Collecting and encoding grow with the registry, so they run on a worker. Unordered, so that
    // concurrent scrapes arriving on one event loop do not queue behind each other. The future's
    // callbacks run back on this context, the only place the response may be written.
    ctx.vertx()
        .getOrCreateContext()
        .executeBlocking(() -> scrape(exchange), false)
        .onComplete(ar -> respond(ctx, exchange, ar));
  }

  /**
   * Runs exporter-common for {@code exchange} on the calling thread; the result stays in the
   * exchange.
   *
   * @param exchange the exchange to fill
   * @return {@code exchange}
   * @throws IOException never in practice: the body is written to memory
   */
  public VertxPrometheusHttpExchange scrape(VertxPrometheusHttpExchange exchange)
      throws IOException {
    if (!acceptsDebugParameter(exchange)) {
      exchange.reject(400, unsupportedDebugBody);
      return exchange;
    }
    scrapeHandler.handleRequest(exchange);
    if (exchange.failure() != null) {
      // Logged here on the worker rather than on the event loop: a stack trace is slow to write.
      LOG.log(System.Logger.Level.ERROR, "Scrape of " + exchange.getRequestPath() + " failed, answered 500",
          exchange.failure());
    }
    return exchange;
  }

  private boolean acceptsDebugParameter(VertxPrometheusHttpExchange exchange) {
    String debug;
    try {
      debug = exchange.getParameter("debug");
    } catch (RuntimeException e) {
      // A malformed query string: exporter-common answers it with 400 itself.
      return true;
    }
    // exporter-common answers an unknown value with 500; it is the client's mistake, so 400.
    return debug == null || debugFormats.contains(debug);
  }

  private static void respond(
      RoutingContext ctx, VertxPrometheusHttpExchange exchange, AsyncResult<?> result) {
    HttpServerResponse response = ctx.response();
    if (response.closed() || response.ended() || response.headWritten()) {
      // The client went away, or another handler (e.g. a TimeoutHandler) already answered.
      LOG.log(System.Logger.Level.DEBUG, "Metrics response for " + exchange.getRequestPath()
          + " dropped: the response was already closed or sent");
      return;
    }
    if (result.failed() || exchange.failure() != null || exchange.status() == 0) {
      if (result.failed()) {
        LOG.log(System.Logger.Level.ERROR, "Scrape of " + exchange.getRequestPath() + " failed, answered 500",
            result.cause());
      }
      response
          .setStatusCode(500)
          .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN)
          .end("Error while collecting metrics; see the server log\n");
      return;
    }
    Buffer body = exchange.body();
    response.setStatusCode(exchange.status());
    exchange.responseHeaders().forEach(response::putHeader);
    // exporter-common leaves Content-Length out when it gzips; HEAD needs it all the same.
    if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()));
    }
    boolean head = HttpMethod.HEAD.equals(ctx.request().method());
    (head ? response.end() : response.end(body))
        .onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "Metrics response for " + exchange.getRequestPath()
            + " not delivered: " + e.getMessage()));
  }
}
