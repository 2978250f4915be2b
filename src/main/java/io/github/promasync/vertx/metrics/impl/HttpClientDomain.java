package io.github.promasync.vertx.metrics.impl;

import static io.github.promasync.vertx.metrics.impl.FamilySpec.counter;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.gauge;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.histogram;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.label;

import io.github.promasync.vertx.metrics.MetricsNaming;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.model.snapshots.Unit;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.observability.HttpRequest;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP client domain of one Vert.x instance: its families (shared through {@link Families}),
 * and the series of each server it talks to, bound once per (server address, port) when Vert.x
 * creates an endpoint or a connection, never per request.
 *
 * <p>A request's key is (method, status, address, port, scheme, protocol version, error); each
 * family takes the labels its naming's row in {@link Names} gives it. The server's address and
 * port come from configuration and traffic: the pair is the key's guarded part, under one
 * {@link KeyGuard}, so one host on many ports is bounded as much as many hosts.
 */
final class HttpClientDomain {

  static final int METHOD = 0;
  static final int STATUS = 1;
  static final int ADDRESS = 2;
  static final int PORT = 3;
  static final int SCHEME = 4;
  static final int VERSION = 5;
  static final int ERROR = 6;
  static final int CLASS = 7;
  /** The first of the user's labels ({@code addClientRequestLabel}); they follow in order. */
  static final int EXTRAS = 8;

  /**
   * A naming's HTTP client families. {@code requests} and {@code responses} only in MICROMETER,
   * whose request size is by method only, recorded when the request ends.
   */
  record Names(FamilySpec<DistributionDataPoint> duration,
      FamilySpec<DistributionDataPoint> requestBody, FamilySpec<DistributionDataPoint> responseBody,
      FamilySpec<GaugeDataPoint> active, FamilySpec<CounterDataPoint> requests,
      FamilySpec<CounterDataPoint> responses, ConnectionFamilies.Names connections,
      FamilySpec<GaugeDataPoint> webSockets) {

    static final Names OPENTELEMETRY = new Names(
        histogram("http_client_request_duration_seconds", "Duration of HTTP client requests",
            Unit.SECONDS, HttpServerDomain.DURATION_BUCKETS, label("http_request_method", METHOD),
            label("http_response_status_code", STATUS), label("server_address", ADDRESS),
            label("server_port", PORT), label("url_scheme", SCHEME),
            label("network_protocol_version", VERSION), label("error_type", ERROR))
            .withExemplars(),
        histogram("http_client_request_body_size_bytes", "Size of HTTP client request bodies",
            Unit.BYTES, HttpServerDomain.BODY_SIZE_BUCKETS, label("http_request_method", METHOD),
            label("http_response_status_code", STATUS), label("server_address", ADDRESS),
            label("server_port", PORT), label("url_scheme", SCHEME),
            label("network_protocol_version", VERSION), label("error_type", ERROR)),
        histogram("http_client_response_body_size_bytes", "Size of HTTP client response bodies",
            Unit.BYTES, HttpServerDomain.BODY_SIZE_BUCKETS, label("http_request_method", METHOD),
            label("http_response_status_code", STATUS), label("server_address", ADDRESS),
            label("server_port", PORT), label("url_scheme", SCHEME),
            label("network_protocol_version", VERSION), label("error_type", ERROR)),
        gauge("http_client_active_requests", "Number of active HTTP client requests",
            label("http_request_method", METHOD), label("server_address", ADDRESS),
            label("server_port", PORT), label("url_scheme", SCHEME)),
        null,
        null,
        // Not semconv's http_client_open_connections{http_connection_state}: the SPI does not
        // say when a pooled connection is idle (see docs/vertx-metrics.adoc).
        ConnectionFamilies.Names.of("vertx_http_client", CLASS, label("server_address", ADDRESS),
            label("server_port", PORT)),
        // vertx-micrometer-metrics' name in both namings: no semantic convention counts them.
        gauge("vertx_http_client_active_ws_connections", "Number of open client WebSockets",
            label("server_address", ADDRESS), label("server_port", PORT)));

    static final Names MICROMETER = new Names(
        histogram("vertx_http_client_response_time_seconds", "Response time", Unit.SECONDS,
            HttpServerDomain.DURATION_BUCKETS, label("method", METHOD), label("code", STATUS))
            .withExemplars(),
        histogram("vertx_http_client_request_bytes", "Size of requests in bytes", Unit.BYTES,
            HttpServerDomain.BODY_SIZE_BUCKETS, label("method", METHOD)),
        histogram("vertx_http_client_response_bytes", "Size of responses in bytes", Unit.BYTES,
            HttpServerDomain.BODY_SIZE_BUCKETS, label("method", METHOD), label("code", STATUS)),
        gauge("vertx_http_client_active_requests", "Number of requests waiting for a response",
            label("method", METHOD)),
        counter("vertx_http_client_requests", "Number of requests sent", label("method", METHOD)),
        counter("vertx_http_client_responses", "Number of received responses",
            label("method", METHOD), label("code", STATUS)),
        ConnectionFamilies.Names.of("vertx_http_client", CLASS),
        gauge("vertx_http_client_active_ws_connections", "Number of open client WebSockets"));

    static Names of(MetricsNaming naming) {
      return naming == MetricsNaming.MICROMETER ? MICROMETER : OPENTELEMETRY;
    }
  }

