package io.github.promasync.vertx.metrics.impl;

import io.github.promasync.vertx.metrics.MetricsNaming;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.model.snapshots.Unit;
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TcpServerConfig;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP server domain of one Vert.x instance: its families (shared through {@link Families}
 * with every other instance on the registry), the label children bound so far (shared by all its
 * servers), and the requests whose response ended before their body.
 *
 * <p>A request is described by the tuple (method, status, route, scheme, error); each family
 * takes the labels its {@link MetricsNaming} gives it from that tuple.
 */
final class HttpServerDomain {

  static final int METHOD = 0;
  static final int STATUS = 1;
  static final int ROUTE = 2;
  static final int SCHEME = 3;
  static final int ERROR = 4;

  /** The OpenTelemetry buckets of {@code http.server.request.duration}, in seconds. */
  static final double[] DURATION_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10
  };

  /** Body sizes: powers of 4 from 64 bytes to 16 MiB. */
  static final double[] BODY_SIZE_BUCKETS = {
    64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216
  };

  /** {@code error_type} of a request reset before its response ended. */
  static final String RESET = "reset";

  final Family<DistributionDataPoint> duration;
  final Family<DistributionDataPoint> requestBody;
  final Family<DistributionDataPoint> responseBody;
  final Family<GaugeDataPoint> active;
  // MICROMETER only: a counter of requests beside the timer, and resets counted apart.
  final Family<CounterDataPoint> requests;
  final Family<CounterDataPoint> resets;
  final Family<GaugeDataPoint> connections;
  final Family<CounterDataPoint> bytesRead;
  final Family<CounterDataPoint> bytesWritten;

  private final ServerSeries http;
  private final ServerSeries https;
  private final RouteNames routeNames = new RouteNames();

  // HTTP/1 reports neither requestEnd nor requestReset for a request whose response ended
  // before its body and whose connection then closed (Vert.x core #6328): such requests wait
  // here, by remote address (one per HTTP/1 connection), until their body or the close.
  private final ConcurrentHashMap<SocketAddress, RequestMetric> awaitingBody =
      new ConcurrentHashMap<>();

  HttpServerDomain(Families families, MetricsNaming naming) {
    if (naming == MetricsNaming.MICROMETER) {
      duration = new Family<>(families.histogram("vertx_http_server_response_time_seconds",
          "Request processing time", Unit.SECONDS, DURATION_BUCKETS, "method", "code", "route"),
          METHOD, STATUS, ROUTE);
      requestBody = new Family<>(families.histogram("vertx_http_server_request_bytes",
          "Size of requests in bytes", Unit.BYTES, BODY_SIZE_BUCKETS, "method"), METHOD);
      responseBody = new Family<>(families.histogram("vertx_http_server_response_bytes",
          "Size of responses in bytes", Unit.BYTES, BODY_SIZE_BUCKETS, "method", "code", "route"),
          METHOD, STATUS, ROUTE);
      active = new Family<>(families.gauge("vertx_http_server_active_requests",
          "Number of requests being processed", "method"), METHOD);
      requests = new Family<>(families.counter("vertx_http_server_requests",
          "Number of processed requests", "method", "code", "route"), METHOD, STATUS, ROUTE);
      resets = new Family<>(families.counter("vertx_http_server_request_resets",
          "Number of request resets", "method"), METHOD);
      connections = new Family<>(families.gauge("vertx_http_server_active_connections",
          "Number of opened connections to the server"));
      bytesRead = new Family<>(families.counter("vertx_http_server_bytes_read",
          "Number of bytes received by the server"));
      bytesWritten = new Family<>(families.counter("vertx_http_server_bytes_written",
          "Number of bytes sent by the server"));
    } else {
      String[] labels = {
        "http_request_method", "http_response_status_code", "http_route", "url_scheme", "error_type"
      };
      duration = new Family<>(families.histogram("http_server_request_duration_seconds",
          "Duration of HTTP server requests", Unit.SECONDS, DURATION_BUCKETS, labels),
          METHOD, STATUS, ROUTE, SCHEME, ERROR);
      requestBody = new Family<>(families.histogram("http_server_request_body_size_bytes",
          "Size of HTTP server request bodies", Unit.BYTES, BODY_SIZE_BUCKETS, labels),
          METHOD, STATUS, ROUTE, SCHEME, ERROR);
      responseBody = new Family<>(families.histogram("http_server_response_body_size_bytes",
          "Size of HTTP server response bodies", Unit.BYTES, BODY_SIZE_BUCKETS, labels),
          METHOD, STATUS, ROUTE, SCHEME, ERROR);
      active = new Family<>(families.gauge("http_server_active_requests",
          "Number of active HTTP server requests", "http_request_method", "url_scheme"),
          METHOD, SCHEME);
      requests = null;
      resets = null;
      connections = new Family<>(families.gauge("http_server_active_connections",
          "Number of open HTTP server connections", "url_scheme"), SCHEME);
      bytesRead = new Family<>(families.counter("http_server_read_bytes",
          "Bytes received on HTTP server connections (request bodies as Vert.x counts them)",
          "url_scheme"), SCHEME);
      bytesWritten = new Family<>(families.counter("http_server_written_bytes",
          "Bytes sent on HTTP server connections (response bodies as Vert.x counts them)",
          "url_scheme"), SCHEME);
    }
    http = new ServerSeries(this, "http");
    https = new ServerSeries(this, "https");
  }

  /** The request metrics of one HTTP server (one per verticle instance in Vert.x 5.1). */
  HttpServerMetricsImpl serverMetrics(HttpServerConfig config, boolean quic) {
    boolean ssl = quic || config.getTcpConfig().isSsl();
    return new HttpServerMetricsImpl(ssl ? https : http);
  }

  /** The connection and byte metrics of one HTTP server's listener. */
  ServerTransportMetrics transportMetrics(TcpServerConfig config) {
    return new ServerTransportMetrics(this, config.isSsl() ? https : http);
  }

  RouteNames routeNames() {
    return routeNames;
  }

  void awaitBody(RequestMetric request) {
    SocketAddress remote = request.remote;
    if (remote != null) {
      awaitingBody.put(remote, request);
    }
  }

  void bodyEnded(RequestMetric request) {
    SocketAddress remote = request.remote;
    if (remote != null) {
      awaitingBody.remove(remote, request);
    }
  }

  /** A connection closed: the request on it that still waited for its body has ended. */
  void connectionClosed(SocketAddress remote) {
    if (remote != null && !awaitingBody.isEmpty()) {
      RequestMetric request = awaitingBody.remove(remote);
      if (request != null) {
        request.connectionClosed();
      }
    }
  }
}
