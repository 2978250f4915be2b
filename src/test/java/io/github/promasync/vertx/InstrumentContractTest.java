package io.github.promasync.vertx;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Labels;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guarantees every verb and shape share. */
class InstrumentContractTest {

  private Histogram h;
  private Counter c;
  private Gauge g;

  @BeforeEach
  void setUp() {
    h = Histogram.builder().name("op_seconds").help("op").build();
    c = Counter.builder().name("op_errors_total").help("errors").build();
    g = Gauge.builder().name("op_in_progress").help("in progress").build();
  }

  @Test
  void implicitlyTypedLambdasPickTheHandlerOrSupplierShape() {
    Handler<Promise<Integer>> handler = Instrument.time(h, p -> p.complete(1));
    Supplier<Future<Integer>> supplier = Instrument.time(h, () -> fetch());
    Handler<Promise<Integer>> counted = Instrument.countExceptions(c, p -> p.complete(2));
    Supplier<Integer> countedOfType = Instrument.countExceptions(c, IllegalStateException.class, () -> 3);
    Handler<Promise<Integer>> countedHandlerOfType =
        Instrument.countExceptions(c, IllegalStateException.class, p -> p.complete(4));
    Handler<Promise<Integer>> tracked = Instrument.trackInProgress(g, p -> p.complete(5));
    Supplier<Future<Integer>> trackedSupplier = Instrument.trackInProgress(g, () -> fetch());

    assertThat(Future.future(handler).result()).isEqualTo(1);
    assertThat(supplier.get().result()).isEqualTo(42);
    assertThat(Future.future(counted).result()).isEqualTo(2);
    assertThat(countedOfType.get()).isEqualTo(3);
    assertThat(Future.future(countedHandlerOfType).result()).isEqualTo(4);
    assertThat(Future.future(tracked).result()).isEqualTo(5);
    assertThat(trackedSupplier.get().result()).isEqualTo(42);
    assertThat(h.getCount()).isEqualTo(2);
    assertThat(g.get()).isZero();
  }

  @Test
  void returnsAFutureOrPromiseThatIsAlreadyCompleteAsItIsRecordedAtOnce() {
    Future<String> future = Future.succeededFuture("x");
    Future<String> failed = Future.failedFuture("no");
    Promise<String> promise = Promise.promise();
    promise.complete("y");

    assertThat(Instrument.time(h, future)).isSameAs(future);
    assertThat(Instrument.countExceptions(c, failed)).isSameAs(failed);
    assertThat(Instrument.trackInProgress(g, future)).isSameAs(future);
    assertThat(Instrument.time(h, promise)).isSameAs(promise);
    assertThat(h.getCount()).isEqualTo(2);
    assertThat(c.get()).isEqualTo(1.0);
    assertThat(g.get()).isZero();
  }

  @Test
  void returnsForAPendingFutureOrPromiseOneThatCompletesTheSameWay() {
    Promise<String> source = Promise.promise();
    IllegalStateException boom = new IllegalStateException();
    Future<String> timed = Instrument.time(h, source.future());
    Promise<String> original = Promise.promise();
    Promise<String> measured = Instrument.countExceptions(c, original);

    source.complete("x");
    measured.fail(boom);

    assertThat(timed).isNotSameAs(source.future());
    assertThat(timed.result()).isEqualTo("x");
    assertThat(measured).isNotSameAs(original);
    assertThat(original.future().cause()).isSameAs(boom);
    assertThat(measured.future().cause()).isSameAs(boom);
    assertThat(measured.tryComplete("late")).isFalse();
    assertThat(h.getCount()).isEqualTo(1);
    assertThat(c.get()).isEqualTo(1.0);
  }

  @Test
  void completingTheOriginalPromiseCompletesTheReturnedOneAfterRecording() {
    Promise<String> original = Promise.promise();
    Promise<String> measured = Instrument.time(h, original);
    List<Long> seen = new ArrayList<>();
    measured.future().onComplete((result, failure) -> seen.add(h.getCount()));

    original.complete("x");

    assertThat(measured.future().result()).isEqualTo("x");
    assertThat(seen).containsExactly(1L);
  }

  @Test
  void listenerOfReturnedFutureSeesAllMetricsRecorded() {
    Promise<Integer> promise = Promise.promise();
    Future<Integer> f = Instrument.time(h, Instrument.countExceptions(c,
        Instrument.trackInProgress(g, promise.future())));
    List<String> seen = new ArrayList<>();
    f.onComplete((result, failure) -> seen.add(h.getCount() + "/" + c.get() + "/" + g.get()));

    promise.fail("boom");

    assertThat(seen).containsExactly("1/1.0/0.0");
  }

