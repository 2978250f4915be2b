package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.datapoints.DataPoint;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The metric families of one registry, each built from its {@link FamilySpec} and registered
 * once however many Vert.x instances, servers and clients record into it: a second
 * {@code VertxMetrics} on the same registry gets the families the first one registered, with their
 * values, and the same guards and shared series.
 *
 * <p>Families are looked up here by name only when a Vert.x instance, a server or a client is
 * created, never per request. They stay registered when Vert.x closes (counters must not go back
 * in time while the process runs); a new registry per test keeps tests apart.
 *
 * <p>Lifetime: only the registry holds its {@code Families}, through an anchor collector
 * registered into it that reports nothing. The static map has weak keys and weak values, so
 * nothing static keeps a registry, or its families, reachable: a registry dropped by its owner
 * is collected with its series.
 *
 * <p>Histograms and counters are built with client_java's metric properties
 * ({@link FamilyProperties}) of the first Vert.x instance that records into the registry.
 */
final class Families {

  // Weak keys and weak values: a value holding its key strongly would keep every registry
  // reachable from this static map for the life of the JVM. PrometheusRegistry does not
  // override equals, so this is an identity map.
  private static final Map<PrometheusRegistry, WeakReference<Families>> BY_REGISTRY =
      new WeakHashMap<>();

  private final PrometheusRegistry registry;
  private final PrometheusProperties properties;
  private final Map<String, Registered> byName = new HashMap<>();
  private final Map<String, KeyGuard> guards = new HashMap<>();
  private final Map<String, Object> shared = new HashMap<>();

  private record Registered(StatefulMetric<?, ?> metric, List<String> labelNames) {
  }

  /** Reports nothing; registered so that the registry, and only it, holds its families. */
  private record Anchor(Families families) implements MultiCollector {
    @Override
    public MetricSnapshots collect() {
      return new MetricSnapshots();
    }
  }

  private Families(PrometheusRegistry registry, PrometheusProperties properties) {
    this.registry = registry;
    this.properties = properties;
  }

  /**
   * The families of a registry, with client_java's default properties.
   *
   * @param registry the registry
   * @return the one {@code Families} of that registry
   */
  static Families of(PrometheusRegistry registry) {
    return of(registry, PrometheusProperties.get());
  }

  /**
   * The families of a registry.
   *
   * @param registry the registry
   * @param properties client_java's metric properties its histograms and counters are built
   *     with, if this call is the first for the registry
   * @return the one {@code Families} of that registry
   */
  static Families of(PrometheusRegistry registry, PrometheusProperties properties) {
    synchronized (BY_REGISTRY) {
      WeakReference<Families> known = BY_REGISTRY.get(registry);
      Families families = known == null ? null : known.get();
      if (families == null) {
        families = new Families(registry, properties);
        registry.register(new Anchor(families));
        BY_REGISTRY.put(registry, new WeakReference<>(families));
      }
      return families;
    }
  }

  /**
   * The family of a spec, with the user's labels after the spec's.
   *
   * @param spec the family's name, help, unit and labels
   * @param extraLabels names of labels added after the spec's (their slots follow in order from
   *     {@code firstExtraSlot})
   * @param firstExtraSlot the slot of the first extra label's value in the domain's key
   * @param <D> the data point type
   * @return the family, registered by this call or an earlier one
   */
  <D extends DataPoint> Family<D> family(FamilySpec<D> spec, String[] extraLabels,
      int firstExtraSlot) {
    String[] names = spec.labelNames(extraLabels);
    int[] slots = spec.slots(extraLabels.length, firstExtraSlot);
    return new Family<>(metric(spec, names), slots);
  }

  /**
   * The family of a spec.
   *
   * @param spec the family's name, help, unit and labels
   * @param <D> the data point type
   * @return the family, registered by this call or an earlier one
   */
  <D extends DataPoint> Family<D> family(FamilySpec<D> spec) {
    return family(spec, new String[0], 0);
  }

