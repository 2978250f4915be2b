package io.github.promasync.vertx.examples;

import io.github.promasync.vertx.Instrument;
import io.github.promasync.vertx.MetricsHandler;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The three ported examples on one server, plus a simulated job that shows
 * {@code countExceptions} and {@code trackInProgress}, and a little generated traffic so that
 * every metric moves.
 *
 * <p>Run it from the repository root with {@code mvn -q test-compile exec:java}, then
 * {@code curl localhost:8000/metrics}. {@code -Ddemo.port=8001} and {@code -Ddemo.host=0.0.0.0}
 * (or the arguments {@code [port [host]]}) move it.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>route</th><th>what it does</th></tr>
 *   <tr><td>{@code /}</td><td>links to the others</td></tr>
 *   <tr><td>{@code /delayed}</td><td>the {@link DelayedResourceExample}, timed into
 *   {@code req_time_seconds}</td></tr>
 *   <tr><td>{@code /job}</td><td>runs a job of 50 to 250 ms; every fourth one fails with
 *   {@code 500}</td></tr>
 *   <tr><td>{@code /metrics}</td><td>the registry</td></tr>
 * </table>
 *
 * <p>Each route counts itself in {@code inbound_requests_total} with the Klein example's
 * handler ({@link KleinExample#countingGets}).
 */
public final class Demo {

  /** The port of the original examples, {@value}. */
  public static final int DEFAULT_PORT = Examples.PORT;

  /** Loopback only, {@value}: a demo should not be reachable from the network by default. */
  public static final String DEFAULT_HOST = Examples.HOST;

  private static final String INDEX = "<!DOCTYPE html>\n<html><body><h1>vertx-prometheus-async demo</h1>"
      + "<ul><li><a href=\"delayed\">/delayed</a></li><li><a href=\"job\">/job</a></li>"
      + "<li><a href=\"metrics\">/metrics</a></li></ul></body></html>\n";

  private final Vertx vertx;
  private final Counter inboundRequests;
  private final Gauge jobsInProgress;
  private final Counter jobFailures;
  private final Histogram jobDuration;
  private final AtomicLong jobs = new AtomicLong();
  private volatile HttpServer server;
  private volatile HttpClient client;
  private volatile long trafficTimer = -1;

  private Demo(Vertx vertx, PrometheusRegistry registry) {
    this.vertx = vertx;
    this.inboundRequests = KleinExample.inboundRequests(registry);
    this.jobsInProgress = Gauge.builder()
        .name("demo_jobs_in_progress")
        .help("jobs running now")
        .register(registry);
    this.jobFailures = Counter.builder()
        .name("demo_job_failures_total")
        .help("jobs that failed")
        .register(registry);
    this.jobDuration = Histogram.builder()
        .name("demo_job_duration_seconds")
        .help("time spent in jobs")
        .register(registry);
  }

  /**
   * Starts the demo server and, if {@code trafficEvery} is positive, the traffic that requests
   * every route at that period.
   *
   * @param vertx the Vert.x instance
   * @param registry the registry for the demo's metrics, served at {@code /metrics}
   * @param host the host to bind
   * @param port the port, {@code 0} for a free one
   * @param delay how long requests to {@code /delayed} wait
   * @param trafficEvery the period of the generated traffic, {@link Duration#ZERO} for none
   * @return a future of the running demo
   */
  public static Future<Demo> start(Vertx vertx, PrometheusRegistry registry, String host,
      int port, Duration delay, Duration trafficEvery) {
    Objects.requireNonNull(trafficEvery, "trafficEvery");
    Demo demo = new Demo(vertx, registry);

    Router router = Router.router(vertx);
    router.get("/").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .end(INDEX));
    router.get("/delayed")
        .handler(demo.counted("/delayed"))
        .handler(new DelayedResourceExample(vertx, registry, delay));
    router.get("/job")
        .handler(demo.counted("/job"))
        .handler(demo::job);
    router.get("/metrics")
        .handler(demo.counted("/metrics"))
        .handler(MetricsHandler.create(registry));

    return Examples.listen(vertx, router, host, port)
        .map(server -> {
          demo.server = server;
          if (!trafficEvery.isZero() && !trafficEvery.isNegative()) {
            demo.startTraffic(host, trafficEvery);
          }
          return demo;
        });
  }

  /**
   * Returns the port the demo listens on.
   *
   * @return the actual port
   */
  public int port() {
    return server.actualPort();
  }

  /**
   * Stops the traffic and closes the server.
   *
   * @return a future completed once the port is free
   */
  public Future<Void> close() {
    if (trafficTimer >= 0) {
      vertx.cancelTimer(trafficTimer);
    }
    Future<Void> clientClosed = client == null ? Future.succeededFuture() : client.close();
    return Future.join(clientClosed, server.close()).mapEmpty();
  }

  private Handler<RoutingContext> counted(String endpoint) {
    return KleinExample.countingGets(inboundRequests, endpoint);
  }

  private void job(RoutingContext ctx) {
    runJob().onComplete(done -> {
      if (done.succeeded()) {
        ctx.response().end(done.result() + "\n");
      } else {
        ctx.response().setStatusCode(500).end("job failed\n");
      }
    });
  }

  // tag::job[]
  private Future<String> runJob() {
    long n = jobs.incrementAndGet();
    Handler<Promise<String>> work = promise -> vertx.timer(50 + (n * 37) % 200)
        .onComplete(fired -> {
          if (n % 4 == 0) {
            promise.fail(new IllegalStateException("job " + n + " failed"));
          } else {
            promise.complete("job " + n + " done");
          }
        });
    // The gauge is up from each handle(promise) until the promise completes.
    // tag::job[]
    Future<String> job = Future.future(Instrument.trackInProgress(jobsInProgress, work));
    return Instrument.countExceptions(jobFailures, Instrument.time(jobDuration, job));
    // end::job[]
  }
  // end::job[]

  private void startTraffic(String host, Duration every) {
    String target = host.equals("0.0.0.0") ? "127.0.0.1" : host.equals("::") ? "::1" : host;
    client = vertx.createHttpClient();
    trafficTimer = vertx.setPeriodic(every.toMillis(), tick -> {
      for (String uri : new String[] {"/delayed", "/job", "/job", "/metrics"}) {
        // Failures (a failed job, a closing server) are part of the demo: ignore them.
        client.request(HttpMethod.GET, port(), target, uri)
            .compose(request -> request.send().compose(HttpClientResponse::body));
      }
    });
  }

  /**
   * The Vert.x options of {@link #main}: Vert.x's own metrics on, so that {@code /metrics} shows
   * the demo's routes too ({@code http_server_request_duration_seconds{http_route="/job",...}}).
   * Vert.x finds {@code PrometheusMetricsFactory} through the ServiceLoader and it records into
   * the default registry, the one {@code /metrics} serves (see docs/vertx-metrics.adoc). On
   * Vert.x 5.0, where the factory is not built, Vert.x only warns that no metrics factory was
   * found.
   *
   * @return the options
   */
  public static VertxOptions vertxOptions() {
    return new VertxOptions().setMetricsOptions(new MetricsOptions().setEnabled(true));
  }

  /**
   * Runs the demo on {@code 127.0.0.1:8000} (or {@code -Ddemo.host}, {@code -Ddemo.port}, or the
   * arguments {@code [port [host]]}) with the default registry and a request burst every second.
   *
   * @param args optional port, then optional host
   */
  public static void main(String[] args) {
    String host = System.getProperty("demo.host", args.length > 1 ? args[1] : DEFAULT_HOST);
    int port = Integer.parseInt(
        System.getProperty("demo.port", args.length > 0 ? args[0] : String.valueOf(DEFAULT_PORT)));
    Examples.run(vertxOptions(), vertx -> start(vertx, PrometheusRegistry.defaultRegistry, host,
        port, DelayedResourceExample.SEED_DELAY, Duration.ofSeconds(1)),
        demo -> "Demo on http://" + host + ":" + demo.port() + "/ -- try: curl localhost:"
            + demo.port() + "/metrics (Ctrl-C stops it)");
  }
}
