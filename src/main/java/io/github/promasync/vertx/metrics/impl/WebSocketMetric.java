package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

/**
 * One open WebSocket, server or client side: counted in its gauge from Vert.x's
 * {@code connected} to its {@code disconnected}, which Vert.x reports when the socket closes,
 * whichever side closes it or when it fails. The gauge goes down once, however often
 * {@code disconnected} comes.
 *
 * <p>Both namings use vertx-micrometer-metrics' names,
 * {@code vertx_http_server_active_ws_connections} and
 * {@code vertx_http_client_active_ws_connections} (no semantic convention counts WebSockets), so
 * a dashboard migrated from it keeps them. OPENTELEMETRY labels them like its connection
 * gauges; MICROMETER has no labels, like vertx-micrometer-metrics by default (the rows are in
 * the domains' {@code Names} tables).
 */
final class WebSocketMetric extends StateWord {

  private static final int CLOSED = 1;

  private final GaugeDataPoint open;

  WebSocketMetric(GaugeDataPoint open) {
    this.open = open;
    open.inc();
  }

  void closed() {
    if ((set(CLOSED) & CLOSED) == 0) {
      open.dec();
    }
  }
}
