package io.github.promasync.vertx.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.vertx.core.AsyncResult;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * The contenders of {@link InstrumentBenchmark} written by hand: what a careful user writes
 * without a library. The {@code Handler<AsyncResult>} form is the one most code uses; the
 * {@link Completable} form skips the adapter Vert.x 5 allocates around such a handler.
 */
final class Handwritten {

  private Handwritten() {
  }

  static Future<String> time(Histogram histogram, Future<String> future) {
    long start = System.nanoTime();
    Handler<AsyncResult<String>> listener = ar -> histogram.observe(
        (System.nanoTime() - start) / InstrumentBenchmark.NANOS_PER_SECOND);
    return future.onComplete(listener);
  }

  static Future<String> timeCompletable(Histogram histogram, Future<String> future) {
    long start = System.nanoTime();
    Completable<String> listener = (value, failure) -> histogram.observe(
        (System.nanoTime() - start) / InstrumentBenchmark.NANOS_PER_SECOND);
    return future.onComplete(listener);
  }

  static Future<String> count(Counter counter, Future<String> future) {
    Handler<AsyncResult<String>> listener = ar -> {
      if (ar.failed()) {
        counter.inc();
      }
    };
    return future.onComplete(listener);
  }

  static Future<String> countCompletable(Counter counter, Future<String> future) {
    Completable<String> listener = (value, failure) -> {
      if (failure != null) {
        counter.inc();
      }
    };
    return future.onComplete(listener);
  }

  static Future<String> track(Gauge gauge, Future<String> future) {
    gauge.inc();
    Handler<AsyncResult<String>> listener = ar -> gauge.dec();
    return future.onComplete(listener);
  }

  static Future<String> trackCompletable(Gauge gauge, Future<String> future) {
    gauge.inc();
    Completable<String> listener = (value, failure) -> gauge.dec();
    return future.onComplete(listener);
  }

  /** Micrometer's way: a sample started now, stopped into the timer when the future completes. */
  static Future<String> micrometerTime(MeterRegistry registry, Timer timer, Future<String> future) {
    Timer.Sample sample = Timer.start(registry);
    Handler<AsyncResult<String>> listener = ar -> sample.stop(timer);
    return future.onComplete(listener);
  }
}
