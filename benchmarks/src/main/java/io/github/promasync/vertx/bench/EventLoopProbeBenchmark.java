package io.github.promasync.vertx.bench;

import io.github.promasync.vertx.metrics.PrometheusMetricsFactory;
import io.github.promasync.vertx.metrics.PrometheusMetricsOptions;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the event-loop delay probe ({@code PrometheusMetricsOptions.setEventLoopDelayInterval})
 * costs an idle Vert.x: {@value #LOOPS} event loops with nothing to do but the probe, at an
 * interval of {@code interval} milliseconds ({@code 0}: no probe, the floor). Each invocation
 * leaves the loops idle for {@value #SLICE_MILLIS} ms and adds, per loop, the CPU time the loop
 * threads used meanwhile ({@code loopCpuMicros}) and the probe runs they made ({@code probeRuns},
 * from the delay histogram's count). JMH reports both per second: {@code loopCpuMicros} is the
 * cost per loop per second at that interval, and {@code loopCpuMicros / probeRuns} the cost of one
 * run, wake-up included (an idle loop sleeps in the selector until the probe is due). The primary
 * score (invocations per second) is only the pace of the slices.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 4)
@State(Scope.Benchmark)
public class EventLoopProbeBenchmark {

  static final int LOOPS = 4;
  static final long SLICE_MILLIS = 100;

  @Param({"0", "10", "100", "1000"})
  public long interval;

  private Vertx vertx;
  private PrometheusRegistry registry;
  private final Set<Long> loopThreads = ConcurrentHashMap.newKeySet();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  /** Per loop, summed over an iteration; JMH divides by the iteration's time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counters {
    public double loopCpuMicros;
    public double probeRuns;

    @Setup(Level.Iteration)
    public void reset() {
      loopCpuMicros = 0;
      probeRuns = 0;
    }
  }

  @Setup(Level.Trial)
  public void setup() throws Exception {
    registry = new PrometheusRegistry();
    PrometheusMetricsOptions metrics = new PrometheusMetricsOptions().setEnabled(true)
        .setRegistry(registry).setEventLoopDelayEnabled(interval > 0).setBlockedThreadsEnabled(false);
    if (interval > 0) {
      metrics.setEventLoopDelayInterval(interval);
    }
    vertx = Vertx.builder()
        .with(new VertxOptions().setEventLoopPoolSize(LOOPS).setMetricsOptions(metrics))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
    // One verticle instance per loop (Vert.x assigns them round robin): starts every loop's
    // thread, probe or not, and names them.
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      @SuppressWarnings("deprecation") // Thread.getId: threadId() is Java 19+
      public Future<?> start() {
        loopThreads.add(Thread.currentThread().getId());
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(LOOPS)).await(30, TimeUnit.SECONDS);
    if (loopThreads.size() != LOOPS) {
      throw new IllegalStateException(loopThreads.size() + " event-loop threads, " + LOOPS + " expected");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Benchmark
  public void idle(Counters counters) {
    long cpu = loopCpuNanos();
    long runs = probeRuns();
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS));
    counters.loopCpuMicros += (loopCpuNanos() - cpu) / 1e3 / LOOPS;
    counters.probeRuns += (probeRuns() - runs) / (double) LOOPS;
  }

  private long loopCpuNanos() {
    long total = 0;
    for (long id : loopThreads) {
      total += Math.max(0, threads.getThreadCpuTime(id));
    }
    return total;
  }

  private long probeRuns() {
    long count = 0;
    for (MetricSnapshot snapshot : registry.scrape(name -> name.equals("vertx_eventloop_delay_seconds"))) {
      for (HistogramSnapshot.HistogramDataPointSnapshot point
          : ((HistogramSnapshot) snapshot).getDataPoints()) {
        count += point.getCount();
      }
    }
    return count;
  }
}
