package io.github.promasync.vertx;

import io.github.promasync.vertx.impl.Forms;
import io.github.promasync.vertx.impl.Meters;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Three verbs that measure asynchronous operations into Prometheus metrics: {@code time},
 * {@code countExceptions} and {@code trackInProgress}, the Vert.x port of
 * {@code prometheus_async.tx}.
 *
 * <pre>{@code
 * Histogram latency = Histogram.builder().name("fetch_seconds").help("fetch latency").register();
 * Counter failures = Counter.builder().name("fetch_failures_total").help("fetch failures").register();
 *
 * Future<Buffer> body = Instrument.time(latency, client.fetch());           // a Future
 * Future<Buffer> same = Future.future(Instrument.countExceptions(failures,  // a Handler<Promise>
 *     promise -> client.fetch(promise)));
 * Supplier<Future<Buffer>> fetch = Instrument.time(latency, () -> client.fetch()); // a decorator
 * }</pre>
 *
 * <p>Each verb takes the metric first and the operation second, in four shapes: a {@link Future},
 * a {@link Promise} the caller completes later, a {@code Handler<Promise<T>>} (as
 * {@link Future#future(Handler)} takes) and a {@link Supplier} whose result may be asynchronous
 * or a plain value. The metric parameter is a client_java data point, so a {@code Histogram}, a
 * {@code Summary}, a {@code Counter}, a {@code Gauge} and their {@code labelValues(...)} children
 * all fit.
 *
 * <p>A supplier's result counts as asynchronous when it is a Vert.x {@link Future} or a
 * {@link java.util.concurrent.CompletionStage} (a {@code CompletableFuture}, a client library's
 * future): it is measured until it completes. Any other result, {@code null} included, is measured
 * until {@code get()} returns. For a pending {@code Future} the measured {@code get()} returns a
 * new {@code Future} and for a pending {@code CompletableFuture} (the class itself) a new
 * {@code CompletableFuture}, each completing like the original once the metric is recorded
 * (cancelling the new {@code CompletableFuture} cancels the original). Subtypes it cannot stand in
 * for ({@link io.vertx.core.CompositeFuture}, {@link io.vertx.core.Timer}, subclasses of
 * {@code CompletableFuture}, other {@code CompletionStage} implementations) are returned as they
 * are: measured to their completion too, but their listeners may run before the recording. A
 * {@code CompletionException} is counted by {@code countExceptions} as the failure it wraps.
 *
 * <p>Contract, for every verb and shape:
 * <ul>
 *   <li>The start point is the wrapping call for the {@code Future} and {@code Promise} shapes, each
 *   {@code handle(promise)} for the handler shape and each {@code get()} for the supplier shape.</li>
 *   <li>The end is recorded exactly once, when the operation succeeds or fails. Durations are in
 *   seconds, read from {@link System#nanoTime()}.</li>
 *   <li>The outcome is unchanged: the same value, the same {@code Throwable} instance. A metric that
 *   throws is logged, never propagated: the first failure of each metric with its stack trace,
 *   later ones at most once a minute as one line with a count, under the logger
 *   {@code io.github.promasync.vertx.Instrument} (the JDK's {@code System.Logger}). A
 *   {@link VirtualMachineError} thrown by a metric is not caught: it is thrown from the verb, or
 *   fails the returned future when it happens at completion.</li>
 *   <li>Listeners added to what a verb returns see the metric already recorded, whichever thread
 *   completes the operation and whichever adds the listener; so do all listeners of the promise
 *   given to a measured handler. To keep that promise, a verb given a pending {@code Future}
 *   returns a new one on the same context (so its listeners run where the original's would),
 *   completed with the same value or {@code Throwable} after the recording, and a verb given a
 *   pending {@code Promise} returns a new {@code Promise} that completes the original and whose
 *   {@code future()} completes after the recording. Listeners added to the original future itself
 *   are not ordered. A future or promise already complete at wrap time is recorded at once and
 *   returned as it is.</li>
 *   <li>A synchronous throw from a measured handler or supplier is recorded as a failure: the handler
 *   shape then fails its promise with it, the supplier shape rethrows it.</li>
 *   <li>Verbs stack: {@code time(h, countExceptions(c, trackInProgress(g, future)))} records all
 *   three. Any thread may call them.</li>
 *   <li>A {@code null} argument throws {@link NullPointerException} naming the parameter, at wrap
 *   time.</li>
 * </ul>
 */
public final class Instrument {

  private static final Meters METERS = Meters.SYSTEM;

  private Instrument() {
  }

  // --- time -----------------------------------------------------------------------------------

  /**
   * Observes the seconds from now until {@code future} completes, successfully or not.
   *
   * @param metric the histogram or summary (or a labelled child) to observe into
   * @param future the operation
   * @param <T> the result type
   * @return {@code future} itself if already complete, otherwise a future that completes like it
   *     once the observation is made
   */
  public static <T> Future<T> time(DistributionDataPoint metric, Future<T> future) {
    return Forms.future(requireNonNull(future, "future"), METERS.startTiming(metric));
  }

  /**
   * Observes the seconds from now until {@code promise} is completed, successfully or not.
   *
   * @param metric the histogram or summary (or a labelled child) to observe into
   * @param promise the operation, which the caller completes later
   * @param <T> the result type
   * @return {@code promise} itself if already complete, otherwise a promise that completes it and
   *     whose future completes once the metric is recorded
   */
  public static <T> Promise<T> time(DistributionDataPoint metric, Promise<T> promise) {
    return Forms.promise(requireNonNull(promise, "promise"), METERS.startTiming(metric));
  }

  /**
   * Observes, for each {@code handle(promise)}, the seconds until that promise is completed.
   *
   * @param metric the histogram or summary (or a labelled child) to observe into
   * @param handler the operation, which completes the promise it is given
   * @param <T> the result type
   * @return the measured operation
   */
  public static <T> Handler<Promise<T>> time(DistributionDataPoint metric, Handler<Promise<T>> handler) {
    return Forms.handler(METERS.time(metric), handler);
  }

  /**
   * Observes, for each {@code get()}, the seconds until its asynchronous result (a {@link Future}
   * or a {@code CompletionStage}) completes, or until {@code get()} returns when the result is not
   * asynchronous.
   *
   * @param metric the histogram or summary (or a labelled child) to observe into
   * @param supplier the operation
   * @param <T> the result type: a {@code Future}, a {@code CompletionStage} or a plain value
   * @return the measured operation
   */
  public static <T> Supplier<T> time(DistributionDataPoint metric, Supplier<T> supplier) {
    return Forms.supplier(METERS.time(metric), supplier);
  }

  // --- countExceptions ------------------------------------------------------------------------

  /**
   * Increments {@code metric} once if {@code future} fails.
   *
   * @param metric the counter (or a labelled child) to increment
   * @param future the operation
   * @param <T> the result type
   * @return {@code future} itself if already complete, otherwise a future that completes like it
   *     once the metric is recorded
   */
  public static <T> Future<T> countExceptions(CounterDataPoint metric, Future<T> future) {
    return countExceptions(metric, Throwable.class, future);
  }

  /**
   * Increments {@code metric} once if {@code future} fails with an instance of {@code type}.
   *
   * @param metric the counter (or a labelled child) to increment
   * @param type the failures to count
   * @param future the operation
   * @param <T> the result type
   * @return {@code future} itself if already complete, otherwise a future that completes like it
   *     once the metric is recorded
   */
  public static <T> Future<T> countExceptions(CounterDataPoint metric, Class<? extends Throwable> type,
                                              Future<T> future) {
    return Forms.future(requireNonNull(future, "future"), METERS.exceptionCounting(metric, type));
  }

  /**
   * Increments {@code metric} once if {@code promise} is failed.
   *
   * @param metric the counter (or a labelled child) to increment
   * @param promise the operation, which the caller completes later
   * @param <T> the result type
   * @return {@code promise} itself if already complete, otherwise a promise that completes it and
   *     whose future completes once the metric is recorded
   */
  public static <T> Promise<T> countExceptions(CounterDataPoint metric, Promise<T> promise) {
    return countExceptions(metric, Throwable.class, promise);
  }

  /**
   * Increments {@code metric} once if {@code promise} is failed with an instance of {@code type}.
   *
   * @param metric the counter (or a labelled child) to increment
   * @param type the failures to count
   * @param promise the operation, which the caller completes later
   * @param <T> the result type
   * @return {@code promise} itself if already complete, otherwise a promise that completes it and
   *     whose future completes once the metric is recorded
   */
  public static <T> Promise<T> countExceptions(CounterDataPoint metric, Class<? extends Throwable> type,
                                               Promise<T> promise) {
    return Forms.promise(requireNonNull(promise, "promise"), METERS.exceptionCounting(metric, type));
  }

  /**
   * Increments {@code metric} once for each {@code handle(promise)} whose promise fails.
   *
   * @param metric the counter (or a labelled child) to increment
   * @param handler the operation, which completes the promise it is given
   * @param <T> the result type
   * @return the measured operation
   */
  public static <T> Handler<Promise<T>> countExceptions(CounterDataPoint metric, Handler<Promise<T>> handler) {
    return countExceptions(metric, Throwable.class, handler);
  }

  /**
   * Increments {@code metric} once for each {@code handle(promise)} whose promise fails with an
   * instance of {@code type}.
   *
   * @param metric the counter (or a labelled child) to increment
   * @param type the failures to count
   * @param handler the operation, which completes the promise it is given
   * @param <T> the result type
   * @return the measured operation
   */
  public static <T> Handler<Promise<T>> countExceptions(CounterDataPoint metric, Class<? extends Throwable> type,
                                                        Handler<Promise<T>> handler) {
    return Forms.handler(METERS.countExceptions(metric, type), handler);
  }

  /**
   * Increments {@code metric} once for each {@code get()} that throws, or whose asynchronous result
   * fails.
   *
   * @param metric the counter (or a labelled child) to increment
   * @param supplier the operation
   * @param <T> the result type: a {@code Future}, a {@code CompletionStage} or a plain value
   * @return the measured operation
   */
  public static <T> Supplier<T> countExceptions(CounterDataPoint metric, Supplier<T> supplier) {
    return countExceptions(metric, Throwable.class, supplier);
  }

  /**
   * Increments {@code metric} once for each {@code get()} that throws, or whose asynchronous result
   * fails, with an instance of {@code type}.
   *
   * @param metric the counter (or a labelled child) to increment
   * @param type the failures to count
   * @param supplier the operation
   * @param <T> the result type: a {@code Future}, a {@code CompletionStage} or a plain value
   * @return the measured operation
   */
  public static <T> Supplier<T> countExceptions(CounterDataPoint metric, Class<? extends Throwable> type,
                                                Supplier<T> supplier) {
    return Forms.supplier(METERS.countExceptions(metric, type), supplier);
  }

  // --- trackInProgress ------------------------------------------------------------------------

  /**
   * Increments {@code metric} now and decrements it once when {@code future} completes.
   *
   * @param metric the gauge (or a labelled child) of operations in progress
   * @param future the operation
   * @param <T> the result type
   * @return {@code future} itself if already complete, otherwise a future that completes like it
   *     once the metric is recorded
   */
  public static <T> Future<T> trackInProgress(GaugeDataPoint metric, Future<T> future) {
    return Forms.future(requireNonNull(future, "future"), METERS.startTracking(metric));
  }

  /**
   * Increments {@code metric} now and decrements it once when {@code promise} is completed.
   *
   * @param metric the gauge (or a labelled child) of operations in progress
   * @param promise the operation, which the caller completes later
   * @param <T> the result type
   * @return {@code promise} itself if already complete, otherwise a promise that completes it and
   *     whose future completes once the metric is recorded
   */
  public static <T> Promise<T> trackInProgress(GaugeDataPoint metric, Promise<T> promise) {
    return Forms.promise(requireNonNull(promise, "promise"), METERS.startTracking(metric));
  }

  /**
   * Increments {@code metric} at each {@code handle(promise)} and decrements it once when that
   * promise is completed.
   *
   * @param metric the gauge (or a labelled child) of operations in progress
   * @param handler the operation, which completes the promise it is given
   * @param <T> the result type
   * @return the measured operation
   */
  public static <T> Handler<Promise<T>> trackInProgress(GaugeDataPoint metric, Handler<Promise<T>> handler) {
    return Forms.handler(METERS.trackInProgress(metric), handler);
  }

  /**
   * Increments {@code metric} at each {@code get()} and decrements it once when its asynchronous
   * result completes, or when {@code get()} returns any other value or throws.
   *
   * @param metric the gauge (or a labelled child) of operations in progress
   * @param supplier the operation
   * @param <T> the result type: a {@code Future}, a {@code CompletionStage} or a plain value
   * @return the measured operation
   */
  public static <T> Supplier<T> trackInProgress(GaugeDataPoint metric, Supplier<T> supplier) {
    return Forms.supplier(METERS.trackInProgress(metric), supplier);
  }
}
