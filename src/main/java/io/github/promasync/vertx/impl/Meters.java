package io.github.promasync.vertx.impl;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Makes the {@link Meter} of each verb. The clock is a parameter so that tests can assert exact
 * durations; production code uses {@link #SYSTEM}.
 */
public final class Meters {

  /** Meters on {@link System#nanoTime()}. */
  public static final Meters SYSTEM = new Meters(System::nanoTime);

  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final LongSupplier nanoClock;

  /**
   * @param nanoClock a monotonic clock in nanoseconds
   */
  public Meters(LongSupplier nanoClock) {
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /**
   * {@code time}: observes the seconds from start to end, success or failure.
   *
   * @param metric the histogram, summary or one of their children
   * @return the meter
   */
  public Meter time(DistributionDataPoint metric) {
    Objects.requireNonNull(metric, "metric");
    return () -> new Timing(metric, nanoClock.getAsLong());
  }

  /**
   * {@code countExceptions}: increments the counter when the operation fails with an instance of
   * {@code type}.
   *
   * @param metric the counter or one of its children
   * @param type the failures to count
   * @return the meter
   */
  public Meter countExceptions(CounterDataPoint metric, Class<? extends Throwable> type) {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(type, "type");
    // Stateless per operation: one recording serves every operation of this meter.
    Recording counting = new Recording() {
      @Override
      protected void record(Throwable failure) {
        if (failure != null && type.isInstance(failure)) {
          metric.inc();
        }
      }
    };
    return () -> counting;
  }

  /**
   * {@code trackInProgress}: increments the gauge at the start, decrements it at the end.
   *
   * @param metric the gauge or one of its children
   * @return the meter
   */
  public Meter trackInProgress(GaugeDataPoint metric) {
    Objects.requireNonNull(metric, "metric");
    Recording decrementing = new Recording() {
      @Override
      protected void record(Throwable failure) {
        metric.dec();
      }
    };
    return () -> {
      metric.inc();
      return decrementing;
    };
  }

  /** The only verb with per-operation state: its start time. */
  private final class Timing extends Recording {

    private final DistributionDataPoint metric;
    private final long startNanos;

    Timing(DistributionDataPoint metric, long startNanos) {
      this.metric = metric;
      this.startNanos = startNanos;
    }

    @Override
    protected void record(Throwable failure) {
      metric.observe((nanoClock.getAsLong() - startNanos) / NANOS_PER_SECOND);
    }
  }
}
