package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The metric families of one registry, each built and registered once however many Vert.x
 * instances, servers and clients record into it: a second {@code VertxMetrics} on the same
 * registry gets the families the first one registered, with their values.
 *
 * <p>Families are looked up here by name only when a Vert.x instance, a server or a client is
 * created, never per request. They stay registered when Vert.x closes (counters must not go back
 * in time while the process runs); a new registry per test keeps tests apart.
 */
public final class Families {

  // Weak keys: a registry dropped by its owner takes its families with it. PrometheusRegistry
  // does not override equals, so this is an identity map.
  private static final Map<PrometheusRegistry, Families> BY_REGISTRY = new WeakHashMap<>();

  private final PrometheusRegistry registry;
  private final Map<String, Registered> byName = new HashMap<>();
  private final Map<String, LabelGuard> guards = new HashMap<>();

  private record Registered(StatefulMetric<?, ?> metric, List<String> labelNames) {
  }

  private Families(PrometheusRegistry registry) {
    this.registry = registry;
  }

  /**
   * The families of a registry.
   *
   * @param registry the registry
   * @return the one {@code Families} of that registry
   */
  public static Families of(PrometheusRegistry registry) {
    synchronized (BY_REGISTRY) {
      return BY_REGISTRY.computeIfAbsent(registry, Families::new);
    }
  }

  /**
   * A counter family; its Prometheus name gets {@code _total}.
   *
   * @param name the name without {@code _total}
   * @param help the help text
   * @param labelNames the label names
   * @return the family, registered by this call or an earlier one
   */
  public Counter counter(String name, String help, String... labelNames) {
    return family(Counter.class, name, labelNames,
        () -> Counter.builder().name(name).help(help).labelNames(labelNames).withoutExemplars().build());
  }

  /**
   * A gauge family.
   *
   * @param name the name
   * @param help the help text
   * @param labelNames the label names
   * @return the family, registered by this call or an earlier one
   */
  public Gauge gauge(String name, String help, String... labelNames) {
    return family(Gauge.class, name, labelNames,
        () -> Gauge.builder().name(name).help(help).labelNames(labelNames).withoutExemplars().build());
  }

  /**
   * A histogram family with classic buckets only (a native histogram costs more per observation
   * and needs the protobuf format).
   *
   * @param name the name, ending with the unit ({@code _seconds}, {@code _bytes})
   * @param help the help text
   * @param unit the unit
   * @param upperBounds the bucket upper bounds, ascending ({@code +Inf} is added)
   * @param labelNames the label names
   * @return the family, registered by this call or an earlier one
   */
  public Histogram histogram(String name, String help, Unit unit, double[] upperBounds,
      String... labelNames) {
    return family(Histogram.class, name, labelNames, () -> Histogram.builder()
        .name(name).help(help).unit(unit).labelNames(labelNames)
        .classicOnly().classicUpperBounds(upperBounds).withoutExemplars().build());
  }

  /**
   * The cardinality guard of a label of a family (or of a group of families that always take the
   * same values of it), shared by every Vert.x instance on this registry. The first call sets
   * the limit; later calls with another limit get the same guard.
   *
   * @param family the family's name (or the group's), for the warning
   * @param label the label's name
   * @param max the most distinct values, from {@code PrometheusMetricsOptions#getMaxLabelValues()}
   * @return the guard
   */
  public synchronized LabelGuard guard(String family, String label, int max) {
    return guards.computeIfAbsent(family + ' ' + label, key -> new LabelGuard(family, label, max));
  }

  private <M extends StatefulMetric<?, ?>> M family(Class<M> type, String name,
      String[] labelNames, Supplier<M> build) {
    List<String> labels = List.of(labelNames);
    synchronized (this) {
      Registered existing = byName.get(name);
      if (existing != null) {
        if (!type.isInstance(existing.metric()) || !existing.labelNames().equals(labels)) {
          throw new IllegalStateException("metric " + name + " is already registered by another "
              + "Vert.x instance with other options (" + existing.metric().getClass().getSimpleName()
              + " with labels " + existing.labelNames() + ", now " + type.getSimpleName()
              + " with labels " + Arrays.toString(labelNames) + "): give each naming its own "
              + "registry");
        }
        return type.cast(existing.metric());
      }
      M metric = build.get();
      try {
        registry.register(metric);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("cannot register Vert.x's metric " + name + ": "
            + e.getMessage() + " (another collector in the registry uses the name)", e);
      }
      byName.put(name, new Registered(metric, labels));
      return metric;
    }
  }
}
