package io.github.promasync.vertx;

import io.prometheus.metrics.core.metrics.Counter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code countExceptions}, in every shape. */
class InstrumentCountExceptionsTest {

  private Counter fc;

  @BeforeEach
  void setUp() {
    fc = Counter.builder().name("errors_total").help("errors").build();
  }

  @Test
  void doesNotCountSuccessfulFutureFromSupplier() {
    Supplier<Future<Integer>> func = Instrument.countExceptions(fc, () -> Future.succeededFuture(42));

    assertThat(func.get().result()).isEqualTo(42);
    assertThat(fc.get()).isZero();
  }

  @Test
  void doesNotCountSyncResultOfSupplier() {
    Supplier<Integer> func = Instrument.countExceptions(fc, () -> 42);

    assertThat(func.get()).isEqualTo(42);
    assertThat(fc.get()).isZero();
  }

  @Test
  void doesNotCountWrongExceptionFromSupplierFuture() {
    Supplier<Future<Integer>> func = Instrument.countExceptions(fc, IllegalArgumentException.class,
        () -> Future.failedFuture(new IllegalStateException()));

    assertThat(func.get().cause()).isInstanceOf(IllegalStateException.class);
    assertThat(fc.get()).isZero();
  }

  @Test
  void countsCorrectExceptionFromSupplierFuture() {
    Supplier<Future<Integer>> func = Instrument.countExceptions(fc, IllegalStateException.class,
        () -> Future.failedFuture(new IllegalStateException()));

    assertThat(func.get().failed()).isTrue();
    assertThat(fc.get()).isEqualTo(1.0);
  }

  @Test
  void countsSubclassesOfTheType() {
    Future<Void> f = Instrument.countExceptions(fc, RuntimeException.class,
        Future.failedFuture(new IllegalStateException()));

    assertThat(f.failed()).isTrue();
    assertThat(fc.get()).isEqualTo(1.0);
  }

  @Test
  void countsSynchronousThrowOfSupplierAndRethrowsIt() {
    IllegalStateException boom = new IllegalStateException("foo");
    Supplier<Future<Integer>> func = Instrument.countExceptions(fc, () -> {
      throw boom;
    });

    assertThatThrownBy(func::get).isSameAs(boom);
    assertThat(fc.get()).isEqualTo(1.0);
  }

  @Test
  void doesNotCountSynchronousThrowOfWrongType() {
    Supplier<Integer> func = Instrument.countExceptions(fc, IllegalArgumentException.class, () -> {
      throw new IllegalStateException();
    });

    assertThatThrownBy(func::get).isInstanceOf(IllegalStateException.class);
    assertThat(fc.get()).isZero();
  }

  @Test
  void doesNotCountSuccessfulFuture() {
    Future<Integer> f = Instrument.countExceptions(fc, Future.succeededFuture(42));

    assertThat(f.result()).isEqualTo(42);
    assertThat(fc.get()).isZero();
  }

  @Test
  void doesNotCountWrongExceptionFromFuture() {
    Promise<Integer> promise = Promise.promise();
    Future<Integer> f = Instrument.countExceptions(fc, IllegalArgumentException.class, promise.future());
    Exception exc = new Exception();

    promise.fail(exc);

    assertThat(f.cause()).isSameAs(exc);
    assertThat(fc.get()).isZero();
  }

  @Test
  void countsCorrectExceptionFromFuture() {
    Promise<Integer> promise = Promise.promise();
    Future<Integer> f = Instrument.countExceptions(fc, IllegalArgumentException.class, promise.future());
    IllegalArgumentException exc = new IllegalArgumentException();

    promise.fail(exc);

    assertThat(f.cause()).isSameAs(exc);
    assertThat(fc.get()).isEqualTo(1.0);
  }

  @Test
  void countsFailedPromiseOnce() {
    Promise<Integer> promise = Instrument.countExceptions(fc, Promise.promise());

    promise.fail("first");
    assertThat(promise.tryFail("second")).isFalse();
    assertThat(promise.tryComplete(1)).isFalse();

    assertThat(fc.get()).isEqualTo(1.0);
  }

  @Test
  void countsEachFailedHandle() {
    Handler<Promise<Integer>> op = Instrument.countExceptions(fc, IllegalStateException.class,
        p -> p.fail(new IllegalStateException()));

    assertThat(Future.future(op).failed()).isTrue();
    assertThat(Future.future(op).failed()).isTrue();
    assertThat(fc.get()).isEqualTo(2.0);
  }

  @Test
  void failsPromiseWithSynchronousThrowOfHandlerAndCountsIt() {
    IllegalStateException boom = new IllegalStateException("boom");
    Handler<Promise<Integer>> op = Instrument.countExceptions(fc, p -> {
      throw boom;
    });

    Future<Integer> f = Future.future(op);

    assertThat(f.cause()).isSameAs(boom);
    assertThat(fc.get()).isEqualTo(1.0);
  }

  @Test
  void countsIntoLabelledChild() {
    Counter labelled = Counter.builder().name("by_route_errors_total").help("e").labelNames("route").build();

    Instrument.countExceptions(labelled.labelValues("/a"), Future.failedFuture("x"));

    assertThat(labelled.labelValues("/a").get()).isEqualTo(1.0);
    assertThat(labelled.labelValues("/b").get()).isZero();
  }
}
