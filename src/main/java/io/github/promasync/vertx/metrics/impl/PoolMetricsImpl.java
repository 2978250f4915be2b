package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.vertx.core.spi.metrics.PoolMetrics;

/**
 * The metrics of one pool: each queued task or request costs one boxed start time (the token
 * Vert.x hands back), each use another. Several pools with the same type and name (several Vert.x
 * instances on one registry) share their series, so counts add up; the ratio is then the sum in
 * use over one pool's size.
 */
final class PoolMetricsImpl implements PoolMetrics<Long, Long> {

  private final GaugeDataPoint pending;
  private final DistributionDataPoint queueTime;
  private final GaugeDataPoint inUse;
  private final DistributionDataPoint usage;
  private final CounterDataPoint completed;
  private final GaugeDataPoint ratio;
  private final double maxSize;

  PoolMetricsImpl(PoolDomain domain, String type, String name, int maxSize, boolean usage) {
    pending = domain.pending.labelValues(type, name);
    queueTime = domain.queueTime.labelValues(type, name);
    if (usage) {
      inUse = domain.inUse.labelValues(type, name);
      this.usage = domain.usage.labelValues(type, name);
      completed = domain.completed.labelValues(type, name);
    } else {
      inUse = null;
      this.usage = null;
      completed = null;
    }
    ratio = maxSize > 0 ? domain.ratio.labelValues(type, name) : null;
    this.maxSize = maxSize;
  }

  @Override
  public Long enqueue() {
    pending.inc();
    return System.nanoTime();
  }

  @Override
  public void dequeue(Long queued) {
    pending.dec();
    if (queued != null) {
      queueTime.observe((System.nanoTime() - queued) / 1e9);
    }
  }

  @Override
  public Long begin() {
    if (inUse == null) {
      return null;
    }
    inUse.inc();
    updateRatio();
    return System.nanoTime();
  }

  @Override
  public void end(Long begun) {
    if (inUse == null || begun == null) {
      return;
    }
    inUse.dec();
    updateRatio();
    usage.observe((System.nanoTime() - begun) / 1e9);
    completed.inc();
  }

  private void updateRatio() {
    if (ratio != null) {
      // The last thread to set the ratio checks afterwards that nothing changed since it read
      // the count: so the gauge never stays behind a concurrent begin or end.
      double current;
      do {
        current = inUse.get();
        ratio.set(current / maxSize);
      } while (inUse.get() != current);
    }
  }
}
