package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import io.vertx.core.net.SocketAddress;

/**
 * The clients that report through Vert.x's generic client metrics ({@code createClientMetrics}:
 * the SQL, Redis and other Vert.x clients), in both namings under vertx-micrometer-metrics' names:
 * {@code vertx_<type>_processing_time_seconds}, {@code vertx_<type>_processing_pending},
 * {@code vertx_<type>_resets_total}, labels {@code remote} and {@code client_namespace}, both
 * under the cardinality guard. The families of a type are found when a client is created, never
 * per request.
 */
final class ClientDomain {

  private final Families families;
  private final int maxLabelValues;
  private final Children<String, TypeFamilies> byType;

  ClientDomain(Families families, int maxLabelValues) {
    this.families = families;
    this.maxLabelValues = maxLabelValues;
    this.byType = new Children<>(type -> new TypeFamilies(metricName(type)));
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

  /** The metrics of one client of a type, to a remote, in a namespace. */
  GenericClientMetrics clientMetrics(SocketAddress remote, String type, String namespace) {
    TypeFamilies families = byType.get(type == null ? "" : type);
    String remoteLabel = families.remotes.admit(remote == null ? "" : remote.toString());
    String namespaceLabel = families.namespaces.admit(namespace == null ? "" : namespace);
    return new GenericClientMetrics(
        families.processingTime.labelValues(remoteLabel, namespaceLabel),
        families.pending.labelValues(remoteLabel, namespaceLabel),
        families.resets.labelValues(remoteLabel, namespaceLabel));
  }

  private final class TypeFamilies {
    final Histogram processingTime;
    final Gauge pending;
    final Counter resets;
    final LabelGuard remotes;
    final LabelGuard namespaces;

    TypeFamilies(String type) {
      String prefix = "vertx_" + type;
      processingTime = families.histogram(prefix + "_processing_time_seconds",
          "Processing time, from request start to response end", Unit.SECONDS,
          HttpServerDomain.DURATION_BUCKETS, "remote", "client_namespace");
      pending = families.gauge(prefix + "_processing_pending",
          "Number of elements being processed", "remote", "client_namespace");
      resets = families.counter(prefix + "_resets", "Total number of resets",
          "remote", "client_namespace");
      remotes = families.guard(prefix + "_*", "remote", maxLabelValues);
      namespaces = families.guard(prefix + "_*", "client_namespace", maxLabelValues);
    }
  }
}
