package io.github.promasync.vertx;

import io.github.promasync.vertx.impl.ThrottledLog;
import io.github.promasync.vertx.testing.CapturedLog;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.model.snapshots.Labels;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A metric that throws while recording: the operation's outcome is unchanged, the log gets one
 * stack trace per metric and then a line now and then, and a {@link VirtualMachineError} is not
 * swallowed.
 */
class InstrumentFailingMetricTest {

  private static final String LOGGER = "io.github.promasync.vertx.Instrument";

  @Test
  void aMetricThatThrowsOnEveryOperationIsLoggedOnceWithItsStackTrace() {
    Throwing broken = new Throwing(new IllegalStateException("broken metric"));

    try (CapturedLog log = new CapturedLog(LOGGER, true)) {
      for (int i = 0; i < 1000; i++) {
        Promise<Integer> promise = Promise.promise();
        Future<Integer> measured = Instrument.time(broken, promise.future());
        promise.complete(i);
        assertThat(measured.result()).isEqualTo(i);
      }
      assertThat(Instrument.time(broken, () -> 7).get()).isEqualTo(7);

      List<LogRecord> records = log.atLeast(Level.SEVERE);
      assertThat(records).hasSize(1);
      assertThat(records.get(0).getThrown()).isSameAs(broken.failure);
      assertThat(records.get(0).getMessage())
          .startsWith("Recording into metric " + Throwing.class.getName() + "@")
          .endsWith("failed; the operation's outcome is unchanged");
    }
    assertThat(broken.calls.get()).isEqualTo(1001);
  }

  @Test
  void eachFailingMetricGetsItsOwnFirstReport() {
    Throwing first = new Throwing(new IllegalStateException("first"));
    Throwing second = new Throwing(new IllegalStateException("second"));

    try (CapturedLog log = new CapturedLog(LOGGER, true)) {
      for (int i = 0; i < 10; i++) {
        Instrument.time(first, Future.succeededFuture(i));
        Instrument.time(second, Future.failedFuture("no"));
      }

      assertThat(log.atLeast(Level.SEVERE)).extracting(LogRecord::getThrown)
          .containsExactly(first.failure, second.failure);
    }
  }

  @Test
  void laterFailuresAreReportedAtMostOncePerIntervalWithTheirCount() {
    AtomicLong now = new AtomicLong();
    System.Logger logger = System.getLogger(LOGGER);
    ThrottledLog throttled = new ThrottledLog(logger, TimeUnit.MINUTES.toNanos(1), now::get);
    IllegalStateException failure = new IllegalStateException("broken");

    try (CapturedLog log = new CapturedLog(LOGGER, true)) {
      for (int i = 0; i < 5; i++) {
        throttled.failure("Recording failed", failure);
      }
      now.addAndGet(TimeUnit.SECONDS.toNanos(59));
      throttled.failure("Recording failed", failure);
      assertThat(log.records()).hasSize(1);

      now.addAndGet(TimeUnit.SECONDS.toNanos(1));
      throttled.failure("Recording failed", failure);

      assertThat(log.records()).hasSize(2);
      LogRecord later = log.records().get(1);
      assertThat(later.getThrown()).isNull();
      assertThat(later.getMessage()).isEqualTo("Recording failed: " + failure
          + " (6 failures since the last report; stack trace logged with the first)");
    }
  }

  @Test
  void aVirtualMachineErrorIsNotSwallowed() {
    OutOfMemoryError oom = new OutOfMemoryError("from the metric");
    Throwing broken = new Throwing(oom);
    Promise<Integer> promise = Promise.promise();
    Future<Integer> pending = Instrument.time(broken, promise.future());

    assertThatThrownBy(() -> Instrument.time(broken, Future.succeededFuture(1))).isSameAs(oom);
    assertThatThrownBy(() -> Instrument.time(broken, () -> 1).get()).isSameAs(oom);
    promise.complete(1);
    // Thrown inside Vert.x's listener dispatch, the error reaches the returned future.
    assertThat(pending.cause()).isSameAs(oom);
  }

  /** A data point whose every observation throws. */
  static class Throwing implements DistributionDataPoint {

    final Throwable failure;
    final AtomicLong calls = new AtomicLong();

    Throwing(Throwable failure) {
      this.failure = failure;
    }

    @Override
    public void observe(double value) {
      calls.incrementAndGet();
      if (failure instanceof Error) {
        throw (Error) failure;
      }
      throw (RuntimeException) failure;
    }

    @Override
    public void observeWithExemplar(double value, Labels labels) {
      observe(value);
    }

    @Override
    public long getCount() {
      return 0;
    }

    @Override
    public double getSum() {
      return 0;
    }
  }
}
