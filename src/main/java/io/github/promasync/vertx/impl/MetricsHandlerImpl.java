package io.github.promasync.vertx.impl;

import io.github.promasync.vertx.MetricsHandler;
import io.github.promasync.vertx.MetricsHandlerOptions;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Serves scrapes through exporter-common's {@link PrometheusScrapeHandler}, run by a
 * {@link ScrapeCoalescer} on the handler's own scrape pool; answers are written on the request's
 * context.
 *
 * <p>Per request, everything but collecting and encoding runs on the request's context: the
 * method check, the copy of the request, joining a collection, the timeout timer and the response.
 * The instance is thread-safe, so one instance may serve any number of routes, routers, servers,
 * event loops and Vert.x instances at once; they share its pool, its cap and its collections.
 *
 * <p>Public because {@code MetricsHandler}'s factories, in another package, create it.
 */
public final class MetricsHandlerImpl implements MetricsHandler {

  // The JDK's System.Logger (public API; Vert.x's own logger factory is internal in Vert.x 5). It
  // goes to java.util.logging unless the application installs another System.LoggerFinder, e.g.
  // SLF4J's slf4j-jdk-platform-logging or Log4j's log4j-jpl.
  private static final System.Logger LOG = System.getLogger(MetricsHandler.class.getName());

  private static final String TEXT_PLAIN = "text/plain; charset=utf-8";
  /** The header by which Prometheus tells how long it waits for the scrape. */
  static final String SCRAPE_TIMEOUT_HEADER = "X-Prometheus-Scrape-Timeout-Seconds";

  private final PrometheusScrapeHandler scrapeHandler;
  // The debug values exporter-common serves with 200 in this configuration, decided once: it
  // accepts openmetrics and text always and prometheus-protobuf only when the protobuf writer
  // (prometheus-metrics-exposition-formats) is on the class or module path.
  private final Set<String> debugFormats;
  private final String unsupportedDebugBody;
  private final ScrapeCoalescer coalescer;
  private final RefusedScrapes refused;
  private final long defaultTimeoutMillis;
  private final String retryAfter;
  private final String capBody;

  /**
   * Creates a handler that serves {@code registry} as configured by {@code properties}, with the
   * default {@link MetricsHandlerOptions}.
   *
   * @param properties exporter properties
   * @param registry the registry to serve
   */
  public MetricsHandlerImpl(PrometheusProperties properties, PrometheusRegistry registry) {
    this(properties, new MetricsHandlerOptions(), registry);
  }

  /**
   * Creates a handler that serves {@code registry} as configured by {@code properties} and
   * {@code options}.
   *
   * @param properties exporter properties
   * @param options the scrape path's options, copied now
   * @param registry the registry to serve
   */
  public MetricsHandlerImpl(
      PrometheusProperties properties, MetricsHandlerOptions options, PrometheusRegistry registry) {
    this.scrapeHandler =
        new PrometheusScrapeHandler(properties, ScrapeCoalescer.registry(registry));
    boolean protobuf =
        ExpositionFormats.init(properties).getPrometheusProtobufWriter().isAvailable();
    this.debugFormats = protobuf
        ? Set.of("openmetrics", "text", "prometheus-protobuf")
        : Set.of("openmetrics", "text");
    this.unsupportedDebugBody = protobuf
        ? "Unsupported debug parameter: use openmetrics, text or prometheus-protobuf\n"
        : "Unsupported debug parameter: use openmetrics or text\n";
    this.coalescer = new ScrapeCoalescer(
        options.getScrapePoolSize(), options.getMaxInFlight(), new ThrottledLog(LOG));
    coalescer.encoder(this::scrape,
        properties.getExporterHttpServerProperties().isPreferUncompressedResponse());
    this.refused = options.isRefusedScrapesMetric()
        ? RefusedScrapes.of(registry)
        : RefusedScrapes.unregistered();
    this.defaultTimeoutMillis = millis(options.getScrapeTimeoutSeconds());
    this.retryAfter = String.valueOf(options.getRetryAfterSeconds());
    this.capBody = "Too many scrapes in flight (" + options.getMaxInFlight()
        + " collections): retry later\n";
  }

  @Override
  public void handle(RoutingContext ctx) {
    // handle() may be called on any thread (ctx.next() from a CompletableFuture callback, a
    // handler of another verticle's context): the request is only read and answered on its own.
    Context context = VertxInternals.requestContext(ctx.request(), ctx.vertx());
    if (Vertx.currentContext() == context) {
      serve(ctx);
    } else {
      context.runOnContext(v -> serve(ctx));
    }
  }

