package io.github.promasync.vertx.bench;

import io.github.promasync.vertx.Instrument;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Cost of one measured operation: {@code Instrument}'s verbs against the same recording written by
 * hand (the floor: two {@code nanoTime} reads and one {@code observe}), Micrometer's
 * {@code Timer.Sample} stopped in {@code onComplete}, and client_java's synchronous
 * {@code time(Supplier)}.
 *
 * <p>Method names are {@code <verb>_<case>_<contender>}; {@code Report} reads them back. Cases:
 * {@code completed} wraps an already-succeeded future (shared, so only the wrapper is measured);
 * {@code pending} creates a promise, wraps its future and completes the promise (the listener runs
 * on completion); {@code failed} does the same and fails it; {@code sync} times a plain
 * {@code Supplier}. Every contender in a case does the same work around the recording, so the
 * difference between two of them is the recording alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class InstrumentBenchmark {

  static final double NANOS_PER_SECOND = 1_000_000_000d;
  static final String VALUE = "value";
  // About what the time benchmarks observe: a few tens of nanoseconds.
  static final long OBSERVED_NANOS = 50;
  static final double OBSERVED_SECONDS = OBSERVED_NANOS / NANOS_PER_SECOND;
  // Made once, without a stack trace: the failure case measures the recording, not the throwable.
  static final RuntimeException FAILURE = new RuntimeException("benchmark failure", null, false, false) {
    private static final long serialVersionUID = 1L;
  };

  Histogram histogram;
  Histogram defaultHistogram;
  Counter counter;
  Gauge gauge;
  PrometheusMeterRegistry micrometerRegistry;
  Timer micrometerTimer;
  Timer micrometerHistogramTimer;
  Future<String> done;
  Supplier<String> syncWork;
  Supplier<String> instrumentedSyncWork;

  @Setup
  public void setup() {
    PrometheusRegistry registry = new PrometheusRegistry();
    // Classic buckets only: its observe costs the same for every value and allocates nothing, so
    // two contenders differ by their wrappers alone. The default histogram adds a native one,
    // whose cost depends on the observed value (it boxes bucket indexes outside Integer's cache),
    // and the contenders observe different durations: it would blur exactly what is measured.
    // The *DefaultHistogram case and metric_alone_clientJavaHistogram show what that default adds.
    histogram = Histogram.builder().name("op_seconds").help("op latency").classicOnly()
        .register(registry);
    defaultHistogram = Histogram.builder().name("op_default_seconds").help("op latency")
        .register(registry);
    counter = Counter.builder().name("op_failures_total").help("op failures").register(registry);
    gauge = Gauge.builder().name("op_in_progress").help("ops in progress").register(registry);
    micrometerRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Micrometer's default timer (count, sum, max) and one with buckets, as a histogram user sets.
    micrometerTimer = Timer.builder("op").register(micrometerRegistry);
    micrometerHistogramTimer = Timer.builder("op_histogram").publishPercentileHistogram()
        .register(micrometerRegistry);
    done = Future.succeededFuture(VALUE);
    syncWork = () -> VALUE;
    instrumentedSyncWork = Instrument.time(histogram, syncWork);
  }

  // --- time, completed future --------------------------------------------------------------

  @Benchmark
  public Future<String> time_completed_handwritten() {
    return handwrittenTime(done);
  }

  @Benchmark
  public Future<String> time_completed_handwrittenCompletable() {
    return handwrittenTimeCompletable(done);
  }

  @Benchmark
  public Future<String> time_completed_instrument() {
    return Instrument.time(histogram, done);
  }

  @Benchmark
  public Future<String> time_completed_micrometer() {
    return micrometerTime(micrometerTimer, done);
  }

  @Benchmark
  public Future<String> time_completed_micrometerHistogram() {
    return micrometerTime(micrometerHistogramTimer, done);
  }

  // --- time, pending then completed ------------------------------------------------------------

  @Benchmark
  public Future<String> time_pending_handwritten() {
    Promise<String> promise = Promise.promise();
    Future<String> future = handwrittenTime(promise.future());
    promise.complete(VALUE);
    return future;
  }

  @Benchmark
  public Future<String> time_pending_handwrittenCompletable() {
    Promise<String> promise = Promise.promise();
    Future<String> future = handwrittenTimeCompletable(promise.future());
    promise.complete(VALUE);
    return future;
  }

  @Benchmark
  public Future<String> time_pending_instrument() {
    Promise<String> promise = Promise.promise();
    Future<String> future = Instrument.time(histogram, promise.future());
    promise.complete(VALUE);
    return future;
  }

  @Benchmark
  public Future<String> time_pending_micrometer() {
    Promise<String> promise = Promise.promise();
    Future<String> future = micrometerTime(micrometerTimer, promise.future());
    promise.complete(VALUE);
    return future;
  }

  @Benchmark
  public Future<String> time_pending_micrometerHistogram() {
    Promise<String> promise = Promise.promise();
    Future<String> future = micrometerTime(micrometerHistogramTimer, promise.future());
    promise.complete(VALUE);
    return future;
  }

  // --- time, pending then completed, on client_java's default histogram --------------------

  @Benchmark
  public Future<String> time_pendingDefaultHistogram_handwritten() {
    Promise<String> promise = Promise.promise();
    Future<String> future = Handwritten.time(defaultHistogram, promise.future());
    promise.complete(VALUE);
    return future;
  }

  @Benchmark
  public Future<String> time_pendingDefaultHistogram_handwrittenCompletable() {
    Promise<String> promise = Promise.promise();
    Future<String> future = Handwritten.timeCompletable(defaultHistogram, promise.future());
    promise.complete(VALUE);
    return future;
  }

  @Benchmark
  public Future<String> time_pendingDefaultHistogram_instrument() {
    Promise<String> promise = Promise.promise();
    Future<String> future = Instrument.time(defaultHistogram, promise.future());
    promise.complete(VALUE);
    return future;
  }

  // --- time, synchronous supplier -----------------------------------------------------------

  @Benchmark
  public String time_sync_handwritten() {
    long start = System.nanoTime();
    String value = syncWork.get();
    histogram.observe((System.nanoTime() - start) / NANOS_PER_SECOND);
    return value;
  }

  @Benchmark
  public String time_sync_instrument() {
    return instrumentedSyncWork.get();
  }

  @Benchmark
  public String time_sync_clientJava() {
    return histogram.time(syncWork);
  }

  @Benchmark
  public String time_sync_micrometer() {
    return micrometerTimer.record(syncWork);
  }

  // --- the metric alone: what one observation costs, without any timing or future ------------

  @Benchmark
  public void metric_alone_clientJavaHistogram() {
    defaultHistogram.observe(OBSERVED_SECONDS);
  }

  @Benchmark
  public void metric_alone_clientJavaClassicHistogram() {
    histogram.observe(OBSERVED_SECONDS);
  }

  @Benchmark
  public void metric_alone_micrometer() {
    micrometerTimer.record(OBSERVED_NANOS, TimeUnit.NANOSECONDS);
  }

  @Benchmark
  public void metric_alone_micrometerHistogram() {
    micrometerHistogramTimer.record(OBSERVED_NANOS, TimeUnit.NANOSECONDS);
  }

  // --- countExceptions ----------------------------------------------------------------------

  @Benchmark
  public Future<String> countExceptions_completed_handwritten() {
    return handwrittenCount(done);
  }

  @Benchmark
  public Future<String> countExceptions_completed_handwrittenCompletable() {
    return handwrittenCountCompletable(done);
  }

  @Benchmark
  public Future<String> countExceptions_completed_instrument() {
    return Instrument.countExceptions(counter, done);
  }

  @Benchmark
  public Future<String> countExceptions_pending_handwritten() {
    Promise<String> promise = Promise.promise();
    Future<String> future = handwrittenCount(promise.future());
    promise.complete(VALUE);
    return future;
  }

  @Benchmark
  public Future<String> countExceptions_pending_handwrittenCompletable() {
    Promise<String> promise = Promise.promise();
    Future<String> future = handwrittenCountCompletable(promise.future());
    promise.complete(VALUE);
    return future;
  }

  @Benchmark
  public Future<String> countExceptions_pending_instrument() {
    Promise<String> promise = Promise.promise();
    Future<String> future = Instrument.countExceptions(counter, promise.future());
    promise.complete(VALUE);
    return future;
  }

  @Benchmark
  public Future<String> countExceptions_failed_handwritten() {
    Promise<String> promise = Promise.promise();
    Future<String> future = handwrittenCount(promise.future());
    promise.fail(FAILURE);
    return future;
  }

  @Benchmark
  public Future<String> countExceptions_failed_handwrittenCompletable() {
    Promise<String> promise = Promise.promise();
    Future<String> future = handwrittenCountCompletable(promise.future());
    promise.fail(FAILURE);
    return future;
  }

  @Benchmark
  public Future<String> countExceptions_failed_instrument() {
    Promise<String> promise = Promise.promise();
    Future<String> future = Instrument.countExceptions(counter, promise.future());
    promise.fail(FAILURE);
    return future;
  }

  // --- trackInProgress ----------------------------------------------------------------------

  @Benchmark
  public Future<String> trackInProgress_completed_handwritten() {
    return handwrittenTrack(done);
  }

  @Benchmark
  public Future<String> trackInProgress_completed_handwrittenCompletable() {
    return handwrittenTrackCompletable(done);
  }

  @Benchmark
  public Future<String> trackInProgress_completed_instrument() {
    return Instrument.trackInProgress(gauge, done);
  }

  @Benchmark
  public Future<String> trackInProgress_pending_handwritten() {
    Promise<String> promise = Promise.promise();
    Future<String> future = handwrittenTrack(promise.future());
    promise.complete(VALUE);
    return future;
  }

  @Benchmark
  public Future<String> trackInProgress_pending_handwrittenCompletable() {
    Promise<String> promise = Promise.promise();
    Future<String> future = handwrittenTrackCompletable(promise.future());
    promise.complete(VALUE);
    return future;
  }

  @Benchmark
  public Future<String> trackInProgress_pending_instrument() {
    Promise<String> promise = Promise.promise();
    Future<String> future = Instrument.trackInProgress(gauge, promise.future());
    promise.complete(VALUE);
    return future;
  }

  // --- the hand-written contenders (Handwritten), on this state's metrics ------------------------

  Future<String> handwrittenTime(Future<String> future) {
    return Handwritten.time(histogram, future);
  }

  Future<String> handwrittenTimeCompletable(Future<String> future) {
    return Handwritten.timeCompletable(histogram, future);
  }

  Future<String> handwrittenCount(Future<String> future) {
    return Handwritten.count(counter, future);
  }

  Future<String> handwrittenCountCompletable(Future<String> future) {
    return Handwritten.countCompletable(counter, future);
  }

  Future<String> handwrittenTrack(Future<String> future) {
    return Handwritten.track(gauge, future);
  }

  Future<String> handwrittenTrackCompletable(Future<String> future) {
    return Handwritten.trackCompletable(gauge, future);
  }

  Future<String> micrometerTime(Timer timer, Future<String> future) {
    return Handwritten.micrometerTime(micrometerRegistry, timer, future);
  }
}
