package io.github.promasync.vertx.bench;

import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientConfig;
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TcpClientConfig;
import io.vertx.core.net.TcpServerConfig;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TransportMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * Vert.x metrics that record nothing but are there: Vert.x takes its metrics-enabled paths (e.g.
 * the statistics-gathering HTTP client stream) and calls every callback, each a no-op. What a
 * contender costs above this is its own code; this against no metrics is Vert.x's share.
 */
final class NoopVertxMetrics implements VertxMetrics {

  private static final ClientMetrics<Object, HttpRequest, HttpResponse> ENDPOINT =
      new ClientMetrics<>() { };

  @Override
  public boolean isMetricsEnabled() {
    return true;
  }

  @Override
  public EventBusMetrics<?> createEventBusMetrics() {
    return new EventBusMetrics<Object>() { };
  }

  @Override
  public HttpServerMetrics<?, ?> createHttpServerMetrics(HttpServerConfig config,
      SocketAddress tcpLocalAddress, SocketAddress udpLocalAddress) {
    return new HttpServerMetrics<Object, Object>() { };
  }

  @Override
  public HttpClientMetrics<?, ?> createHttpClientMetrics(HttpClientConfig config) {
    return new HttpClientMetrics<Object, Object>() {
      @Override
      @SuppressWarnings("unchecked")
      public ClientMetrics<Object, HttpRequest, HttpResponse> createEndpointMetrics(
          SocketAddress remoteAddress, int maxPoolSize) {
        return ENDPOINT;
      }
    };
  }

  @Override
  public TransportMetrics<?> createTcpServerMetrics(TcpServerConfig config, String protocol,
      SocketAddress localAddress) {
    return new TransportMetrics<Object>() { };
  }

  @Override
  public TransportMetrics<?> createTcpClientMetrics(TcpClientConfig config, String protocol) {
    return new TransportMetrics<Object>() { };
  }

  @Override
  public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
    return new DatagramSocketMetrics() { };
  }

  @Override
  public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
    return new PoolMetrics<Object, Object>() { };
  }
}
