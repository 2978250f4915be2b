package io.github.promasync.vertx.impl;

import io.github.promasync.vertx.MetricsHandler;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.ext.web.RoutingContext;

/** Placeholder until the exporter-common adapter lands. */
public final class MetricsHandlerImpl implements MetricsHandler {

  /**
   * @param properties exporter properties
   * @param registry the registry to serve
   */
  public MetricsHandlerImpl(PrometheusProperties properties, PrometheusRegistry registry) {
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().setStatusCode(503).end("metrics handler not built yet\n");
  }
}
