package io.github.promasync.vertx;

import io.prometheus.metrics.core.metrics.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code trackInProgress}, in every shape. */
class InstrumentTrackInProgressTest {

  private CallCountingGauge fg;

  @BeforeEach
  void setUp() {
    fg = new CallCountingGauge();
  }

  @Test
  void incsAndDecsAroundFuture() {
    Promise<Integer> promise = Promise.promise();
    Future<Integer> d = Instrument.trackInProgress(fg, promise.future());
    assertThat(fg.get()).isEqualTo(1.0);

    promise.complete(42);

    assertThat(d.result()).isEqualTo(42);
    assertThat(fg.get()).isZero();
  }

  @Test
  void incsAndDecsAroundFutureReturnedBySupplier() {
    Promise<Integer> promise = Promise.promise();
    Supplier<Future<Integer>> func = Instrument.trackInProgress(fg, promise::future);

    Future<Integer> rv = func.get();
    assertThat(fg.get()).isEqualTo(1.0);

    promise.complete(42);

    assertThat(rv.result()).isEqualTo(42);
    assertThat(fg.get()).isZero();
  }

  @Test
  void incsAndDecsAroundSyncValueOfSupplier() {
    Supplier<Integer> func = Instrument.trackInProgress(fg, () -> 42);

    assertThat(func.get()).isEqualTo(42);
    assertThat(fg.get()).isZero();
    assertThat(fg.calls()).isEqualTo(2);
  }

  @Test
  void decsOnFailure() {
    Promise<Integer> promise = Promise.promise();
    Future<Integer> d = Instrument.trackInProgress(fg, promise.future());
    RuntimeException boom = new RuntimeException("boom");

    promise.fail(boom);

    assertThat(d.cause()).isSameAs(boom);
    assertThat(fg.get()).isZero();
    assertThat(fg.calls()).isEqualTo(2);
  }

  @Test
  void decsOnceWhenPromiseIsCompletedTwice() {
    Promise<Integer> promise = Instrument.trackInProgress(fg, Promise.promise());
    assertThat(fg.get()).isEqualTo(1.0);

    promise.complete(1);
    promise.tryComplete(2);
    promise.tryFail("late");

    assertThat(fg.get()).isZero();
    assertThat(fg.calls()).isEqualTo(2);
  }

  @Test
  void incsAtEachHandleAndDecsAtItsCompletion() {
    Promise<Integer> gate = Promise.promise();
    Handler<Promise<Integer>> op = Instrument.trackInProgress(fg, p -> gate.future().onComplete(p));
    assertThat(fg.get()).isZero();

    Future<Integer> a = Future.future(op);
    Future<Integer> b = Future.future(op);
    assertThat(fg.get()).isEqualTo(2.0);

    gate.complete(5);

    assertThat(a.result()).isEqualTo(5);
    assertThat(b.result()).isEqualTo(5);
    assertThat(fg.get()).isZero();
  }

  @Test
  void decsWhenSupplierThrows() {
    IllegalStateException boom = new IllegalStateException();
    Supplier<Integer> func = Instrument.trackInProgress(fg, () -> {
      throw boom;
    });

    assertThatThrownBy(func::get).isSameAs(boom);
    assertThat(fg.get()).isZero();
  }

  @Test
  void decsWhenHandlerThrows() {
    IllegalStateException boom = new IllegalStateException();
    Handler<Promise<Integer>> op = Instrument.trackInProgress(fg, p -> {
      throw boom;
    });

    assertThat(Future.future(op).cause()).isSameAs(boom);
    assertThat(fg.get()).isZero();
  }

  @Test
  void tracksGaugeAndLabelledChild() {
    Gauge gauge = Gauge.builder().name("in_progress").help("in progress").labelNames("job").build();
    Promise<Void> promise = Promise.promise();

    Instrument.trackInProgress(gauge.labelValues("a"), promise.future());
    assertThat(gauge.labelValues("a").get()).isEqualTo(1.0);
    assertThat(gauge.labelValues("b").get()).isZero();

    promise.complete();
    assertThat(gauge.labelValues("a").get()).isZero();
  }
}
