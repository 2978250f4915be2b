package io.github.promasync.vertx.metrics.impl;

import static io.github.promasync.vertx.metrics.impl.FamilySpec.counter;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.gauge;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.histogram;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.label;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.List;

/**
 * Worker pools (the default {@code vert.x-worker-thread}, {@code vert.x-internal-blocking},
 * {@code vert.x-virtual-thread}, named {@code WorkerExecutor}s) and the connection queues of HTTP
 * and WebSocket clients, in both namings under vertx-micrometer-metrics' names and default labels
 * {@code pool_type} and {@code pool_name}.
 *
 * <p>Pool names come from configuration (an HTTP client's queue is named after its server), so
 * the key (type, name) is guarded, with one {@link KeyGuard} per pool type: HTTP client endpoints
 * cannot use up the names worker pools need, and Vert.x's own pool names are admitted before any
 * other. The series are shared by every Vert.x instance on the registry ({@link PoolSeries}), so
 * that the pools recording into one series (several Vert.x instances, or pools past the guard)
 * sum their sizes for {@code vertx_pool_ratio}.
 */
final class PoolDomain {

  static final int TYPE = 0;
  static final int NAME = 1;

  /** From 100 µs (a worker picking a task up) to 10 s (a saturated pool). */
  static final double[] TIME_BUCKETS = {
    0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  /** The names Vert.x 5.1 gives its own worker pools: admitted first, whatever the limit. */
  static final List<String> BUILT_IN_WORKER_POOLS = List.of(
      "vert.x-worker-thread", "vert.x-internal-blocking", "vert.x-virtual-thread");

  /** The pool families, the same in both namings. */
  record Names(FamilySpec<GaugeDataPoint> pending, FamilySpec<DistributionDataPoint> queueTime,
      FamilySpec<GaugeDataPoint> inUse, FamilySpec<DistributionDataPoint> usage,
      FamilySpec<CounterDataPoint> completed, FamilySpec<GaugeDataPoint> ratio) {

    static final Names BOTH = new Names(
        gauge("vertx_pool_queue_pending", "Number of tasks or requests waiting in the queue",
            label("pool_type", TYPE), label("pool_name", NAME)),
        histogram("vertx_pool_queue_time_seconds",
            "Time spent in the queue before being processed", Unit.SECONDS, TIME_BUCKETS,
            label("pool_type", TYPE), label("pool_name", NAME)),
        gauge("vertx_pool_in_use", "Number of resources in use",
            label("pool_type", TYPE), label("pool_name", NAME)),
        histogram("vertx_pool_usage_seconds", "Time using a resource", Unit.SECONDS,
            TIME_BUCKETS, label("pool_type", TYPE), label("pool_name", NAME)),
        counter("vertx_pool_completed", "Number of tasks completed, or resources released",
            label("pool_type", TYPE), label("pool_name", NAME)),
        gauge("vertx_pool_ratio", "Resources in use divided by the size of the pools of the "
            + "series (absent when a size is unknown)",
            label("pool_type", TYPE), label("pool_name", NAME)));
  }

  final Family<GaugeDataPoint> pending;
  final Family<DistributionDataPoint> queueTime;
  final Family<GaugeDataPoint> inUse;
  final Family<DistributionDataPoint> usage;
  final Family<CounterDataPoint> completed;
  final Family<GaugeDataPoint> ratio;
  private final Series<String, Series<String, PoolSeries>> byType;

  private PoolDomain(Families families, int maxLabelValues) {
    Names names = Names.BOTH;
    pending = families.family(names.pending());
    queueTime = families.family(names.queueTime());
    inUse = families.family(names.inUse());
    usage = families.family(names.usage());
    completed = families.family(names.completed());
    ratio = families.family(names.ratio());
    // Pool types come from code (worker, http, ws, datasource...): no guard on them.
    byType = new Series<>(type -> {
      KeyGuard guard = families.guard("vertx_pool_*{pool_type=\"" + type + "\"}",
          maxLabelValues, "pool_name");
      if ("worker".equals(type)) {
        BUILT_IN_WORKER_POOLS.forEach(guard::reserve);
      }
      // Vert.x 5 reports only the queue of an HTTP or WebSocket client's pool (enqueue and
      // dequeue while a request waits for a connection): their usage series would stay at 0.
      boolean usageReported = !"http".equals(type) && !"ws".equals(type);
      return new Series<>(guard::admit, name -> KeyGuard.OTHER,
          name -> new PoolSeries(this, type, name, usageReported));
    });
  }

  /** The pool domain of a registry, shared by every Vert.x instance recording into it. */
  static PoolDomain of(Families families, int maxLabelValues) {
    return families.shared("pools", () -> new PoolDomain(families, maxLabelValues));
  }

  /**
   * The metrics of one pool. Vert.x creates them when the pool is created, never per task.
   *
   * @param type {@code worker}, {@code http}, {@code ws}, ...
   * @param name the pool's name, {@code null} for an unnamed one
   * @param maxSize the pool's size, {@code -1} (or any value below 1) when unknown
   */
  PoolMetricsImpl poolMetrics(String type, String name, int maxSize) {
    PoolSeries series = byType.get(type == null ? "" : type).get(name == null ? "" : name);
    return new PoolMetricsImpl(series, maxSize);
  }
}
