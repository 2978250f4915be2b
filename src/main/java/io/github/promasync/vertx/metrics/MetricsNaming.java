package io.github.promasync.vertx.metrics;

/**
 * The names and default labels of the metrics that {@link PrometheusMetricsFactory} reports.
 */
public enum MetricsNaming {

  /**
   * The OpenTelemetry semantic conventions written the Prometheus way, e.g.
   * {@code http_server_request_duration_seconds{http_request_method, http_response_status_code,
   * http_route, url_scheme, error_type}}. The default.
   */
  OPENTELEMETRY,

  /**
   * The names and default labels of vertx-micrometer-metrics (its default {@code v4} naming), e.g.
   * {@code vertx_http_server_requests_total{method, code}} plus {@code route}, for users who
   * switch from it and keep their dashboards. Its timers and distribution summaries become
   * histograms: {@code _count} and {@code _sum} keep working, {@code _max} is not reported.
   */
  MICROMETER
}
