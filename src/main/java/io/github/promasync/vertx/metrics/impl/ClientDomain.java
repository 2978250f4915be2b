package io.github.promasync.vertx.metrics.impl;

import static io.github.promasync.vertx.metrics.impl.FamilySpec.counter;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.gauge;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.histogram;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.label;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.model.snapshots.Unit;
import io.vertx.core.net.SocketAddress;

/**
 * The clients that report through Vert.x's generic client metrics ({@code createClientMetrics}:
 * the SQL, Redis and other Vert.x clients), in both namings under vertx-micrometer-metrics' names:
 * {@code vertx_<type>_processing_time_seconds}, {@code vertx_<type>_processing_pending},
 * {@code vertx_<type>_resets_total}, labels {@code remote} and {@code client_namespace}, both
 * under the cardinality guard as one key. The families of a type are found when a client is created, never
 * per request.
 */
final class ClientDomain {

  static final int REMOTE = 0;
  static final int NAMESPACE = 1;

  /** The families of a client type, the same in both namings. */
  record Names(FamilySpec<DistributionDataPoint> processingTime, FamilySpec<GaugeDataPoint> pending,
      FamilySpec<CounterDataPoint> resets) {

    static Names of(String type) {
      String prefix = "vertx_" + type;
      return new Names(
          histogram(prefix + "_processing_time_seconds",
              "Processing time, from request start to response end", Unit.SECONDS,
              HttpServerDomain.DURATION_BUCKETS, label("remote", REMOTE),
              label("client_namespace", NAMESPACE)),
          gauge(prefix + "_processing_pending", "Number of elements being processed",
              label("remote", REMOTE), label("client_namespace", NAMESPACE)),
          counter(prefix + "_resets", "Total number of resets", label("remote", REMOTE),
              label("client_namespace", NAMESPACE)));
    }
  }

  /** The guarded key of a client: its remote and namespace. */
  record Key(String remote, String namespace) {
    static final Key OTHER = new Key(KeyGuard.OTHER, KeyGuard.OTHER);
  }

  private final Families families;
  private final int maxLabelValues;
  // Client types come from code (sql, redis...): no guard on them.
  private final Series<String, Series<Key, GenericClientMetrics>> byType;

  ClientDomain(Families families, int maxLabelValues) {
    this.families = families;
    this.maxLabelValues = maxLabelValues;
    this.byType = new Series<>(this::typeSeries);
  }

  private Series<Key, GenericClientMetrics> typeSeries(String type) {
    String name = metricName(type);
    Names names = Names.of(name);
    Family<DistributionDataPoint> processingTime = families.family(names.processingTime());
    Family<GaugeDataPoint> pending = families.family(names.pending());
    Family<CounterDataPoint> resets = families.family(names.resets());
    KeyGuard guard = families.guard("vertx_" + name + "_*", maxLabelValues, "remote",
        "client_namespace");
    return new Series<>(guard::admit, key -> Key.OTHER, key -> {
      String[] values = {key.remote(), key.namespace()};
      return new GenericClientMetrics(processingTime.bind(values), pending.bind(values),
          resets.bind(values));
    });
  }

  /**
   * The client type as it goes into a metric name: characters outside {@code [a-zA-Z0-9_]}
   * become {@code _}, and a leading digit gets a {@code _} before it.
   *
   * @param type the type a Vert.x client reports, e.g. {@code sql}
   * @return a valid part of a Prometheus metric name
   */
  static String metricName(String type) {
    if (type == null || type.isEmpty()) {
      return "client";
    }
    StringBuilder name = new StringBuilder(type.length() + 1);
    if (Character.isDigit(type.charAt(0))) {
      name.append('_');
    }
    for (int i = 0; i < type.length(); i++) {
      char c = type.charAt(i);
      boolean valid = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '_';
      name.append(valid ? c : '_');
    }
    return name.toString();
  }

  /** The metrics of one client of a type, to a remote, in a namespace (shared per key). */
  GenericClientMetrics clientMetrics(SocketAddress remote, String type, String namespace) {
    return byType.get(type == null ? "" : type).get(new Key(
        remote == null ? "" : remote.toString(), namespace == null ? "" : namespace));
  }
}
