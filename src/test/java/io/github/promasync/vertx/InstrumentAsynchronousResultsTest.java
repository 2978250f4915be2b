package io.github.promasync.vertx;

import io.github.promasync.vertx.impl.Forms;
import io.github.promasync.vertx.impl.Meters;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The supplier shape measures asynchronous results to their completion: Vert.x futures and
 * {@link CompletionStage}s ({@code CompletableFuture} and others), on a clock that ticks one second
 * per read.
 */
class InstrumentAsynchronousResultsTest {

  private Histogram h;
  private Counter c;
  private Gauge g;
  private Meters meters;

  @BeforeEach
  void setUp() {
    h = Histogram.builder().name("op_seconds").help("op").build();
    c = Counter.builder().name("op_errors_total").help("errors").build();
    g = Gauge.builder().name("op_in_progress").help("in progress").build();
    meters = new Meters(new TickingClock());
  }

  @Test
  void timesACompletableFutureUntilItCompletes() {
    CompletableFuture<String> source = new CompletableFuture<>();
    Supplier<CompletableFuture<String>> op = Forms.supplier(meters.time(h), () -> source);

    CompletableFuture<String> measured = op.get();
    assertThat(h.getCount()).isZero();
    source.complete("x");

    assertThat(measured.join()).isEqualTo("x");
    assertThat(h.getCount()).isEqualTo(1);
    assertThat(h.getSum()).isEqualTo(1.0);
  }

  @Test
  void listenersOfTheReturnedStageSeeTheMetricAndTheSameThrowable() {
    CompletableFuture<String> source = new CompletableFuture<>();
    IOException boom = new IOException("boom");
    Supplier<CompletionStage<String>> op = Instrument.time(h,
        Instrument.countExceptions(c, Instrument.trackInProgress(g, () -> source)));
    List<Object> seen = new ArrayList<>();

    CompletionStage<String> measured = op.get();
    assertThat(g.get()).isEqualTo(1.0);
    measured.whenComplete((value, failure) -> {
      seen.add(failure);
      seen.add(h.getCount() + "/" + c.get() + "/" + g.get());
    });
    source.completeExceptionally(boom);

    assertThat(seen).containsExactly(boom, "1/1.0/0.0");
    assertThatThrownBy(() -> measured.toCompletableFuture().get(1, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCause(boom);
  }

  @Test
  void countsAFailedDependentStageByTheFailureItWraps() {
    CompletableFuture<String> source = new CompletableFuture<>();
    IOException boom = new IOException("boom");
    Supplier<CompletionStage<String>> op =
        Instrument.countExceptions(c, IOException.class, () -> source.thenApply(s -> s + "!"));

    CompletionStage<String> measured = op.get();
    source.completeExceptionally(boom);

    assertThat(c.get()).isEqualTo(1.0);
    assertThatThrownBy(() -> measured.toCompletableFuture().join())
        .isInstanceOf(CompletionException.class).hasCause(boom);
  }

  @Test
  void recordsAnAlreadyCompletedStageAtOnce() {
    Supplier<CompletableFuture<String>> op =
        Forms.supplier(meters.time(h), () -> CompletableFuture.completedFuture("x"));

    assertThat(op.get().getNow(null)).isEqualTo("x");
    assertThat(h.getCount()).isEqualTo(1);
  }

  @Test
  void cancellingTheReturnedFutureCancelsTheOperationAndIsRecorded() {
    CompletableFuture<String> source = new CompletableFuture<>();
    Supplier<CompletableFuture<String>> op = Instrument.countExceptions(c, () -> source);

    assertThat(op.get().cancel(false)).isTrue();

    assertThat(source.isCancelled()).isTrue();
    assertThat(c.get()).isEqualTo(1.0);
  }

  @Test
  void returnsACompletableFutureSubclassAsItIsAndRecordsItsCompletion() {
    Named<String> source = new Named<>();
    Supplier<Named<String>> op = Instrument.time(h, () -> source);

    Named<String> measured = op.get();
    source.complete("x");

    assertThat(measured).isSameAs(source);
    assertThat(h.getCount()).isEqualTo(1);
  }

  @Test
  void measuresAStageOfAnotherImplementationAndReturnsItAsItIs() {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletionStage<String> minimal = source.minimalCompletionStage();
    Supplier<CompletionStage<String>> op = Instrument.time(h, () -> minimal);

    CompletionStage<String> measured = op.get();
    source.complete("x");

    assertThat(measured.toCompletableFuture().join()).isEqualTo("x");
    assertThat(h.getCount()).isEqualTo(1);
  }

  @Test
  void returnsACompositeFutureAsItIsAndRecordsItsCompletion() {
    Promise<String> a = Promise.promise();
    Supplier<CompositeFuture> op = Instrument.time(h, () -> Future.all(a.future(), a.future()));

    CompositeFuture measured = op.get();
    a.complete("x");

    assertThat(measured.<String>resultAt(1)).isEqualTo("x");
    assertThat(h.getCount()).isEqualTo(1);
  }

  @Test
  void returnsATimerAsItIsAndRecordsItsCompletion() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Supplier<Timer> op = Instrument.time(h, () -> vertx.timer(1, TimeUnit.MILLISECONDS));

      Timer timer = op.get();
      timer.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertThat(h.getCount()).isEqualTo(1);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aPlainValueIsRecordedWhenGetReturns() {
    Supplier<List<String>> op = Instrument.trackInProgress(g, () -> {
      assertThat(g.get()).isEqualTo(1.0);
      return List.of("x");
    });

    assertThat(op.get()).containsExactly("x");
    assertThat(g.get()).isZero();
  }

  @Test
  void aCancelledSourceFailsTheReturnedFutureWithTheSameException() {
    CompletableFuture<String> source = new CompletableFuture<>();
    Supplier<CompletableFuture<String>> op = Instrument.countExceptions(c,
        CancellationException.class, () -> source);

    CompletableFuture<String> measured = op.get();
    source.cancel(false);

    assertThat(measured.isCancelled()).isTrue();
    assertThat(c.get()).isEqualTo(1.0);
  }

  /** A subclass, as client libraries return. */
  static final class Named<T> extends CompletableFuture<T> {
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new Named<>();
    }
  }
}
