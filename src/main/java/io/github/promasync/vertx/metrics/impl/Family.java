package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.core.datapoints.DataPoint;
import io.prometheus.metrics.core.metrics.StatefulMetric;

/**
 * One registered family and the places, in a domain's key (the values of all its labels), of the
 * values its labels take: the one way every domain binds labels. A domain describes a recording
 * by one key (e.g. method, status, route, scheme, protocol version, error) and each family takes
 * the labels its {@link FamilySpec} gives it. Binding happens once per distinct key, on a miss of
 * the domain's {@link Series}, never per recording.
 *
 * @param <D> the data point type: {@code CounterDataPoint}, {@code GaugeDataPoint},
 *     {@code DistributionDataPoint}
 */
final class Family<D extends DataPoint> {

  private final StatefulMetric<D, ?> metric;
  private final int[] slots;

  Family(StatefulMetric<D, ?> metric, int[] slots) {
    this.metric = metric;
    this.slots = slots.clone();
  }

  /**
   * The data point of one key.
   *
   * @param key the values of the domain's labels, indexed by slot
   * @return the family's child for the values its labels take from {@code key}
   */
  D bind(String... key) {
    String[] values = new String[slots.length];
    for (int i = 0; i < slots.length; i++) {
      values[i] = slots[i] < key.length && key[slots[i]] != null ? key[slots[i]] : "";
    }
    return metric.labelValues(values);
  }

  /**
   * Removes the data point of one key (a ratio that no longer means anything).
   *
   * @param key the values of the domain's labels, indexed by slot
   */
  void remove(String... key) {
    String[] values = new String[slots.length];
    for (int i = 0; i < slots.length; i++) {
      values[i] = slots[i] < key.length && key[slots[i]] != null ? key[slots[i]] : "";
    }
    metric.remove(values);
  }
}
