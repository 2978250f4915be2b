package io.github.promasync.vertx.impl;

import io.vertx.core.AsyncResult;
import io.vertx.core.Completable;
import io.vertx.core.Future;

import java.util.function.Function;

/**
 * The end of one measured operation: the listener of the operation's future, the mapper of the
 * future a verb returns in its place, or called directly when the operation finished
 * synchronously.
 *
 * <p>It is a {@link Completable} so that {@code future.onComplete(recording)} adds it as a
 * listener as it is, without the wrapper Vert.x puts around a {@code Handler<AsyncResult>}; and a
 * {@link Function} from the outcome to the same outcome, so that
 * {@code future.transform(recording)} makes, in one step, a future on the operation's context that
 * completes only once the metric is recorded.
 *
 * <p>Public because {@code Instrument} passes it between {@link Meters} and {@link Forms}.
 */
public abstract class Recording implements Completable<Object>, Function<AsyncResult<Object>, Future<Object>> {

  /**
   * Records the outcome; a metric that throws is logged (see {@link MetricFailures}) and never
   * reaches the caller's future or the listeners after this one, unless it is a
   * {@link VirtualMachineError}.
   */
  @Override
  public final void complete(Object result, Throwable failure) {
    try {
      record(failure);
    } catch (Throwable t) {
      ThrottledLog.rethrowIfFatal(t);
      MetricFailures.failed(metric(), t);
    }
  }

  /**
   * Records {@code outcome} and hands it on unchanged, for {@link Future#transform(Function)}:
   * the transformed future completes with the same value or the same {@code Throwable}.
   *
   * @param outcome the operation's outcome
   * @return {@code outcome} as a future
   */
  @Override
  public final Future<Object> apply(AsyncResult<Object> outcome) {
    complete(null, outcome.cause());
    if (outcome instanceof Future) {
      // What Vert.x's transform passes: an already completed future, listened to at once.
      return (Future<Object>) outcome;
    }
    return outcome.succeeded()
        ? Future.succeededFuture(outcome.result())
        : Future.failedFuture(outcome.cause());
  }

  /**
   * Records the end of the operation.
   *
   * @param failure the operation's failure, {@code null} when it succeeded
   */
  protected abstract void record(Throwable failure);

  /**
   * Returns the metric this recording writes to, to name it in the log when it throws.
   *
   * @return the data point
   */
  protected abstract Object metric();
}
