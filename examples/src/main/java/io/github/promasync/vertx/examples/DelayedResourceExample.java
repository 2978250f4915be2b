package io.github.promasync.vertx.examples;

import io.github.promasync.vertx.Instrument;
import io.github.promasync.vertx.MetricsHandler;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/**
 * prometheus_async's {@code DelayedResource}, ported: a page that renders after a delay, timed
 * with {@code Instrument.time} because the route handler itself returns nothing.
 *
 * <p>Run it with
 * {@code mvn -q test-compile exec:java -Dexec.mainClass=io.github.promasync.vertx.examples.DelayedResourceExample},
 * open {@code http://localhost:8000/}, then {@code curl localhost:8000/metrics}.
 */
public final class DelayedResourceExample implements Handler<RoutingContext> {

  /** The delay of the original example. */
  public static final Duration SEED_DELAY = Duration.ofSeconds(5);

  /** The page, as the original writes it. */
  public static final String PAGE = "<html><body>Sorry to keep you waiting.</body></html>";

  private final Vertx vertx;
  private final Histogram reqTime;
  private final long delayMillis;

  /**
   * Creates the resource and registers its histogram, {@code req_time_seconds}.
   *
   * @param vertx the Vert.x instance whose timer delays the page
   * @param registry the registry for {@code req_time_seconds}
   * @param delay how long each request waits
   */
  public DelayedResourceExample(Vertx vertx, PrometheusRegistry registry, Duration delay) {
    this.vertx = vertx;
    // tag::histogram[]
    this.reqTime = Histogram.builder()
        .name("req_time_seconds")
        .help("time spent in requests")
        .register(registry);
    // end::histogram[]
    // Vert.x timers need at least 1 ms.
    this.delayMillis = Math.max(1, delay.toMillis());
  }

  /**
   * Answers {@link #PAGE} after the delay and observes the time taken into
   * {@code req_time_seconds}.
   *
   * @param ctx the request
   */
  // tag::handler[]
  @Override
  public void handle(RoutingContext ctx) {
    Future<Void> rendered = vertx.timer(delayMillis)
        .compose(fired -> ctx.response()
            .putHeader("Content-Type", "text/html; charset=utf-8")
            .end(PAGE));
    Instrument.time(reqTime, rendered);
  }
  // end::handler[]

  /**
   * Serves the delayed page at {@code /} and the registry at {@code /metrics}.
   *
   * @param vertx the Vert.x instance
   * @param registry the registry for {@code req_time_seconds}, served at {@code /metrics}
   * @param host the host to bind
   * @param port the port, {@code 0} for a free one
   * @param delay how long each request to {@code /} waits
   * @return a future of the listening server
   */
  public static Future<HttpServer> start(
      Vertx vertx, PrometheusRegistry registry, String host, int port, Duration delay) {
    Router router = Router.router(vertx);
    router.get("/").handler(new DelayedResourceExample(vertx, registry, delay));
    router.get("/metrics").handler(MetricsHandler.create(registry));
    return Examples.listen(vertx, router, host, port);
  }

  /**
   * Runs the example on {@code 127.0.0.1:8000} with the original 5 s delay.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Examples.run(vertx -> start(vertx, PrometheusRegistry.defaultRegistry, Examples.HOST,
        Examples.PORT, SEED_DELAY), server -> "Open http://localhost:" + server.actualPort()
        + "/ then " + Examples.curlMetrics(server));
  }
}
