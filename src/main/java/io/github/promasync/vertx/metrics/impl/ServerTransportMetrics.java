package io.github.promasync.vertx.metrics.impl;

import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.TransportMetrics;

/**
 * Connections and bytes of an HTTP server's listener (Vert.x 5.1 reports them apart from the
 * requests, through {@code createTcpServerMetrics(config, "http", address)}). Also where a closed
 * connection finishes the requests still open on it ({@link ServerConnections} says why they are
 * found by the address object Vert.x hands back here, and not through the connection's metric).
 */
final class ServerTransportMetrics implements TransportMetrics<Object> {

  // Vert.x hands the connection's metric back on every call; nothing per connection is needed,
  // but a non-null marker keeps any "metric != null" check on Vert.x's side true.
  private static final Object CONNECTION = new Object();

  private final HttpServerDomain domain;
  private final ServerSeries series;

  ServerTransportMetrics(HttpServerDomain domain, ServerSeries series) {
    this.domain = domain;
    this.series = series;
  }

  @Override
  public Object connected(SocketAddress remoteAddress, String remoteName) {
    series.connections.inc();
    return CONNECTION;
  }

  @Override
  public void disconnected(Object connection, SocketAddress remoteAddress) {
    series.connections.dec();
    domain.openRequests.closed(remoteAddress);
  }

  @Override
  public void bytesRead(Object connection, SocketAddress remoteAddress, long numberOfBytes) {
    series.bytesRead.inc(numberOfBytes);
  }

  @Override
  public void bytesWritten(Object connection, SocketAddress remoteAddress, long numberOfBytes) {
    series.bytesWritten.inc(numberOfBytes);
  }
}