  /** The guarded part of a request's key: the server it goes to. */
  record Server(String address, String port) {
    static final Server OTHER = new Server(KeyGuard.OTHER, KeyGuard.OTHER);
  }

  final Family<DistributionDataPoint> duration;
  final Family<DistributionDataPoint> requestBody;
  final Family<DistributionDataPoint> responseBody;
  final Family<GaugeDataPoint> active;
  final Family<CounterDataPoint> requests;
  final Family<CounterDataPoint> responses;
  final Family<GaugeDataPoint> webSockets;
  final boolean requestBodyByMethod;
  final ConnectionFamilies transport;
  /** Whether the duration samples exemplars: then a request reads its span at requestBegin. */
  final boolean exemplars;
  /** client_java's exemplar sample interval: how often a series' {@link ExemplarGate} opens. */
  final long exemplarIntervalNanos;
  /** The guard of the key's traffic-grown part: (address, port, the user's labels...). */
  final KeyGuard guard;

  private final RequestLabels<HttpRequest> extras;
  private final Series<Server, EndpointSeries> endpoints;
  // MICROMETER: no label names the server, so every server shares one series (and no guard
  // warns about addresses that are no label).
  private final EndpointSeries anyServer;

  HttpClientDomain(Families families, MetricsNaming naming, int maxLabelValues,
      Map<String, Function<? super HttpRequest, String>> extraLabels) {
    if (naming == MetricsNaming.MICROMETER && !extraLabels.isEmpty()) {
      throw new IllegalArgumentException("client request labels " + extraLabels.keySet()
          + " need the OPENTELEMETRY naming: the MICROMETER naming's client metrics take none");
    }
    Names names = Names.of(naming);
    extras = new RequestLabels<>("client", extraLabels, List.of(names.duration(),
        names.requestBody(), names.responseBody(), names.active()), "the HTTP client metrics");
    String[] extraNames = extras.names();
    duration = families.family(names.duration(), extraNames, EXTRAS);
    exemplars = families.exemplars(names.duration());
    exemplarIntervalNanos = families.exemplarIntervalNanos();
    requestBody = families.family(names.requestBody(), extraNames, EXTRAS);
    responseBody = families.family(names.responseBody(), extraNames, EXTRAS);
    active = families.family(names.active(), extraNames, EXTRAS);
    requests = names.requests() == null ? null : families.family(names.requests());
    responses = names.responses() == null ? null : families.family(names.responses());
    webSockets = families.family(names.webSockets());
    requestBodyByMethod = naming == MetricsNaming.MICROMETER;
    transport = new ConnectionFamilies(families, names.connections(), CLASS);
    anyServer = naming == MetricsNaming.MICROMETER
        ? new EndpointSeries(this, new Server("", "")) : null;
    String[] guarded = Arrays.copyOf(new String[] {"server_address", "server_port"},
        2 + extraNames.length);
    System.arraycopy(extraNames, 0, guarded, 2, extraNames.length);
    guard = families.guard("http_client_*", maxLabelValues, guarded);
    endpoints = new Series<>(guard::admit, server -> Server.OTHER,
        server -> new EndpointSeries(this, server));
  }

  private EndpointSeries series(String host, int port) {
    if (anyServer != null) {
      return anyServer;
    }
    // Once per endpoint or connection, not per request.
    return endpoints.get(new Server(host == null ? "" : host, Integer.toString(port)));
  }

  /** The series of one server, bound on the first endpoint or connection to it. */
  EndpointSeries endpoint(SocketAddress server) {
    return series(server == null ? null : server.host(), server == null ? 0 : server.port());
  }

  /** The connection series of a server, from what Vert.x tells when a connection opens. */
  ConnectionFamilies.ConnectionSeries connection(SocketAddress remoteAddress, String remoteName) {
    String host = remoteName != null ? remoteName
        : remoteAddress == null ? null : remoteAddress.host();
    return series(host, remoteAddress == null ? 0 : remoteAddress.port()).connections();
  }

  /** The transport metrics (connections, bytes, errors) of one HTTP client. */
  ConnectionMetrics transportMetrics() {
    return new ConnectionMetrics(this::connection);
  }

  boolean hasExtras() {
    return !extras.isEmpty();
  }

  /** The guard's key of a server under the user's label values: (address, port, values...). */
  static List<String> guardKey(Server server, List<String> extras) {
    String[] key = new String[2 + extras.size()];
    key[0] = server.address();
    key[1] = server.port();
    for (int i = 0; i < extras.size(); i++) {
      key[2 + i] = extras.get(i);
    }
    return Arrays.asList(key);
  }

  /** The values of the user's labels for one request. */
  List<String> extraValues(HttpRequest request) {
    return Arrays.asList(extras.values(request));
  }

  /** The domain's key, for binding; the families take the slots they have. */
  static String[] key(int method, String status, Server server, String scheme, String version,
      String error, String[] extras) {
    String[] key = new String[EXTRAS + extras.length];
    System.arraycopy(extras, 0, key, EXTRAS, extras.length);
    key[METHOD] = HttpMethods.label(method);
    key[STATUS] = status;
    key[ADDRESS] = server.address();
    key[PORT] = server.port();
    key[SCHEME] = scheme;
    key[VERSION] = version;
    key[ERROR] = error;
    key[CLASS] = "";
    return key;
  }
}
