package io.github.promasync.vertx.metrics.impl;

import io.github.promasync.vertx.metrics.impl.ConnectionFamilies.ConnectionSeries;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.TransportMetrics;

import java.util.function.BiFunction;

/**
 * The connections of one transport (an HTTP client's, a TCP server's or client's): the series a
 * connection records into are found once, when it connects, and Vert.x hands them back as the
 * connection's metric on every later call.
 */
final class ConnectionMetrics implements TransportMetrics<ConnectionSeries> {

  private final BiFunction<SocketAddress, String, ConnectionSeries> series;

  /**
   * @param series the series of a connection from its remote address and name (either may be
   *     {@code null}); also asked, with the remote address, for calls that come without a
   *     connection's metric (an error before connecting)
   */
  ConnectionMetrics(BiFunction<SocketAddress, String, ConnectionSeries> series) {
    this.series = series;
  }

  /** The metrics of a transport whose connections all record into {@code series}. */
  ConnectionMetrics(ConnectionSeries series) {
    this((address, name) -> series);
  }

  private ConnectionSeries of(ConnectionSeries connection, SocketAddress remoteAddress) {
    return connection != null ? connection : series.apply(remoteAddress, null);
  }

  @Override
  public ConnectionSeries connected(SocketAddress remoteAddress, String remoteName) {
    ConnectionSeries connection = series.apply(remoteAddress, remoteName);
    connection.connections.inc();
    return connection;
  }

  @Override
  public void disconnected(ConnectionSeries connection, SocketAddress remoteAddress) {
    if (connection != null) {
      connection.connections.dec();
    }
  }

  @Override
  public void bytesRead(ConnectionSeries connection, SocketAddress remoteAddress,
      long numberOfBytes) {
    of(connection, remoteAddress).bytesRead.inc(numberOfBytes);
  }

  @Override
  public void bytesWritten(ConnectionSeries connection, SocketAddress remoteAddress,
      long numberOfBytes) {
    of(connection, remoteAddress).bytesWritten.inc(numberOfBytes);
  }

  @Override
  public void exceptionOccurred(ConnectionSeries connection, SocketAddress remoteAddress,
      Throwable failure) {
    of(connection, remoteAddress).error(failure);
  }
}
