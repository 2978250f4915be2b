package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.Arrays;
import java.util.List;

/**
 * One row of a naming's table of families: the family's type, name, help, unit, buckets and
 * labels, each label its name in the naming and the slot of its value in the domain's key. The
 * domains keep one table per naming side by side ({@code OPENTELEMETRY} and {@code MICROMETER}),
 * so the two namings can be compared at a glance; {@link Families#family} builds and registers a
 * row. A new label is a new slot in the domain's key and a {@link #label} in the rows that have
 * it.
 *
 * @param kind counter, gauge or histogram
 * @param name the name (a counter's without {@code _total})
 * @param help the help text
 * @param unit the unit, or {@code null}
 * @param buckets a histogram's bucket upper bounds, ascending ({@code +Inf} is added)
 * @param labels the labels in order
 * @param exemplars whether the library samples exemplars for it unless client_java's metric
 *     properties say otherwise (the HTTP request durations, recorded with the request's span)
 * @param <D> the data point type the kind gives
 */
record FamilySpec<D extends DataPoint>(Kind kind, String name, String help, Unit unit,
    double[] buckets, List<Label> labels, boolean exemplars) {

  /** A family's type, and the client_java class it is built as. */
  enum Kind {
    COUNTER(Counter.class), GAUGE(Gauge.class), HISTOGRAM(Histogram.class);

    private final Class<? extends StatefulMetric<?, ?>> type;

    Kind(Class<? extends StatefulMetric<?, ?>> type) {
      this.type = type;
    }

    Class<? extends StatefulMetric<?, ?>> type() {
      return type;
    }
  }

  /**
   * A label: its name in the naming and the slot of its value in the domain's key.
   *
   * @param name the label name
   * @param slot the index of its value in the domain's key
   */
  record Label(String name, int slot) {
  }

  static Label label(String name, int slot) {
    return new Label(name, slot);
  }

  static FamilySpec<CounterDataPoint> counter(String name, String help, Label... labels) {
    return new FamilySpec<>(Kind.COUNTER, name, help, null, null, List.of(labels), false);
  }

  static FamilySpec<GaugeDataPoint> gauge(String name, String help, Label... labels) {
    return new FamilySpec<>(Kind.GAUGE, name, help, null, null, List.of(labels), false);
  }

  static FamilySpec<DistributionDataPoint> histogram(String name, String help, Unit unit,
      double[] buckets, Label... labels) {
    return new FamilySpec<>(Kind.HISTOGRAM, name, help, unit, buckets.clone(), List.of(labels),
        false);
  }

  /** The same family, with exemplars by default: a request duration. */
  FamilySpec<D> withExemplars() {
    return new FamilySpec<>(kind, name, help, unit, buckets, labels, true);
  }

  /** The same family with the labels given here added at the end. */
  FamilySpec<D> with(Label... more) {
    Label[] all = labels.toArray(new Label[labels.size() + more.length]);
    System.arraycopy(more, 0, all, labels.size(), more.length);
    return new FamilySpec<>(kind, name, help, unit, buckets, List.of(all), exemplars);
  }

  /** The label names, then {@code extra}: the user's, which must not repeat the naming's. */
  String[] labelNames(String[] extra) {
    String[] names = new String[labels.size() + extra.length];
    for (int i = 0; i < labels.size(); i++) {
      names[i] = labels.get(i).name();
    }
    for (int i = 0; i < extra.length; i++) {
      if (Arrays.asList(names).subList(0, labels.size()).contains(extra[i])) {
        throw new IllegalArgumentException("label '" + extra[i] + "' is already a label of "
            + name);
      }
      names[labels.size() + i] = extra[i];
    }
    return names;
  }

  /** The slots, then {@code extra} more from {@code firstExtra} on. */
  int[] slots(int extra, int firstExtra) {
    int[] slots = new int[labels.size() + extra];
    for (int i = 0; i < labels.size(); i++) {
      slots[i] = labels.get(i).slot();
    }
    for (int i = 0; i < extra; i++) {
      slots[labels.size() + i] = firstExtra + i;
    }
    return slots;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FamilySpec<?> that && kind == that.kind && name.equals(that.name)
        && labels.equals(that.labels);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return kind + " " + name + " " + labels;
  }
}
