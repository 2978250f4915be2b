package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

/**
 * The series of one (pool type, pool name), or of a type's {@code _OTHER} past the guard, and the
 * sizes of the pools that record into it: several Vert.x instances' pools of one name, or pools
 * of different names and sizes past the guard. {@code vertx_pool_ratio} is the series' resources
 * in use over the sum of those sizes, so it never exceeds 1; it is absent while one of the pools
 * has no known size.
 */
final class PoolSeries {

  final GaugeDataPoint pending;
  final DistributionDataPoint queueTime;
  // Absent for HTTP and WebSocket client queues, whose use Vert.x does not report.
  final GaugeDataPoint inUse;
  final DistributionDataPoint usage;
  final CounterDataPoint completed;
  private final Family<GaugeDataPoint> ratioFamily;
  private final String[] key;
  // Guarded by this; the ratio and the size it divides by are read without the lock.
  private long sizes;
  private int unsized;
  private volatile GaugeDataPoint ratio;
  private volatile double size;

  PoolSeries(PoolDomain domain, String type, String name, boolean usageReported) {
    key = new String[] {type, name};
    pending = domain.pending.bind(key);
    queueTime = domain.queueTime.bind(key);
    if (usageReported) {
      inUse = domain.inUse.bind(key);
      usage = domain.usage.bind(key);
      completed = domain.completed.bind(key);
      ratioFamily = domain.ratio;
    } else {
      inUse = null;
      usage = null;
      completed = null;
      ratioFamily = null;
    }
  }

  /** A pool of this size records here from now on. */
  synchronized void join(int maxSize) {
    if (maxSize > 0) {
      sizes += maxSize;
    } else {
      unsized++;
    }
    sizesChanged();
  }

  /** A pool of this size closed. */
  synchronized void leave(int maxSize) {
    if (maxSize > 0) {
      sizes -= maxSize;
    } else {
      unsized--;
    }
    sizesChanged();
  }

  private void sizesChanged() {
    if (ratioFamily == null) {
      return;
    }
    if (unsized == 0 && sizes > 0) {
      size = sizes;
      if (ratio == null) {
        ratio = ratioFamily.bind(key);
      }
    } else if (ratio != null) {
      ratio = null;
      ratioFamily.remove(key);
    }
    updateRatio();
  }

  void updateRatio() {
    GaugeDataPoint current = ratio;
    if (current != null) {
      // The last thread to set the ratio checks afterwards that nothing changed since it read
      // the count: so the gauge never stays behind a concurrent begin or end.
      double used;
      do {
        used = inUse.get();
        current.set(used / size);
      } while (inUse.get() != used);
    }
  }
}
