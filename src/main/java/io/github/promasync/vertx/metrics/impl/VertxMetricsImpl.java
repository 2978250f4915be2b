package io.github.promasync.vertx.metrics.impl;

import io.github.promasync.vertx.metrics.MetricsDomain;
import io.github.promasync.vertx.metrics.PrometheusMetricsOptions;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientConfig;
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.net.QuicEndpointConfig;
import io.vertx.core.net.QuicServerConfig;
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

/**
 * The metrics of one Vert.x instance: one small object per domain, each made once here (or
 * {@code null} when its {@link MetricsDomain} is disabled, so that Vert.x skips its calls), and
 * the {@code create*Metrics} methods hand out its per-server or per-client objects.
 *
 * <p>Where a new domain goes: a table of its families per naming ({@link FamilySpec} rows, as
 * {@code HttpServerDomain.Names}), registered through {@link Families}; its series bound per key
 * through a {@link Series} (under a {@link KeyGuard} for the labels traffic grows); a field built
 * in the constructor, {@code null} if {@link PrometheusMetricsOptions#isDomainEnabled} says so;
 * and the override of the matching {@code create*Metrics} method returning its per-object
 * metrics or {@code null}. One file per domain in this package.
 *
 * <p>Public only because {@code PrometheusMetricsFactory}, in the package above, creates it.
 */
public final class VertxMetricsImpl implements VertxMetrics {

  private final HttpServerDomain httpServer;
  private final EventBusDomain eventBus;
  private final EventLoopHealth eventLoops;
  private final HttpClientDomain httpClient;
  private final NetDomain netServer;
  private final NetDomain netClient;
  private final DatagramDomain datagram;
  private final PoolDomain pools;
  private final ClientDomain clients;

  private VertxMetricsImpl(PrometheusMetricsOptions options) {
    Families families = Families.of(options.getRegistry(), options.getProperties());
    httpServer = options.isDomainEnabled(MetricsDomain.HTTP_SERVER)
        ? new HttpServerDomain(families, options.getNaming(),
            options.getServerRequestLabels(), options.getMaxLabelValues(),
            options.getExcludedRoutes())
        : null;
    eventBus = options.isDomainEnabled(MetricsDomain.EVENT_BUS)
        ? new EventBusDomain(families, options.getMaxLabelValues())
        : null;
    eventLoops = options.isEventLoopDelayEnabled() || options.isBlockedThreadsEnabled()
        ? new EventLoopHealth(families,
            options.isEventLoopDelayEnabled() ? options.getEventLoopDelayInterval() : 0,
            options.isBlockedThreadsEnabled())
        : null;
    if (options.isJvmMetricsEnabled()) {
      JvmMetricsBinding.register(options.getRegistry());
    }
    int maxLabelValues = options.getMaxLabelValues();
    httpClient = options.isDomainEnabled(MetricsDomain.HTTP_CLIENT)
        ? new HttpClientDomain(families, options.getNaming(), maxLabelValues,
            options.getClientRequestLabels())
        : null;
    netServer = options.isDomainEnabled(MetricsDomain.NET_SERVER)
        ? NetDomain.server(families)
        : null;
    netClient = options.isDomainEnabled(MetricsDomain.NET_CLIENT)
        ? NetDomain.client(families)
        : null;
    datagram = options.isDomainEnabled(MetricsDomain.DATAGRAM)
        ? new DatagramDomain(families)
        : null;
    pools = options.isDomainEnabled(MetricsDomain.POOLS)
        ? PoolDomain.of(families, maxLabelValues)
        : null;
    clients = options.isDomainEnabled(MetricsDomain.CLIENTS)
        ? new ClientDomain(families, maxLabelValues)
        : null;
  }

  /**
   * The metrics of one Vert.x instance. A factory method returning the SPI type, so that the
   * factory's bytecode names no class of the Vert.x 5.1 SPI (it checks the version first).
   *
   * @param options the options
   * @return new metrics
   */
  public static VertxMetrics create(PrometheusMetricsOptions options) {
    return new VertxMetricsImpl(options);
  }

  @Override
  public boolean isMetricsEnabled() {
    return true;
  }

  @Override
  public void vertxCreated(Vertx vertx) {
    if (eventLoops != null) {
      eventLoops.start(vertx);
    }
  }

  @Override
  public void close() {
    if (eventLoops != null) {
      eventLoops.stop();
    }
  }

  @Override
  public HttpServerMetrics<?, ?> createHttpServerMetrics(HttpServerConfig config,
      SocketAddress tcpLocalAddress, SocketAddress udpLocalAddress) {
    return httpServer == null ? null
        : httpServer.serverMetrics(config, tcpLocalAddress == null && udpLocalAddress != null);
  }

  @Override
  public EventBusMetrics<?> createEventBusMetrics() {
    return eventBus;
  }

  @Override
  public TransportMetrics<?> createTcpServerMetrics(TcpServerConfig config, String protocol,
      SocketAddress localAddress) {
    if ("http".equals(protocol)) {
      return httpServer == null ? null : httpServer.transportMetrics(config);
    }
    return netServer == null ? null : netServer.metrics();
  }

  /**
   * The connections (and, on the client side, the bytes) of HTTP/3: Vert.x reports them through
   * the QUIC endpoint of an HTTP/3 server or client (protocol {@code "http"}), apart from its TCP
   * listeners. The server's connections count as {@code https}; Vert.x 5.1 reports no bytes for
   * an HTTP/3 server. Other QUIC endpoints (Vert.x's raw {@code QuicServer} and
   * {@code QuicClient}) are not counted.
   */
  @Override
  public TransportMetrics<?> createQuicEndpointMetrics(QuicEndpointConfig config, String protocol,
      SocketAddress localAddress) {
    if (!"http".equals(protocol)) {
      return null;
    }
    if (config instanceof QuicServerConfig) {
      return httpServer == null ? null : httpServer.quicTransportMetrics();
    }
    return httpClient == null ? null : httpClient.transportMetrics();
  }

  @Override
  public HttpClientMetrics<?, ?> createHttpClientMetrics(HttpClientConfig config) {
    return httpClient == null ? null : new HttpClientMetricsImpl(httpClient);
  }

  @Override
  public TransportMetrics<?> createTcpClientMetrics(TcpClientConfig config, String protocol) {
    if ("http".equals(protocol)) {
      return httpClient == null ? null : httpClient.transportMetrics();
    }
    return netClient == null ? null : netClient.metrics();
  }

  @Override
  public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
    return datagram;
  }

  @Override
  public PoolMetrics<?, ?> createPoolMetrics(String poolType, String poolName, int maxPoolSize) {
    return pools == null ? null : pools.poolMetrics(poolType, poolName, maxPoolSize);
  }

  @Override
  public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type,
      String namespace) {
    return clients == null ? null : clients.clientMetrics(remoteAddress, type, namespace);
  }
}
