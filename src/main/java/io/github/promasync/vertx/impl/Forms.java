package io.github.promasync.vertx.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The four shapes an operation comes in, and where each one starts and ends a {@link Recording}:
 * the one core behind every verb of {@code Instrument}. The {@code Future} and {@code Promise}
 * shapes take a recording already started (the wrapping call is their start point); the handler
 * and supplier shapes take a {@link Meter} and start one recording per call.
 */
public final class Forms {

  private Forms() {
  }

  /**
   * Records {@code recording} when {@code future} completes. The listener is registered before the
   * future is handed back, so listeners the caller adds afterwards see the metric recorded.
   *
   * @param future the operation, checked for {@code null} by the caller before starting
   * @param recording the started operation's end
   * @param <T> the result type
   * @return {@code future} itself
   */
  public static <T> Future<T> future(Future<T> future, Recording recording) {
    future.onComplete(recording);
    return future;
  }

  /**
   * Records {@code recording} when {@code promise} is completed.
   *
   * @param promise the operation, checked for {@code null} by the caller before starting
   * @param recording the started operation's end
   * @param <T> the result type
   * @return {@code promise} itself
   */
  public static <T> Promise<T> promise(Promise<T> promise, Recording recording) {
    promise.future().onComplete(recording);
    return promise;
  }

  /**
   * Starts at each {@code handle(promise)} and records when that promise is completed, or when
   * {@code operation} throws: then the promise is failed with what it threw.
   *
   * @param meter the verb
   * @param operation the operation
   * @param <T> the result type
   * @return the measured operation
   */
  public static <T> Handler<Promise<T>> handler(Meter meter, Handler<Promise<T>> operation) {
    Objects.requireNonNull(operation, "handler");
    return promise -> {
      // The operation completes its own promise; ours is completed after recording, so that
      // every listener of the caller's promise sees the metric, even one added before handle().
      Promise<T> inner = Promise.promise();
      Recording recording = meter.start();
      inner.future().onComplete((result, failure) -> {
        recording.complete(result, failure);
        if (failure == null) {
          promise.tryComplete(result);
        } else {
          promise.tryFail(failure);
        }
      });
      try {
        operation.handle(inner);
      } catch (Throwable t) {
        inner.tryFail(t);
      }
    };
  }

  /**
   * Starts at each {@code get()}; when it returns a {@link Future}, records at that future's
   * completion, otherwise at once. A throw is recorded and rethrown as it is.
   *
   * @param meter the verb
   * @param operation the operation
   * @param <T> the result type
   * @return the measured operation
   */
  public static <T> Supplier<T> supplier(Meter meter, Supplier<T> operation) {
    Objects.requireNonNull(operation, "supplier");
    return () -> {
      Recording recording = meter.start();
      T result;
      try {
        result = operation.get();
      } catch (Throwable t) {
        recording.complete(null, t);
        throw t;
      }
      if (result instanceof Future) {
        ((Future<?>) result).onComplete(recording);
      } else {
        recording.complete(result, null);
      }
      return result;
    };
  }
}
