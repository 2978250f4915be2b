package io.github.promasync.vertx.metrics.impl;

import io.vertx.core.spi.metrics.PoolMetrics;

/**
 * The metrics of one pool: each queued task or request costs one boxed start time (the token
 * Vert.x hands back), each use another. Pools whose key is the same (several Vert.x instances on
 * one registry, or names past the guard) share their {@link PoolSeries}, so counts add up and the
 * ratio is over the sum of their sizes.
 */
final class PoolMetricsImpl implements PoolMetrics<Long, Long> {

  private final PoolSeries series;
  private final int maxSize;
  private boolean closed;

  PoolMetricsImpl(PoolSeries series, int maxSize) {
    this.series = series;
    this.maxSize = maxSize;
    series.join(maxSize);
  }

  @Override
  public Long enqueue() {
    series.pending.inc();
    return System.nanoTime();
  }

  @Override
  public void dequeue(Long queued) {
    series.pending.dec();
    if (queued != null) {
      series.queueTime.observe((System.nanoTime() - queued) / 1e9);
    }
  }

  @Override
  public Long begin() {
    if (series.inUse == null) {
      return null;
    }
    series.inUse.inc();
    series.updateRatio();
    return System.nanoTime();
  }

  @Override
  public void end(Long begun) {
    if (series.inUse == null || begun == null) {
      return;
    }
    series.inUse.dec();
    series.updateRatio();
    series.usage.observe((System.nanoTime() - begun) / 1e9);
    series.completed.inc();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    series.leave(maxSize);
  }
}
