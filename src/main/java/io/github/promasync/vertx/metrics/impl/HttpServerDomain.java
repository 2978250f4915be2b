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
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.TcpServerConfig;
import io.vertx.core.spi.observability.HttpRequest;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The HTTP server domain of one Vert.x instance: its families (shared through {@link Families}
 * with every other instance on the registry), the series bound so far (shared by all its servers),
 * and its connections' requests not yet finished ({@link ServerConnections}).
 *
 * <p>A request's key is (method, status, route, scheme, protocol version, error, the user's
 * labels); each family takes the labels its naming's row in {@link Names} gives it. The route and
 * the user's labels come from traffic: they are the key's guarded part, under one
 * {@link KeyGuard} of the domain.
 */
final class HttpServerDomain {

  static final int METHOD = 0;
  static final int STATUS = 1;
  static final int ROUTE = 2;
  static final int SCHEME = 3;
  static final int VERSION = 4;
  static final int ERROR = 5;
  /** The first of the user's labels ({@code addServerRequestLabel}); they follow in order. */
  static final int EXTRAS = 6;

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

  /**
   * A naming's HTTP server families. {@code requests} and {@code resets} only in MICROMETER (a
   * counter beside the timer, and resets counted apart). The request families get the user's
   * labels after theirs; the connection families do not.
   */
  record Names(FamilySpec<DistributionDataPoint> duration,
      FamilySpec<DistributionDataPoint> requestBody, FamilySpec<DistributionDataPoint> responseBody,
      FamilySpec<GaugeDataPoint> active, FamilySpec<CounterDataPoint> requests,
      FamilySpec<CounterDataPoint> resets, FamilySpec<GaugeDataPoint> connections,
      FamilySpec<CounterDataPoint> bytesRead, FamilySpec<CounterDataPoint> bytesWritten,
      FamilySpec<GaugeDataPoint> webSockets) {

    static final Names OPENTELEMETRY = new Names(
        histogram("http_server_request_duration_seconds", "Duration of HTTP server requests",
            Unit.SECONDS, DURATION_BUCKETS, label("http_request_method", METHOD),
            label("http_response_status_code", STATUS), label("http_route", ROUTE),
            label("url_scheme", SCHEME), label("network_protocol_version", VERSION),
            label("error_type", ERROR)).withExemplars(),
        histogram("http_server_request_body_size_bytes", "Size of HTTP server request bodies",
            Unit.BYTES, BODY_SIZE_BUCKETS, label("http_request_method", METHOD),
            label("http_response_status_code", STATUS), label("http_route", ROUTE),
            label("url_scheme", SCHEME), label("network_protocol_version", VERSION),
            label("error_type", ERROR)),
        histogram("http_server_response_body_size_bytes", "Size of HTTP server response bodies",
            Unit.BYTES, BODY_SIZE_BUCKETS, label("http_request_method", METHOD),
            label("http_response_status_code", STATUS), label("http_route", ROUTE),
            label("url_scheme", SCHEME), label("network_protocol_version", VERSION),
            label("error_type", ERROR)),
        gauge("http_server_active_requests", "Number of active HTTP server requests",
            label("http_request_method", METHOD), label("url_scheme", SCHEME)),
        null,
        null,
        gauge("vertx_http_server_active_connections", "Number of open HTTP server connections",
            label("url_scheme", SCHEME)),
        counter("vertx_http_server_bytes_read",
            "Bytes received on HTTP server connections (request bodies as Vert.x counts them)",
            label("url_scheme", SCHEME)),
        counter("vertx_http_server_bytes_written",
            "Bytes sent on HTTP server connections (response bodies as Vert.x counts them)",
            label("url_scheme", SCHEME)),
        // vertx-micrometer-metrics' name in both namings: no semantic convention counts them.
        gauge("vertx_http_server_active_ws_connections", "Number of open server WebSockets",
            label("url_scheme", SCHEME)));

    static final Names MICROMETER = new Names(
        histogram("vertx_http_server_response_time_seconds", "Request processing time",
            Unit.SECONDS, DURATION_BUCKETS, label("method", METHOD), label("code", STATUS),
            label("route", ROUTE)).withExemplars(),
        histogram("vertx_http_server_request_bytes", "Size of requests in bytes", Unit.BYTES,
            BODY_SIZE_BUCKETS, label("method", METHOD)),
        histogram("vertx_http_server_response_bytes", "Size of responses in bytes", Unit.BYTES,
            BODY_SIZE_BUCKETS, label("method", METHOD), label("code", STATUS),
            label("route", ROUTE)),
        gauge("vertx_http_server_active_requests", "Number of requests being processed",
            label("method", METHOD)),
        counter("vertx_http_server_requests", "Number of processed requests",
            label("method", METHOD), label("code", STATUS), label("route", ROUTE)),
        counter("vertx_http_server_request_resets", "Number of request resets",
            label("method", METHOD)),
        gauge("vertx_http_server_active_connections", "Number of opened connections to the server"),
        counter("vertx_http_server_bytes_read", "Number of bytes received by the server"),
        counter("vertx_http_server_bytes_written", "Number of bytes sent by the server"),
        gauge("vertx_http_server_active_ws_connections",
            "Number of open server WebSockets"));

    static Names of(MetricsNaming naming) {
      return naming == MetricsNaming.MICROMETER ? MICROMETER : OPENTELEMETRY;
    }
  }

