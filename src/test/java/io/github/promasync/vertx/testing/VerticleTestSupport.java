package io.github.promasync.vertx.testing;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Shared helpers for the verticle, server and example tests. */
public final class VerticleTestSupport {

  /** The upper bound of any single wait in these tests. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private VerticleTestSupport() {
  }

  /**
   * Waits on the test thread for {@code future}, bounded by {@link #TIMEOUT}.
   *
   * @param future the future
   * @param <T> the result type
   * @return its result
   */
  public static <T> T await(Future<T> future) {
    return future.timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).await();
  }

  /**
   * Sends {@code GET url} and waits for the whole response.
   *
   * @param client the client
   * @param url an absolute URL
   * @return the response, body buffered
   */
  public static HttpResponse<Buffer> get(WebClient client, String url) {
    return await(client.getAbs(url).send());
  }

  /**
   * Polls {@code check} every 50 ms on Vert.x timers until it yields {@code true}, failing once
   * {@code within} has passed.
   *
   * @param vertx the Vert.x instance whose timers pace the polling
   * @param within the deadline, from now
   * @param what what is awaited, for the failure message
   * @param check the condition, re-evaluated on each tick
   * @return a future completed once the condition holds
   */
  public static Future<Void> poll(
      Vertx vertx, Duration within, String what, Supplier<Future<Boolean>> check) {
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + within.toNanos();
    tick(vertx, deadline, what, check, done);
    return done.future();
  }

  private static void tick(Vertx vertx, long deadline, String what,
      Supplier<Future<Boolean>> check, Promise<Void> done) {
    Future<Boolean> result;
    try {
      result = check.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        done.complete();
      } else if (System.nanoTime() - deadline > 0) {
        done.fail(new AssertionError("timed out waiting for " + what
            + (ar.failed() ? ", last error: " + ar.cause() : "")));
      } else {
        vertx.setTimer(50, id -> tick(vertx, deadline, what, check, done));
      }
    });
  }

  /**
   * Reads a counter's value from {@code registry}.
   *
   * @param registry the registry
   * @param name the counter's name without {@code _total}
   * @param labels label name/value pairs
   * @return the value, {@code 0} if the data point does not exist
   */
  public static double counter(PrometheusRegistry registry, String name, String... labels) {
    Labels wanted = Labels.of(labels);
    for (CounterSnapshot.CounterDataPointSnapshot point : ((CounterSnapshot) metric(registry, name))
        .getDataPoints()) {
      if (point.getLabels().equals(wanted)) {
        return point.getValue();
      }
    }
    return 0;
  }

  /**
   * Reads the observation count of an unlabelled histogram from {@code registry}.
   *
   * @param registry the registry
   * @param name the histogram's name
   * @return the count, {@code 0} if nothing was observed
   */
  public static long histogramCount(PrometheusRegistry registry, String name) {
    HistogramSnapshot snapshot = (HistogramSnapshot) metric(registry, name);
    return snapshot.getDataPoints().isEmpty() ? 0 : snapshot.getDataPoints().get(0).getCount();
  }

  /**
   * Reads the observation sum of an unlabelled histogram from {@code registry}.
   *
   * @param registry the registry
   * @param name the histogram's name
   * @return the sum in seconds
   */
  public static double histogramSum(PrometheusRegistry registry, String name) {
    return ((HistogramSnapshot) metric(registry, name)).getDataPoints().get(0).getSum();
  }

  private static MetricSnapshot metric(PrometheusRegistry registry, String name) {
    return registry.scrape(name::equals).stream()
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }
}
