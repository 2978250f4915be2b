package io.github.promasync.vertx.impl;

import io.vertx.core.AsyncResult;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Timer;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The four shapes an operation comes in, and where each one starts and ends a {@link Recording}:
 * the one core behind every verb of {@code Instrument}. The {@code Future} and {@code Promise}
 * shapes take a recording already started (the wrapping call is their start point); the handler
 * and supplier shapes take a {@link Meter} and start one recording per call.
 *
 * <p>Why a pending future is not handed back as it is: a listener registered first is not
 * necessarily called first. Vert.x 5 runs the listeners of a future bound to a context, completed
 * from another thread, as a task on that context, while a listener added on the context's own
 * thread to a completed future runs at once, before that task; and a context-less future
 * completed on one thread calls a listener added on another thread at once, while the completing
 * thread may not have reached the recording yet. So the verbs return
 * {@code future.transform(recording)}: a future on the same context (Vert.x's operators keep the
 * source's context, which is not public API otherwise), completed with the same value or the same
 * {@code Throwable}, but only after the recording ran, whichever thread completes what. A future
 * already complete at wrap time is recorded at once and returned as it is, without any
 * allocation.
 *
 * <p>Public because {@code Instrument}, in another package, calls it.
 */
public final class Forms {

  private Forms() {
  }

  /**
   * Records {@code recording} when {@code future} completes.
   *
   * @param future the operation, checked for {@code null} by the caller before starting
   * @param recording the started operation's end
   * @param <T> the result type
   * @return {@code future} itself if it is already complete (then recorded at once), otherwise a
   *     future on its context that completes like it once the metric is recorded
   */
  public static <T> Future<T> future(Future<T> future, Recording recording) {
    if (future.isComplete()) {
      recording.complete(null, future.cause());
      return future;
    }
    return future.transform(relay(recording));
  }

  /**
   * Records {@code recording} when {@code promise} is completed.
   *
   * @param promise the operation, checked for {@code null} by the caller before starting
   * @param recording the started operation's end
   * @param <T> the result type
   * @return {@code promise} itself if it is already complete (then recorded at once), otherwise a
   *     promise that completes {@code promise} and whose {@link Promise#future()} completes like
   *     it once the metric is recorded
   */
  public static <T> Promise<T> promise(Promise<T> promise, Recording recording) {
    Future<T> future = promise.future();
    if (future.isComplete()) {
      recording.complete(null, future.cause());
      return promise;
    }
    return new MeasuredPromise<>(promise, future.transform(relay(recording)));
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
   * Starts at each {@code get()}; when it returns an asynchronous result (a Vert.x
   * {@link Future} or a {@link CompletionStage}), records at its completion, otherwise at once. A
   * throw is recorded and rethrown as it is.
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
      return asynchronous(result, recording);
    };
  }

  // The supplier's T is erased: what replaces the result must be assignable to any T the caller
  // can have declared for it. A new Vert.x future fits T = Future<X>, but not the Future subtypes
  // CompositeFuture and Timer; a new CompletableFuture fits a CompletableFuture, not a subclass
  // (whose complete() may even refuse, as minimalCompletionStage()'s does). Results no stand-in
  // fits are returned as they are, recorded by a listener.
  @SuppressWarnings("unchecked")
  private static <T> T asynchronous(T result, Recording recording) {
    if (result instanceof Future) {
      Future<Object> future = (Future<Object>) result;
      if (future.isComplete()) {
        recording.complete(null, future.cause());
        return result;
      }
      if (result instanceof CompositeFuture || result instanceof Timer) {
        future.onComplete(recording);
        return result;
      }
      return (T) future.transform(recording);
    }
    if (result != null && result.getClass() == CompletableFuture.class) {
      CompletableFuture<Object> measured = new CompletableFuture<>();
      relay((CompletableFuture<Object>) result, measured, recording);
      return (T) measured;
    }
    if (result instanceof CompletionStage) {
      ((CompletionStage<Object>) result)
          .whenComplete((value, failure) -> recording.complete(value, causeOf(failure)));
      return result;
    }
    recording.complete(result, null);
    return result;
  }

  private static void relay(
      CompletableFuture<Object> source, CompletableFuture<Object> measured, Recording recording) {
    // The same Throwable object goes on: a CompletableFuture completed with completeExceptionally
    // stores it as it is, so measured's dependents, get() and join() see what source's would.
    source.whenComplete((result, failure) -> {
      recording.complete(result, causeOf(failure));
      if (failure == null) {
        measured.complete(result);
      } else {
        measured.completeExceptionally(failure);
      }
    });
    // Cancelling what the caller holds cancels the operation, as cancelling source would.
    measured.whenComplete((result, failure) -> {
      if (failure instanceof CancellationException && !source.isDone()) {
        source.cancel(false);
      }
    });
  }

  // A stage that failed because a stage it depends on failed carries a CompletionException around
  // the original failure; countExceptions counts by the original, as get() reports it.
  private static Throwable causeOf(Throwable failure) {
    if (failure instanceof CompletionException && failure.getCause() != null) {
      return failure.getCause();
    }
    return failure;
  }

  @SuppressWarnings("unchecked")
  private static <T> Function<AsyncResult<T>, Future<T>> relay(Recording recording) {
    // Recording maps an outcome to the same outcome whatever its type.
    return (Function<AsyncResult<T>, Future<T>>) (Function<?, ?>) recording;
  }

  /**
   * What the Promise shape returns: completing it completes the caller's promise; its future
   * completes only once the metric is recorded.
   */
  private static final class MeasuredPromise<T> implements Promise<T> {

    private final Promise<T> promise;
    private final Future<T> future;

    MeasuredPromise(Promise<T> promise, Future<T> future) {
      this.promise = promise;
      this.future = future;
    }

    @Override
    public boolean tryComplete(T result) {
      return promise.tryComplete(result);
    }

    @Override
    public boolean tryFail(Throwable cause) {
      return promise.tryFail(cause);
    }

    @Override
    public Future<T> future() {
      return future;
    }

    @Override
    public String toString() {
      return future.toString();
    }
  }
}
