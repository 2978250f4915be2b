package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.vertx.core.spi.metrics.ClientMetrics;

/**
 * The metrics of one generic client (a SQL pool, a Redis client, ...): a request is pending from
 * {@code requestBegin} until {@code responseEnd} (its processing time is then recorded) or
 * {@code requestReset} (counted as a reset). One small object per request, from {@code init()}.
 */
final class GenericClientMetrics
    implements ClientMetrics<GenericClientMetrics.Request, Object, Object> {

  private final DistributionDataPoint processingTime;
  private final GaugeDataPoint pending;
  private final CounterDataPoint resets;

  GenericClientMetrics(DistributionDataPoint processingTime, GaugeDataPoint pending,
      CounterDataPoint resets) {
    this.processingTime = processingTime;
    this.pending = pending;
    this.resets = resets;
  }

  /** One request: its start, and whether it has begun and ended. */
  static final class Request {
    private long start;
    private boolean begun;
    private boolean ended;
  }

  @Override
  public Request init() {
    return new Request();
  }

  @Override
  public void requestBegin(Request request, String uri, Object payload) {
    if (request != null && !request.begun) {
      request.begun = true;
      request.start = System.nanoTime();
      pending.inc();
    }
  }

  @Override
  public void responseEnd(Request request, long bytesRead) {
    if (end(request)) {
      processingTime.observe((System.nanoTime() - request.start) / 1e9);
    }
  }

  @Override
  public void requestReset(Request request) {
    if (end(request)) {
      resets.inc();
    }
  }

  private boolean end(Request request) {
    if (request == null || !request.begun || request.ended) {
      return false;
    }
    request.ended = true;
    pending.dec();
    return true;
  }
}
