package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Worker pools (the default {@code vert.x-worker-thread}, {@code vert.x-internal-blocking},
 * {@code vert.x-virtual-thread}, named {@code WorkerExecutor}s) and the connection queues of HTTP
 * and WebSocket clients, in both namings under vertx-micrometer-metrics' names and default labels
 * {@code pool_type} and {@code pool_name}. Pool names come from configuration, so
 * {@code pool_name} is under the cardinality guard.
 */
final class PoolDomain {

  /** From 100 µs (a worker picking a task up) to 10 s (a saturated pool). */
  static final double[] TIME_BUCKETS = {
    0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  final Gauge pending;
  final Histogram queueTime;
  final Gauge inUse;
  final Histogram usage;
  final Counter completed;
  final Gauge ratio;
  private final LabelGuard names;

  PoolDomain(Families families, int maxLabelValues) {
    pending = families.gauge("vertx_pool_queue_pending",
        "Number of tasks or requests waiting in the queue", "pool_type", "pool_name");
    queueTime = families.histogram("vertx_pool_queue_time_seconds",
        "Time spent in the queue before being processed", Unit.SECONDS, TIME_BUCKETS,
        "pool_type", "pool_name");
    inUse = families.gauge("vertx_pool_in_use", "Number of resources in use",
        "pool_type", "pool_name");
    usage = families.histogram("vertx_pool_usage_seconds", "Time using a resource",
        Unit.SECONDS, TIME_BUCKETS, "pool_type", "pool_name");
    completed = families.counter("vertx_pool_completed",
        "Number of tasks completed, or resources released", "pool_type", "pool_name");
    ratio = families.gauge("vertx_pool_ratio",
        "Resources in use divided by the pool's size (absent when the size is unknown)",
        "pool_type", "pool_name");
    names = families.guard("vertx_pool_*", "pool_name", maxLabelValues);
  }

  /**
   * The metrics of one pool. Vert.x creates them when the pool is created, never per task.
   *
   * @param type {@code worker}, {@code http}, {@code ws}, ...
   * @param name the pool's name, {@code null} for an unnamed one
   * @param maxSize the pool's size, {@code -1} (or any value below 1) when unknown
   */
  PoolMetricsImpl poolMetrics(String type, String name, int maxSize) {
    String poolType = type == null ? "" : type;
    String poolName = names.admit(name == null ? "" : name);
    // Vert.x 5 reports only the queue of an HTTP or WebSocket client's pool (enqueue and
    // dequeue while a request waits for a connection): their usage series would stay at 0.
    boolean usageReported = !"http".equals(poolType) && !"ws".equals(poolType);
    return new PoolMetricsImpl(this, poolType, poolName, usageReported ? maxSize : 0,
        usageReported);
  }
}
