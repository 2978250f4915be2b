package io.github.promasync.vertx.metrics.impl;

import io.github.promasync.vertx.metrics.MetricsNaming;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.model.snapshots.Unit;
import io.vertx.core.net.SocketAddress;

/**
 * The HTTP client domain of one Vert.x instance: its families (shared through {@link Families}),
 * and the series of each server it talks to, bound once per (server address, port) when Vert.x
 * creates an endpoint or a connection, never per request.
 *
 * <p>A request is described by the tuple (method, status, address, port, scheme, error); each
 * family takes the labels its {@link MetricsNaming} gives it. {@code server_address} comes from
 * configuration and traffic, so it is under the cardinality guard.
 */
final class HttpClientDomain {

  static final int METHOD = 0;
  static final int STATUS = 1;
  static final int ADDRESS = 2;
  static final int PORT = 3;
  static final int SCHEME = 4;
  static final int ERROR = 5;

  final Family<DistributionDataPoint> duration;
  final Family<DistributionDataPoint> requestBody;
  final Family<DistributionDataPoint> responseBody;
  final Family<GaugeDataPoint> active;
  // MICROMETER only: requests counted (and sized) when they end, responses counted apart.
  final Family<CounterDataPoint> requests;
  final Family<CounterDataPoint> responses;
  final boolean requestBodyByMethod;
  final ConnectionFamilies transport;

  private final GuardedChildren<IntChildren<EndpointSeries>> endpoints;
  // MICROMETER: no label names the server, so every server shares one series (and no guard
  // warns about addresses that are no label).
  private final EndpointSeries anyServer;

  HttpClientDomain(Families families, MetricsNaming naming, int maxLabelValues) {
    double[] seconds = HttpServerDomain.DURATION_BUCKETS;
    double[] bytes = HttpServerDomain.BODY_SIZE_BUCKETS;
    if (naming == MetricsNaming.MICROMETER) {
      duration = new Family<>(families.histogram("vertx_http_client_response_time_seconds",
          "Response time", Unit.SECONDS, seconds, "method", "code"), METHOD, STATUS);
      requestBody = new Family<>(families.histogram("vertx_http_client_request_bytes",
          "Size of requests in bytes", Unit.BYTES, bytes, "method"), METHOD);
      responseBody = new Family<>(families.histogram("vertx_http_client_response_bytes",
          "Size of responses in bytes", Unit.BYTES, bytes, "method", "code"), METHOD, STATUS);
      active = new Family<>(families.gauge("vertx_http_client_active_requests",
          "Number of requests waiting for a response", "method"), METHOD);
      requests = new Family<>(families.counter("vertx_http_client_requests",
          "Number of requests sent", "method"), METHOD);
      responses = new Family<>(families.counter("vertx_http_client_responses",
          "Number of received responses", "method", "code"), METHOD, STATUS);
      requestBodyByMethod = true;
      transport = new ConnectionFamilies(families, "vertx_http_client_active_connections",
          "vertx_http_client_bytes_read", "vertx_http_client_bytes_written",
          "vertx_http_client_errors", new String[0]);
    } else {
      String[] labels = {
        "http_request_method", "http_response_status_code", "server_address", "server_port",
        "url_scheme", "error_type"
      };
      int[] all = {METHOD, STATUS, ADDRESS, PORT, SCHEME, ERROR};
      duration = new Family<>(families.histogram("http_client_request_duration_seconds",
          "Duration of HTTP client requests", Unit.SECONDS, seconds, labels), all);
      requestBody = new Family<>(families.histogram("http_client_request_body_size_bytes",
          "Size of HTTP client request bodies", Unit.BYTES, bytes, labels), all);
      responseBody = new Family<>(families.histogram("http_client_response_body_size_bytes",
          "Size of HTTP client response bodies", Unit.BYTES, bytes, labels), all);
      active = new Family<>(families.gauge("http_client_active_requests",
          "Number of active HTTP client requests", "http_request_method", "server_address",
          "server_port", "url_scheme"), METHOD, ADDRESS, PORT, SCHEME);
      requests = null;
      responses = null;
      requestBodyByMethod = false;
      transport = new ConnectionFamilies(families, "http_client_active_connections",
          "http_client_read_bytes", "http_client_written_bytes", "http_client_errors",
          new String[] {"server_address", "server_port"}, ADDRESS, PORT);
    }
    anyServer = naming == MetricsNaming.MICROMETER ? new EndpointSeries(this, "", 0) : null;
    LabelGuard guard = families.guard("http_client_*", "server_address", maxLabelValues);
    endpoints = new GuardedChildren<>(guard,
        address -> new IntChildren<>(port -> new EndpointSeries(this, address, port)));
  }

  /** The series of one server, bound on the first endpoint or connection to it. */
  EndpointSeries endpoint(SocketAddress server) {
    if (anyServer != null) {
      return anyServer;
    }
    String host = server == null ? null : server.host();
    return endpoints.get(host == null ? "" : host).get(server == null ? 0 : server.port());
  }

  /** The connection series of a server, from what Vert.x tells when a connection opens. */
  ConnectionFamilies.ConnectionSeries connection(SocketAddress remoteAddress, String remoteName) {
    if (anyServer != null) {
      return anyServer.connections();
    }
    String host = remoteName != null ? remoteName
        : remoteAddress == null ? null : remoteAddress.host();
    int port = remoteAddress == null ? 0 : remoteAddress.port();
    return endpoints.get(host == null ? "" : host).get(port).connections();
  }

  /** The transport metrics (connections, bytes, errors) of one HTTP client. */
  ConnectionMetrics transportMetrics() {
    return new ConnectionMetrics(this::connection);
  }

  /** A tuple for binding; the caller fills in the slots it uses. */
  static String[] tuple(int method, String status, String address, String port, String scheme,
      String error) {
    String[] tuple = new String[6];
    tuple[METHOD] = HttpMethods.label(method);
    tuple[STATUS] = status;
    tuple[ADDRESS] = address;
    tuple[PORT] = port;
    tuple[SCHEME] = scheme;
    tuple[ERROR] = error;
    return tuple;
  }
}
