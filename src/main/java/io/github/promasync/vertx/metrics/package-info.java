/**
 * Vert.x's own metrics (HTTP servers, and more, through the Vert.x metrics SPI) reported natively
 * into a client_java {@link io.prometheus.metrics.model.registry.PrometheusRegistry}: install
 * {@link io.github.promasync.vertx.metrics.PrometheusMetricsFactory} with
 * {@link io.github.promasync.vertx.metrics.PrometheusMetricsOptions}. Needs Vert.x 5.1 or later.
 */
package io.github.promasync.vertx.metrics;