  @Override
  public void close() {
    coalescer.close();
  }

  private void serve(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpMethod method = request.method();
    if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
      ctx.response()
          .setStatusCode(405)
          .putHeader(HttpHeaders.ALLOW, ALLOWED_METHODS)
          .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN)
          .end("Method not allowed: use GET or HEAD\n");
      return;
    }
    VertxPrometheusHttpExchange exchange = new VertxPrometheusHttpExchange(request);
    CompletableFuture<VertxPrometheusHttpExchange> answer = coalescer.join(exchange);
    if (answer == null) {
      refused.maxInFlight();
      ctx.response()
          .setStatusCode(503)
          .putHeader(HttpHeaders.RETRY_AFTER, retryAfter)
          .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN)
          .end(capBody);
      return;
    }
    new Waiting(ctx, timeoutMillis(request)).await(answer);
  }

  /** One scrape waiting for its answer; touched only on the request's context. */
  private final class Waiting {

    private final RoutingContext ctx;
    private final Context context;
    private final long timeoutMillis;
    private final long timer;
    private boolean done;

    Waiting(RoutingContext ctx, long timeoutMillis) {
      this.ctx = ctx;
      this.timeoutMillis = timeoutMillis;
      // Called on the request's context, so both the timer and runOnContext run there.
      this.context = Vertx.currentContext();
      this.timer = ctx.vertx().setTimer(timeoutMillis, id -> timedOut());
    }

    void await(CompletableFuture<VertxPrometheusHttpExchange> answer) {
      answer.whenComplete((exchange, failure) -> context.runOnContext(v -> {
        if (done) {
          return;
        }
        done = true;
        ctx.vertx().cancelTimer(timer);
        if (failure instanceof RejectedExecutionException) {
          ctx.response()
              .setStatusCode(503)
              .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN)
              .end("Metrics handler is closed\n");
        } else if (failure != null) {
          // An Error aborted the collection on the pool (where it was thrown on).
          ctx.response()
              .setStatusCode(500)
              .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN)
              .end("Error while collecting metrics; see the server log\n");
        } else {
          respond(ctx, exchange);
        }
      }));
    }

    private void timedOut() {
      if (done) {
        return;
      }
      done = true;
      refused.timeout();
      HttpServerResponse response = ctx.response();
      if (response.closed() || response.ended() || response.headWritten()) {
        return;
      }
      response
          .setStatusCode(503)
          .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN)
          .end("Metrics collection did not finish within the scrape timeout of "
              + timeoutMillis / 1000.0 + " s\n");
    }
  }

  private long timeoutMillis(HttpServerRequest request) {
    String header = request.getHeader(SCRAPE_TIMEOUT_HEADER);
    if (header != null) {
      try {
        double seconds = Double.parseDouble(header.trim());
        if (seconds > 0 && !Double.isInfinite(seconds)) {
          return millis(seconds);
        }
      } catch (NumberFormatException e) {
        // Not a number: the configured default applies, as for a client that sends none.
      }
    }
    return defaultTimeoutMillis;
  }

  private static long millis(double seconds) {
    // Vert.x timers take at least 1 ms; a year is as good as forever for a scrape.
    return (long) Math.max(1, Math.min(Math.ceil(seconds * 1000), 365L * 24 * 3600 * 1000));
  }

  /**
   * Runs exporter-common for {@code exchange} on the calling thread (a scrape pool thread); the result stays in the
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
    // A failure stays in the exchange; ScrapeCoalescer logs it, once per collection, on the pool.
    scrapeHandler.handleRequest(exchange);
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

  private static void respond(RoutingContext ctx, VertxPrometheusHttpExchange exchange) {
    HttpServerResponse response = ctx.response();
    if (response.closed() || response.ended() || response.headWritten()) {
      // The client went away, or another handler (e.g. a TimeoutHandler) already answered.
      LOG.log(System.Logger.Level.DEBUG, "Metrics response for " + exchange.getRequestPath()
          + " dropped: the response was already closed or sent");
      return;
    }
    if (exchange.failure() != null || exchange.status() == 0) {
      response
          .setStatusCode(500)
          .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN)
          .end("Error while collecting metrics; see the server log\n");
      return;
    }
    // Shared by every scrape of this answer: only read here (Vert.x writes a Buffer's duplicate).
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