  final Family<DistributionDataPoint> duration;
  final Family<DistributionDataPoint> requestBody;
  final Family<DistributionDataPoint> responseBody;
  final Family<GaugeDataPoint> active;
  final Family<CounterDataPoint> requests;
  final Family<CounterDataPoint> resets;
  final Family<GaugeDataPoint> connections;
  final Family<CounterDataPoint> bytesRead;
  final Family<CounterDataPoint> bytesWritten;
  final Family<GaugeDataPoint> webSockets;
  /** The guard of the key's traffic-grown part: (route, the user's labels...). */
  final KeyGuard guard;
  /** Whether the duration samples exemplars: then a request reads its span at responseBegin. */
  final boolean exemplars;
  /** client_java's exemplar sample interval: how often a series' {@link ExemplarGate} opens. */
  final long exemplarIntervalNanos;

  private final ServerSeries http;
  private final ServerSeries https;
  private final RouteNames routeNames;
  private final ExcludedRoutes excludedRoutes;

  private final GaugeDataPoint httpWebSockets;
  private final GaugeDataPoint httpsWebSockets;
  // The requests not yet finished, by connection: a connection's close finishes them.
  final ServerConnections openRequests = new ServerConnections();

  private final RequestLabels<HttpServerRequest> extras;

  HttpServerDomain(Families families, MetricsNaming naming,
      Map<String, Function<? super HttpServerRequest, String>> extraLabels, int maxLabelValues,
      Set<String> excludedRoutes) {
    this.excludedRoutes = new ExcludedRoutes(excludedRoutes);
    Names names = Names.of(naming);
    extras = new RequestLabels<>("server", extraLabels, List.of(names.duration(),
        names.requestBody(), names.responseBody(), names.active()),
        "the " + naming + " naming's HTTP server metrics");
    String[] extraNames = extras.names();
    String[] none = new String[0];
    duration = families.family(names.duration(), extraNames, EXTRAS);
    exemplars = families.exemplars(names.duration());
    exemplarIntervalNanos = families.exemplarIntervalNanos();
    requestBody = families.family(names.requestBody(), extraNames, EXTRAS);
    responseBody = families.family(names.responseBody(), extraNames, EXTRAS);
    active = families.family(names.active(), extraNames, EXTRAS);
    requests = names.requests() == null ? null
        : families.family(names.requests(), extraNames, EXTRAS);
    resets = names.resets() == null ? null : families.family(names.resets(), extraNames, EXTRAS);
    connections = families.family(names.connections(), none, EXTRAS);
    bytesRead = families.family(names.bytesRead(), none, EXTRAS);
    bytesWritten = families.family(names.bytesWritten(), none, EXTRAS);
    webSockets = families.family(names.webSockets(), none, EXTRAS);
    String[] guarded = new String[1 + extraNames.length];
    guarded[0] = naming == MetricsNaming.MICROMETER ? "route" : "http_route";
    System.arraycopy(extraNames, 0, guarded, 1, extraNames.length);
    guard = families.guard(naming == MetricsNaming.MICROMETER ? "vertx_http_server_*"
        : "http_server_*", maxLabelValues, guarded);
    routeNames = new RouteNames(maxLabelValues);
    http = new ServerSeries(this, "http", ServerSeries.NO_VERSION, NO_EXTRAS);
    https = new ServerSeries(this, "https", ServerSeries.NO_VERSION, NO_EXTRAS);
    String[] key = new String[EXTRAS];
    key[SCHEME] = "http";
    httpWebSockets = webSockets.bind(key);
    key[SCHEME] = "https";
    httpsWebSockets = webSockets.bind(key);
  }

  static final String[] NO_EXTRAS = new String[0];

  boolean hasExtras() {
    return !extras.isEmpty();
  }

  /** The guard's key of a route under the user's label values: (route, values...). */
  static List<String> guardKey(String route, String[] extras) {
    String[] key = new String[1 + extras.length];
    key[0] = route;
    System.arraycopy(extras, 0, key, 1, extras.length);
    return Arrays.asList(key);
  }

  /** The values of the user's labels for one request, or all empty. */
  String[] extraValues(HttpRequest request, boolean empty) {
    return extras.values(empty ? null : new ServerRequestHead(request));
  }

  /** The index of a protocol version in {@link ServerSeries#VERSIONS}; -1 if none or unknown. */
  static int versionIndex(HttpVersion version) {
    if (version == HttpVersion.HTTP_1_1) {
      return 1;
    } else if (version == HttpVersion.HTTP_2) {
      return 2;
    } else if (version == HttpVersion.HTTP_1_0) {
      return 0;
    } else if (version == HttpVersion.HTTP_3) {
      return 3;
    }
    return -1;
  }

  /** The request metrics of one HTTP server (one per verticle instance in Vert.x 5.1). */
  HttpServerMetricsImpl serverMetrics(HttpServerConfig config, boolean quic) {
    boolean ssl = quic || config.getTcpConfig().isSsl();
    return new HttpServerMetricsImpl(ssl ? https : http, ssl ? httpsWebSockets : httpWebSockets);
  }

  /** The connection and byte metrics of one HTTP server's listener. */
  ServerTransportMetrics transportMetrics(TcpServerConfig config) {
    return new ServerTransportMetrics(this, config.isSsl() ? https : http);
  }

  /** The connection metrics of one HTTP/3 server's QUIC endpoint: always TLS. */
  ServerTransportMetrics quicTransportMetrics() {
    return new ServerTransportMetrics(this, https);
  }

  ExcludedRoutes excludedRoutes() {
    return excludedRoutes;
  }

  RouteNames routeNames() {
    return routeNames;
  }
}
