package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.config.MetricsProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * client_java's metric properties applied to one family: for each property, the family's own
 * ({@code io.prometheus.metrics.<family>.<property>}, family = the name Prometheus shows), then the
 * global one ({@code io.prometheus.metrics.<property>}), then this library's default.
 *
 * <p>client_java's builders read the same properties, but put what the builder sets between the
 * family's and the global ones: a builder that says {@code classicOnly()} would win over a global
 * {@code histogram_native_only}. So the precedence is resolved here and the builder is given the
 * outcome of every property; client_java's own lookup of the family's properties, first in its
 * order, then agrees with it.
 */
final class FamilyProperties {

  private final MetricsProperties family;
  private final MetricsProperties global;

  private FamilyProperties(PrometheusProperties properties, String... names) {
    MetricsProperties found = null;
    for (int i = 0; i < names.length && found == null; i++) {
      found = properties.getMetricProperties(names[i]);
    }
    family = found;
    global = properties.getDefaultMetricProperties();
  }

  /**
   * A histogram builder configured for one family.
   *
   * @param properties the properties
   * @param name the family's name, with its unit ({@code http_server_request_duration_seconds})
   * @param upperBounds the library's classic buckets
   * @param exemplars whether the library samples exemplars for it by default
   * @return the builder, without name, help, unit and labels
   */
  static Histogram.Builder histogram(PrometheusProperties properties, String name,
      double[] upperBounds, boolean exemplars) {
    FamilyProperties resolved = new FamilyProperties(properties, name);
    Histogram.Builder builder = Histogram.builder(properties);
    // Native only, classic only or both: one choice, made by the most specific level that says
    // anything about it; the library's is classic only. client_java reads one of the two alone
    // as saying the other's opposite (classic_only=false is native only); both false is both.
    MetricsProperties choice = resolved.levelSetting(resolved.family)
        ? resolved.family : resolved.levelSetting(resolved.global) ? resolved.global : null;
    boolean nativeOnly = choice != null && Boolean.TRUE.equals(choice.getHistogramNativeOnly());
    boolean classicOnly = choice == null || Boolean.TRUE.equals(choice.getHistogramClassicOnly());
    if (nativeOnly && classicOnly) {
      throw new IllegalArgumentException("metric properties of " + name + ": histogram_native_only"
          + " and histogram_classic_only are both true");
    }
    if (nativeOnly) {
      builder.nativeOnly();
    } else {
      if (classicOnly) {
        builder.classicOnly();
      }
      List<Double> bounds = resolved.get(MetricsProperties::getHistogramClassicUpperBounds);
      builder.classicUpperBounds(bounds == null ? upperBounds
          : bounds.stream().mapToDouble(Double::doubleValue).toArray());
    }
    Integer schema = resolved.get(MetricsProperties::getHistogramNativeInitialSchema);
    if (schema != null) {
      builder.nativeInitialSchema(schema);
    }
    Double minZero = resolved.get(MetricsProperties::getHistogramNativeMinZeroThreshold);
    if (minZero != null) {
      builder.nativeMinZeroThreshold(minZero);
    }
    Double maxZero = resolved.get(MetricsProperties::getHistogramNativeMaxZeroThreshold);
    if (maxZero != null) {
      builder.nativeMaxZeroThreshold(maxZero);
    }
    Integer buckets = resolved.get(MetricsProperties::getHistogramNativeMaxNumberOfBuckets);
    if (buckets != null) {
      builder.nativeMaxNumberOfBuckets(buckets);
    }
    Long reset = resolved.get(MetricsProperties::getHistogramNativeResetDurationSeconds);
    if (reset != null) {
      builder.nativeResetDuration(reset, TimeUnit.SECONDS);
    }
    if (resolved.exemplars(exemplars)) {
      builder.withExemplars();
    } else {
      builder.withoutExemplars();
    }
    return builder;
  }

  /**
   * A counter builder configured for one family: only {@code exemplars_enabled} applies.
   *
   * @param properties the properties
   * @param name the family's name without {@code _total}; its properties are looked up with
   *     {@code _total} (the name Prometheus shows), then without (client_java's own lookup)
   * @param exemplars whether the library samples exemplars for it by default
   * @return the builder, without name, help and labels
   */
  static Counter.Builder counter(PrometheusProperties properties, String name,
      boolean exemplars) {
    FamilyProperties resolved = new FamilyProperties(properties, name + "_total", name);
    Counter.Builder builder = Counter.builder(properties);
    if (resolved.exemplars(exemplars)) {
      builder.withExemplars();
    } else {
      builder.withoutExemplars();
    }
    return builder;
  }

  /**
   * Whether a histogram family samples exemplars.
   *
   * @param properties the properties
   * @param name the family's name
   * @param byDefault the library's choice
   * @return the family's setting, else the global one, else {@code byDefault}
   */
  static boolean exemplars(PrometheusProperties properties, String name, boolean byDefault) {
    return new FamilyProperties(properties, name).exemplars(byDefault);
  }

  /** Whether exemplars are sampled: the family's setting, the global one, the library's. */
  boolean exemplars(boolean byDefault) {
    Boolean enabled = get(MetricsProperties::getExemplarsEnabled);
    return enabled == null ? byDefault : enabled;
  }

  private boolean levelSetting(MetricsProperties level) {
    return level != null
        && (level.getHistogramNativeOnly() != null || level.getHistogramClassicOnly() != null);
  }

  private <T> T get(Function<MetricsProperties, T> property) {
    T value = family == null ? null : property.apply(family);
    return value != null ? value : global == null ? null : property.apply(global);
  }
}
