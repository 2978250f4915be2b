package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.core.datapoints.DataPoint;
import io.prometheus.metrics.core.metrics.StatefulMetric;

/**
 * One family and the places, in a domain's tuple of label values, of the values its labels take.
 * A domain describes a recording by one tuple (e.g. method, status, route, scheme, error) and
 * each of its families keeps the labels its naming gives it: this is the one way every domain
 * binds labels. Binding happens once per distinct tuple, on a cache miss, never per recording.
 *
 * @param <D> the data point type: {@code CounterDataPoint}, {@code GaugeDataPoint},
 *     {@code DistributionDataPoint}
 */
public final class Family<D extends DataPoint> {

  private final StatefulMetric<D, ?> metric;
  private final int[] slots;

  /**
   * Describes a family.
   *
   * @param metric the family, from {@link Families}
   * @param slots for each of its label names in order, the index of its value in the tuple
   */
  public Family(StatefulMetric<D, ?> metric, int... slots) {
    this.metric = metric;
    this.slots = slots.clone();
  }

  /**
   * The data point of one tuple of label values.
   *
   * @param tuple the values of the domain's labels, indexed by slot
   * @return the family's child for the values its labels take from {@code tuple}
   */
  public D bind(String... tuple) {
    String[] values = new String[slots.length];
    for (int i = 0; i < slots.length; i++) {
      values[i] = tuple[slots[i]];
    }
    return metric.labelValues(values);
  }
}
