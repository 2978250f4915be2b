package io.github.promasync.vertx.bench;

import io.github.promasync.vertx.Instrument;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * {@code time} on pending-then-completed futures from two threads recording into one histogram
 * (one Micrometer timer for the Micrometer contender): the contended case, e.g. two event loops
 * sharing a metric. The state is {@link InstrumentBenchmark}'s, shared by both threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(2)
public class ContendedBenchmark {

  @Benchmark
  public Future<String> time_contended_handwritten(InstrumentBenchmark state) {
    Promise<String> promise = Promise.promise();
    Future<String> future = state.handwrittenTime(promise.future());
    promise.complete(InstrumentBenchmark.VALUE);
    return future;
  }

  @Benchmark
  public Future<String> time_contended_handwrittenCompletable(InstrumentBenchmark state) {
    Promise<String> promise = Promise.promise();
    Future<String> future = state.handwrittenTimeCompletable(promise.future());
    promise.complete(InstrumentBenchmark.VALUE);
    return future;
  }

  @Benchmark
  public Future<String> time_contended_instrument(InstrumentBenchmark state) {
    Promise<String> promise = Promise.promise();
    Future<String> future = Instrument.time(state.histogram, promise.future());
    promise.complete(InstrumentBenchmark.VALUE);
    return future;
  }

  @Benchmark
  public Future<String> time_contended_micrometer(InstrumentBenchmark state) {
    Promise<String> promise = Promise.promise();
    Future<String> future = state.micrometerTime(state.micrometerTimer, promise.future());
    promise.complete(InstrumentBenchmark.VALUE);
    return future;
  }
}