  /**
   * The one place a family's metric is built: gauges, and counters and histograms configured by
   * client_java's metric properties over the library's defaults ({@link FamilyProperties}: by
   * default histograms with classic buckets only, since a native histogram costs more per
   * observation and needs the protobuf format, and exemplars only where the spec asks).
   */
  private StatefulMetric<?, ?> build(FamilySpec<?> spec, String[] labelNames) {
    return switch (spec.kind()) {
      case COUNTER -> FamilyProperties.counter(properties, spec.name(), spec.exemplars())
          .name(spec.name()).help(spec.help()).labelNames(labelNames).build();
      case GAUGE -> Gauge.builder().name(spec.name()).help(spec.help())
          .labelNames(labelNames).withoutExemplars().build();
      case HISTOGRAM -> FamilyProperties.histogram(properties, spec.name(), spec.buckets(),
              spec.exemplars())
          .name(spec.name()).help(spec.help()).unit(spec.unit()).labelNames(labelNames).build();
    };
  }

  /**
   * Whether a family samples exemplars, as {@link #build} made it: the domains read a request's
   * span only for the families that do.
   *
   * @param spec the family
   * @return its property, else the global one, else the spec's default
   */
  boolean exemplars(FamilySpec<?> spec) {
    return FamilyProperties.exemplars(properties, spec.name(), spec.exemplars());
  }

  /**
   * client_java's exemplar sample interval ({@code io.prometheus.exemplars.sample_interval_milliseconds}),
   * at which an {@link ExemplarGate} opens.
   *
   * @return the interval in nanoseconds
   */
  long exemplarIntervalNanos() {
    Integer millis = properties.getExemplarProperties().getSampleIntervalMilliseconds();
    // client_java's ExemplarSamplerConfig default when the property is not set.
    return TimeUnit.MILLISECONDS.toNanos(millis == null ? 90 : millis);
  }

  @SuppressWarnings("unchecked")
  private <D extends DataPoint> StatefulMetric<D, ?> metric(FamilySpec<D> spec,
      String[] labelNames) {
    List<String> labels = List.of(labelNames);
    String name = spec.name();
    synchronized (this) {
      Registered existing = byName.get(name);
      if (existing != null) {
        if (!spec.kind().type().isInstance(existing.metric())
            || !existing.labelNames().equals(labels)) {
          throw new IllegalStateException("metric " + name + " is already registered by another "
              + "Vert.x instance with other options (" + existing.metric().getClass().getSimpleName()
              + " with labels " + existing.labelNames() + ", now "
              + spec.kind().type().getSimpleName() + " with labels " + labels + "): give each "
              + "naming its own registry");
        }
        return (StatefulMetric<D, ?>) existing.metric();
      }
      StatefulMetric<?, ?> metric = build(spec, labelNames);
      try {
        registry.register(metric);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("cannot register Vert.x's metric " + name + ": "
            + e.getMessage() + " (another collector in the registry uses the name)", e);
      }
      byName.put(name, new Registered(metric, labels));
      return (StatefulMetric<D, ?>) metric;
    }
  }

  /**
   * The cardinality guard of a group of families that share a key, shared by every Vert.x
   * instance on this registry. The first call sets the limit; later calls get the same guard.
   *
   * @param families the families' name pattern, for the warning (e.g. {@code http_client_*})
   * @param max the most distinct keys, from {@code PrometheusMetricsOptions#getMaxLabelValues()}
   * @param labels the names of the key's traffic-grown labels, for the warning
   * @return the guard
   */
  synchronized KeyGuard guard(String families, int max, String... labels) {
    return guards.computeIfAbsent(families + ' ' + String.join(",", labels),
        key -> new KeyGuard(families, labels, max));
  }

  /**
   * State shared by every Vert.x instance on this registry (e.g. the pools' sizes, summed over
   * every pool that records into one series).
   *
   * @param key what the state is
   * @param make makes it on first use
   * @param <T> its type
   * @return the state
   */
  @SuppressWarnings("unchecked")
  synchronized <T> T shared(String key, Supplier<T> make) {
    return (T) shared.computeIfAbsent(key, k -> make.get());
  }
}