  @Test
  void listenerOfReturnedPromiseSeesMetricRecorded() {
    Promise<Integer> promise = Instrument.time(h, Promise.promise());
    List<Long> seen = new ArrayList<>();
    promise.future().onComplete((result, failure) -> seen.add(h.getCount()));

    promise.complete(1);

    assertThat(seen).containsExactly(1L);
  }

  @Test
  void everyListenerOfHandlersPromiseSeesMetricRecorded() {
    Handler<Promise<Integer>> op = Instrument.time(h, p -> p.complete(1));
    Promise<Integer> callers = Promise.promise();
    List<Long> seen = new ArrayList<>();
    // added before handle(), as CircuitBreaker and other callers of handlers do
    callers.future().onComplete((result, failure) -> seen.add(h.getCount()));

    op.handle(callers);

    assertThat(callers.future().result()).isEqualTo(1);
    assertThat(seen).containsExactly(1L);
  }

  @Test
  void stackedVerbsOnSupplierRecordAllThree() {
    IllegalStateException boom = new IllegalStateException();
    Supplier<Future<Integer>> op = Instrument.time(h, Instrument.countExceptions(c,
        Instrument.trackInProgress(g, () -> Future.<Integer>failedFuture(boom))));

    assertThat(op.get().cause()).isSameAs(boom);
    assertThat(h.getCount()).isEqualTo(1);
    assertThat(c.get()).isEqualTo(1.0);
    assertThat(g.get()).isZero();
  }

  @Test
  void stackedVerbsOnHandlerRecordSynchronousThrow() {
    IllegalStateException boom = new IllegalStateException();
    Handler<Promise<Integer>> op = Instrument.time(h, Instrument.countExceptions(c,
        Instrument.trackInProgress(g, p -> {
          throw boom;
        })));

    assertThat(Future.future(op).cause()).isSameAs(boom);
    assertThat(h.getCount()).isEqualTo(1);
    assertThat(c.get()).isEqualTo(1.0);
    assertThat(g.get()).isZero();
  }

  @Test
  void handlerThatCompletesThenThrowsKeepsItsResultAndRecordsOnce() {
    Handler<Promise<Integer>> op = Instrument.time(h, Instrument.countExceptions(c, p -> {
      p.complete(1);
      throw new IllegalStateException("after completion");
    }));

    assertThat(Future.future(op).result()).isEqualTo(1);
    assertThat(h.getCount()).isEqualTo(1);
    assertThat(c.get()).isZero();
  }

  @Test
  void failingMetricDoesNotChangeTheOutcome() {
    DistributionDataPoint broken = new DistributionDataPoint() {
      @Override
      public long getCount() {
        return 0;
      }

      @Override
      public double getSum() {
        return 0;
      }

      @Override
      public void observe(double value) {
        throw new IllegalStateException("broken metric");
      }

      @Override
      public void observeWithExemplar(double value, Labels labels) {
        observe(value);
      }
    };
    Promise<String> promise = Promise.promise();
    Future<String> f = Instrument.time(broken, promise.future());
    List<String> seen = new ArrayList<>();
    f.onSuccess(seen::add);

    promise.complete("value");

    assertThat(f.result()).isEqualTo("value");
    assertThat(seen).containsExactly("value");
    assertThat(Instrument.time(broken, () -> 7).get()).isEqualTo(7);
  }

  @Test
  void rejectsNullsAtWrapTimeNamingTheParameter() {
    Future<Integer> f = Future.succeededFuture(1);
    Promise<Integer> p = Promise.promise();
    Handler<Promise<Integer>> op = x -> x.complete(1);
    Supplier<Integer> s = () -> 1;

    assertNpe("metric", () -> Instrument.time(null, f));
    assertNpe("metric", () -> Instrument.countExceptions(null, p));
    assertNpe("metric", () -> Instrument.trackInProgress(null, op));
    assertNpe("metric", () -> Instrument.time(null, s));
    assertNpe("type", () -> Instrument.countExceptions(c, null, f));
    assertNpe("future", () -> Instrument.time(h, (Future<Integer>) null));
    assertNpe("promise", () -> Instrument.countExceptions(c, (Promise<Integer>) null));
    assertNpe("handler", () -> Instrument.trackInProgress(g, (Handler<Promise<Integer>>) null));
    assertNpe("supplier", () -> Instrument.time(h, (Supplier<Integer>) null));
    assertThat(g.get()).isZero();
  }

  private static void assertNpe(String parameter, Executable call) {
    assertThatThrownBy(call::execute).isInstanceOf(NullPointerException.class).hasMessage(parameter);
  }

  private static Future<Integer> fetch() {
    return Future.succeededFuture(42);
  }
}
