package io.github.promasync.vertx.impl;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The three verbs' start and end. {@code start*} methods begin one operation now and return its
 * {@link Recording} (one allocation, for the Future and Promise shapes); the {@link Meter}
 * factories bind a verb to a metric once, for the shapes that start at each call. The clock is a
 * parameter so that tests can assert exact durations; production code uses {@link #SYSTEM}.
 *
 * <p>Public because {@code Instrument}, in another package, calls it.
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
   * Starts timing one operation: its end observes the seconds since now, success or failure.
   *
   * @param metric the histogram, summary or one of their children
   * @return the recording of the operation's end
   */
  public Recording startTiming(DistributionDataPoint metric) {
    return new Timing(Objects.requireNonNull(metric, "metric"), nanoClock.getAsLong());
  }

  /**
   * Counting failures needs nothing at the start: the returned recording increments
   * {@code metric} when the operation fails with an instance of {@code type}, and can serve any
   * number of operations.
   *
   * @param metric the counter or one of its children
   * @param type the failures to count
   * @return the recording of an operation's end
   */
  public Recording exceptionCounting(CounterDataPoint metric, Class<? extends Throwable> type) {
    return new ExceptionCounting(Objects.requireNonNull(metric, "metric"), Objects.requireNonNull(type, "type"));
  }

  /**
   * Starts tracking one operation: increments {@code metric} now; its end decrements it.
   *
   * @param metric the gauge or one of its children
   * @return the recording of the operation's end
   */
  public Recording startTracking(GaugeDataPoint metric) {
    Decrementing end = new Decrementing(Objects.requireNonNull(metric, "metric"));
    metric.inc();
    return end;
  }

  /**
   * {@code time} bound to {@code metric}.
   *
   * @param metric the histogram, summary or one of their children
   * @return the meter
   */
  public Meter time(DistributionDataPoint metric) {
    Objects.requireNonNull(metric, "metric");
    return () -> startTiming(metric);
  }

  /**
   * {@code countExceptions} bound to {@code metric} and {@code type}.
   *
   * @param metric the counter or one of its children
   * @param type the failures to count
   * @return the meter
   */
  public Meter countExceptions(CounterDataPoint metric, Class<? extends Throwable> type) {
    Recording counting = exceptionCounting(metric, type);
    return () -> counting;
  }

  /**
   * {@code trackInProgress} bound to {@code metric}.
   *
   * @param metric the gauge or one of its children
   * @return the meter
   */
  public Meter trackInProgress(GaugeDataPoint metric) {
    Objects.requireNonNull(metric, "metric");
    return () -> startTracking(metric);
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

    @Override
    protected Object metric() {
      return metric;
    }
  }

  private static final class ExceptionCounting extends Recording {

    private final CounterDataPoint metric;
    private final Class<? extends Throwable> type;

    ExceptionCounting(CounterDataPoint metric, Class<? extends Throwable> type) {
      this.metric = metric;
      this.type = type;
    }

    @Override
    protected void record(Throwable failure) {
      if (failure != null && type.isInstance(failure)) {
        metric.inc();
      }
    }

    @Override
    protected Object metric() {
      return metric;
    }
  }

  private static final class Decrementing extends Recording {

    private final GaugeDataPoint metric;

    Decrementing(GaugeDataPoint metric) {
      this.metric = metric;
    }

    @Override
    protected void record(Throwable failure) {
      metric.dec();
    }

    @Override
    protected Object metric() {
      return metric;
    }
  }
}
