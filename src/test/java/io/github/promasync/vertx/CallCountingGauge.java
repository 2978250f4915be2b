package io.github.promasync.vertx;

import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.model.snapshots.Labels;

/** A gauge data point that also counts the calls made to it, as prometheus_async's fake does. */
final class CallCountingGauge implements GaugeDataPoint {

  private double value;
  private int calls;

  @Override
  public synchronized void inc(double amount) {
    value += amount;
    calls++;
  }

  @Override
  public void incWithExemplar(double amount, Labels labels) {
    inc(amount);
  }

  @Override
  public synchronized void set(double value) {
    this.value = value;
    calls++;
  }

  @Override
  public void setWithExemplar(double value, Labels labels) {
    set(value);
  }

  @Override
  public synchronized double get() {
    return value;
  }

  synchronized int calls() {
    return calls;
  }
}
