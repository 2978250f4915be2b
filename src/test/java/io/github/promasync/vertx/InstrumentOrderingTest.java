package io.github.promasync.vertx;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Labels;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener added to what a verb returns sees the metric recorded: for every shape, every way the
 * operation can complete, success and failure, on an event loop, a worker and (Java 21+) a
 * virtual thread.
 *
 * <p>The hard cases are made deterministic rather than left to chance: where the operation
 * completes on another thread, the metric holds that thread inside the recording (a gate) until
 * the listener has been added, so a listener that could run before the recording does so every
 * time.
 */
class InstrumentOrderingTest {

  private static final long WAIT_SECONDS = 10;
  private static final IllegalStateException BOOM = new IllegalStateException("boom");

  private static Vertx vertx;

  /** How a verb is applied; each returns something a listener can be added to. */
  enum Shape {
    FUTURE, PROMISE, HANDLER, SUPPLIER_OF_FUTURE, SUPPLIER_OF_COMPLETION_STAGE
  }

  /** How and where the operation completes, relative to the thread that wraps and listens. */
  enum Completion {
    /**
     * The reproduction: a future of the context (from {@code executeBlocking}) completed
     * on another thread; the listener is added on the context's thread before the context runs
     * the future's listeners.
     */
    CONTEXT_FUTURE_FROM_ANOTHER_THREAD,
    /** A context-less promise (or a CompletableFuture) completed on another thread. */
    FROM_ANOTHER_THREAD,
    /** Completed on the context's own thread, before the listener is added. */
    ON_THE_CONTEXT_THREAD,
    /** Complete before the verb wraps it. */
    ALREADY_COMPLETE
  }

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    vertx.close().await();
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Shape shape : Shape.values()) {
      for (Completion completion : Completion.values()) {
        // No public API makes a promise or a CompletionStage bound to a context.
        boolean contextBound = completion == Completion.CONTEXT_FUTURE_FROM_ANOTHER_THREAD;
        if (contextBound
            && (shape == Shape.PROMISE || shape == Shape.SUPPLIER_OF_COMPLETION_STAGE)) {
          continue;
        }
        cases.add(Arguments.of(shape, completion, false));
        cases.add(Arguments.of(shape, completion, true));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, {1}, failing: {2}")
  @MethodSource("cases")
  void onAnEventLoop(Shape shape, Completion completion, boolean fail) throws Exception {
    Context context = deployedContext(ThreadingModel.EVENT_LOOP);
    assertThat(context.isEventLoopContext()).isTrue();

    assertListenerSeesTheMetric(context, shape, completion, fail);
  }

  @ParameterizedTest(name = "{0}, {1}, failing: {2}")
  @MethodSource("cases")
  void onAWorker(Shape shape, Completion completion, boolean fail) throws Exception {
    Context context = deployedContext(ThreadingModel.WORKER);
    assertThat(context.isWorkerContext()).isTrue();

    assertListenerSeesTheMetric(context, shape, completion, fail);
  }

  // CI runs the tests on Temurin 25 too, where this runs; `.ci/run` checks that it did.
  @EnabledForJreRange(min = JRE.JAVA_21)
  @ParameterizedTest(name = "{0}, {1}, failing: {2}")
  @MethodSource("cases")
  void onAVirtualThread(Shape shape, Completion completion, boolean fail) throws Exception {
    Context context = deployedContext(ThreadingModel.VIRTUAL_THREAD);
    assertThat(context.threadingModel()).isEqualTo(ThreadingModel.VIRTUAL_THREAD);

    assertListenerSeesTheMetric(context, shape, completion, fail);
  }

  @ParameterizedTest
  @EnumSource(value = Completion.class, names = {"CONTEXT_FUTURE_FROM_ANOTHER_THREAD", "FROM_ANOTHER_THREAD"})
  void stackedVerbsAreAllRecordedBeforeTheListenerRuns(Completion completion) throws Exception {
    Context context = deployedContext(ThreadingModel.EVENT_LOOP);
    Counter c = Counter.builder().name("op_errors_total").help("errors").build();
    Gauge g = Gauge.builder().name("op_in_progress").help("in progress").build();
    GatedHistogram h = new GatedHistogram(true);
    CompletableFuture<String> seen = new CompletableFuture<>();

    context.runOnContext(v -> {
      try {
        Operation op = new Operation(context, completion, true);
        // The histogram is the innermost verb: its gate holds back the outer two as well.
        Future<Integer> measured = Instrument.trackInProgress(g,
            Instrument.countExceptions(c, Instrument.time(h, op.future())));
        op.finish();
        measured.onComplete((value, failure) ->
            seen.complete(h.getCount() + "/" + c.get() + "/" + g.get() + "/" + (failure == BOOM)));
        h.open();
      } catch (Throwable t) {
        seen.completeExceptionally(t);
      }
    });

    assertThat(seen.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("1/1.0/0.0/true");
  }

  private static void assertListenerSeesTheMetric(
      Context context, Shape shape, Completion completion, boolean fail) throws Exception {
    boolean anotherThread = completion == Completion.CONTEXT_FUTURE_FROM_ANOTHER_THREAD
        || completion == Completion.FROM_ANOTHER_THREAD;
    GatedHistogram metric = new GatedHistogram(anotherThread);
    CompletableFuture<Seen> seen = new CompletableFuture<>();

    context.runOnContext(v -> {
      try {
        Operation op = new Operation(context, completion, fail);
        Listenable measured = measure(shape, metric, op);
        op.finish();
        measured.listen((value, failure) -> seen.complete(
            new Seen(metric.getCount(), value, failure, Vertx.currentContext() == context)));
        metric.open();
      } catch (Throwable t) {
        seen.completeExceptionally(t);
      }
    });

    Seen result = seen.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(result.count).as("observations when the listener ran").isEqualTo(1);
    if (fail) {
      assertThat(result.failure).isSameAs(BOOM);
      assertThat(result.value).isNull();
    } else {
      assertThat(result.failure).isNull();
      assertThat(result.value).isEqualTo(1);
    }
    if (completion == Completion.CONTEXT_FUTURE_FROM_ANOTHER_THREAD) {
      // What returning a new future must not change: its listeners run on the context.
      assertThat(result.onContext).as("listener ran on the future's context").isTrue();
    }
    assertThat(metric.getCount()).isEqualTo(1);
  }

  private static Listenable measure(Shape shape, DistributionDataPoint metric, Operation op) {
    switch (shape) {
      case FUTURE: {
        Future<Integer> f = Instrument.time(metric, op.future());
        return l -> f.onComplete(l::accept);
      }
      case PROMISE: {
        Promise<Integer> p = Instrument.time(metric, op.promise);
        // The operation completes what the verb returned, as a caller of this shape does.
        op.completer = p;
        return l -> p.future().onComplete(l::accept);
      }
      case HANDLER: {
        Future<Integer> f = Future.future(Instrument.time(metric, p -> op.future().onComplete(p)));
        return l -> f.onComplete(l::accept);
      }
      case SUPPLIER_OF_FUTURE: {
        Future<Integer> f = Instrument.time(metric, op::future).get();
        return l -> f.onComplete(l::accept);
      }
      case SUPPLIER_OF_COMPLETION_STAGE: {
        CompletionStage<Integer> s = Instrument.time(metric, op::stage).get();
        return l -> s.whenComplete(l);
      }
      default:
        throw new AssertionError(shape);
    }
  }

  private static Context deployedContext(ThreadingModel model) {
    CompletableFuture<Context> deployed = new CompletableFuture<>();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        deployed.complete(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setThreadingModel(model)).await();
    return deployed.join();
  }

  /** Something a listener can be added to: a Vert.x future or a CompletionStage. */
  @FunctionalInterface
  interface Listenable {
    void listen(BiConsumer<Integer, Throwable> listener);
  }

  /** What the listener saw. */
  private static final class Seen {
    final long count;
    final Integer value;
    final Throwable failure;
    final boolean onContext;

    Seen(long count, Integer value, Throwable failure, boolean onContext) {
      this.count = count;
      this.value = value;
      this.failure = failure;
      this.onContext = onContext;
    }
  }

  /** The measured operation, created on the context's thread. */
  private static final class Operation {

    private final Completion completion;
    private final boolean fail;
    private final CountDownLatch release = new CountDownLatch(1);
    private final Future<Integer> bound;
    final Promise<Integer> promise = Promise.promise();
    private final CompletableFuture<Integer> stage = new CompletableFuture<>();
    Promise<Integer> completer = promise;
    boolean usesStage;

    Operation(Context context, Completion completion, boolean fail) {
      this.completion = completion;
      this.fail = fail;
      if (completion == Completion.CONTEXT_FUTURE_FROM_ANOTHER_THREAD) {
        // Bound to the calling context, completed on a worker thread.
        bound = context.executeBlocking(() -> {
          if (!release.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("never released");
          }
          if (fail) {
            throw BOOM;
          }
          return 1;
        });
      } else {
        bound = null;
      }
      if (completion == Completion.ALREADY_COMPLETE) {
        // Both, as the shape is not known yet; nothing listens to either.
        usesStage = true;
        complete();
        usesStage = false;
        complete();
      }
    }

    Future<Integer> future() {
      return bound != null ? bound : promise.future();
    }

    CompletionStage<Integer> stage() {
      usesStage = true;
      return stage;
    }

    /** Completes the operation as {@link #completion} says, and returns once it is complete. */
    void finish() {
      switch (completion) {
        case CONTEXT_FUTURE_FROM_ANOTHER_THREAD:
          release.countDown();
          awaitOnThisThread(bound::isComplete);
          break;
        case FROM_ANOTHER_THREAD:
          new Thread(this::complete, "completer").start();
          awaitOnThisThread(() -> usesStage ? stage.isDone() : promise.future().isComplete());
          break;
        case ON_THE_CONTEXT_THREAD:
          complete();
          break;
        default:
          break;
      }
    }

    private void complete() {
      if (usesStage) {
        if (fail) {
          stage.completeExceptionally(BOOM);
        } else {
          stage.complete(1);
        }
      } else if (fail) {
        completer.fail(BOOM);
      } else {
        completer.complete(1);
      }
    }

    // Deliberately holds the context's thread: what must not run before the listener is added
    // (the context's queued tasks) cannot run while it waits. The wait is a few milliseconds.
    private static void awaitOnThisThread(BooleanSupplier done) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (!done.getAsBoolean()) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("the operation did not complete");
        }
        Thread.onSpinWait();
      }
    }
  }

  /**
   * A histogram whose {@code observe} can hold the recording thread until {@link #open()}: the
   * window in which a listener that does not wait for the recording would run.
   */
  static final class GatedHistogram implements DistributionDataPoint {

    private final Histogram histogram = Histogram.builder().name("op_seconds").help("op").build();
    private final CountDownLatch gate;

    GatedHistogram(boolean closed) {
      gate = new CountDownLatch(closed ? 1 : 0);
    }

    void open() {
      gate.countDown();
    }

    @Override
    public void observe(double value) {
      try {
        if (!gate.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new AssertionError("gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      histogram.observe(value);
    }

    @Override
    public void observeWithExemplar(double value, Labels labels) {
      observe(value);
    }

    @Override
    public long getCount() {
      return histogram.getCount();
    }

    @Override
    public double getSum() {
      return histogram.getSum();
    }
  }
}
