package io.github.promasync.vertx;

import io.github.promasync.vertx.impl.Forms;
import io.github.promasync.vertx.impl.Meter;
import io.github.promasync.vertx.impl.Meters;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code time}, in every shape, on a clock that ticks one second per read, so each observation
 * is exactly 1.0 (prometheus_async's {@code patch_timer}).
 */
class InstrumentTimeTest {

  private Histogram histogram;
  private Meter timed;

  @BeforeEach
  void setUp() {
    histogram = Histogram.builder().name("req_time_seconds").help("time spent in requests").build();
    timed = new Meters(new TickingClock()).time(histogram);
  }

  @Test
  void timesSupplierWithSyncResult() {
    Supplier<Integer> func = Forms.supplier(timed, () -> 42);

    assertThat(func.get()).isEqualTo(42);
    assertObserved(1, 1.0);
  }

  @Test
  void timesSupplierReturningCompletedFuture() {
    Supplier<Future<Integer>> func = Forms.supplier(timed, () -> Future.succeededFuture(42));

    Future<Integer> rv = func.get();

    assertObserved(1, 1.0);
    assertThat(rv.result()).isEqualTo(42);
  }

  @Test
  void timesSupplierReturningPendingFuture() {
    Promise<Integer> promise = Promise.promise();
    Supplier<Future<Integer>> func = Forms.supplier(timed, promise::future);

    Future<Integer> rv = func.get();
    assertObserved(0, 0.0);

    promise.complete(42);
    assertThat(rv.result()).isEqualTo(42);
    assertObserved(1, 1.0);
  }

  @Test
  void doesNotSwallowExceptionsFromSupplierFuture() {
    IllegalArgumentException v = new IllegalArgumentException("foo");
    Supplier<Future<Integer>> func = Forms.supplier(timed, () -> Future.failedFuture(v));

    assertThat(func.get().cause()).isSameAs(v);
    assertObserved(1, 1.0);
  }

  @Test
  void timesFuture() {
    Promise<Integer> promise = Promise.promise();
    Future<Integer> d = Forms.future(promise.future(), timed.start());
    assertObserved(0, 0.0);

    promise.complete(42);

    assertThat(d.result()).isEqualTo(42);
    assertObserved(1, 1.0);
  }

  @Test
  void doesNotSwallowExceptionsFromFuture() {
    Promise<Integer> promise = Promise.promise();
    Future<Integer> d = Forms.future(promise.future(), timed.start());
    IllegalArgumentException v = new IllegalArgumentException("foo");

    promise.fail(v);

    assertThat(d.cause()).isSameAs(v);
    assertObserved(1, 1.0);
  }

  @Test
  void timesAlreadyCompletedFutureAtOnce() {
    Future<Integer> done = Future.succeededFuture(42);

    assertThat(Forms.future(done, timed.start())).isSameAs(done);
    assertObserved(1, 1.0);
  }

  @Test
  void timesPromiseUntilCompleted() {
    Promise<String> promise = Forms.promise(Promise.promise(), timed.start());
    assertObserved(0, 0.0);

    promise.complete("done");

    assertThat(promise.future().result()).isEqualTo("done");
    assertObserved(1, 1.0);
  }

  @Test
  void timesEachHandleOfHandler() {
    Handler<Promise<Integer>> op = Forms.handler(timed, p -> p.complete(7));

    assertThat(Future.future(op).result()).isEqualTo(7);
    assertThat(Future.future(op).result()).isEqualTo(7);
    assertObserved(2, 2.0);
  }

  @Test
  void startsHandlerClockAtHandleNotAtWrap() {
    Handler<Promise<Integer>> op = Forms.handler(timed, p -> p.complete(7));
    assertObserved(0, 0.0);

    Future.future(op);

    assertObserved(1, 1.0);
  }

  @Test
  void observesOnceWhenPromiseIsCompletedTwice() {
    Promise<Integer> promise = Forms.promise(Promise.promise(), timed.start());

    promise.complete(1);
    assertThat(promise.tryComplete(2)).isFalse();
    assertThat(promise.tryFail(new RuntimeException())).isFalse();

    assertObserved(1, 1.0);
  }

  @Test
  void observesAndRethrowsSynchronousThrowOfSupplier() {
    IllegalStateException boom = new IllegalStateException("boom");
    Supplier<Integer> func = Forms.supplier(timed, () -> {
      throw boom;
    });

    assertThatThrownBy(func::get).isSameAs(boom);
    assertObserved(1, 1.0);
  }

  @Test
  void observesSummariesAndLabelledChildren() {
    Summary summary = Summary.builder().name("s_seconds").help("s").build();
    Histogram labelled = Histogram.builder().name("l_seconds").help("l").labelNames("route").build();
    Meters meters = new Meters(new TickingClock());

    Forms.future(Future.succeededFuture(), meters.startTiming(summary));
    Forms.future(Future.succeededFuture(), meters.startTiming(labelled.labelValues("/a")));

    assertThat(summary.getCount()).isEqualTo(1);
    assertThat(summary.getSum()).isEqualTo(1.0);
    assertThat(labelled.labelValues("/a").getSum()).isEqualTo(1.0);
    assertThat(labelled.labelValues("/b").getCount()).isZero();
  }

  @Test
  void publicTimeObservesNanoTimeInSeconds() {
    Promise<Void> promise = Promise.promise();
    long before = System.nanoTime();
    Future<Void> f = Instrument.time(histogram, promise.future());
    promise.complete();
    long after = System.nanoTime();

    assertThat(f.succeeded()).isTrue();
    assertThat(histogram.getCount()).isEqualTo(1);
    assertThat(histogram.getSum()).isBetween(0.0, (after - before) / 1e9);
  }

  private void assertObserved(long count, double sum) {
    assertThat(histogram.getCount()).isEqualTo(count);
    assertThat(histogram.getSum()).isEqualTo(sum);
  }
}
