package io.github.promasync.vertx.metrics.impl;

import io.github.promasync.vertx.metrics.MetricsNaming;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.model.snapshots.Unit;
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TcpServerConfig;

import io.github.promasync.vertx.impl.ThrottledLog;
import io.vertx.core.spi.observability.HttpRequest;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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
  /** The first of the user's labels ({@code addServerRequestLabel}); they follow in order. */
  static final int EXTRAS = 5;

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

  private final String[] extraNames;
  private final List<Function<? super HttpRequest, String>> extraValues;
  private final LabelGuard[] extraGuards;
  private final ThrottledLog extraFailures = new ThrottledLog(System.getLogger(
      "io.github.promasync.vertx.metrics.PrometheusMetricsFactory"));

  HttpServerDomain(Families families, MetricsNaming naming,
      Map<String, Function<? super HttpRequest, String>> extraLabels, int maxLabelValues) {
    extraNames = extraLabels.keySet().toArray(new String[0]);
    extraValues = List.copyOf(extraLabels.values());
    // The user's values come from traffic: capped like every such label.
    extraGuards = new LabelGuard[extraNames.length];
    for (int i = 0; i < extraNames.length; i++) {
      extraGuards[i] = families.guard(naming == MetricsNaming.MICROMETER
          ? "vertx_http_server" : "http_server", extraNames[i], maxLabelValues);
    }
    if (naming == MetricsNaming.MICROMETER) {
      String[] response = labels(naming, "method", "code", "route");
      int[] responseSlots = slots(METHOD, STATUS, ROUTE);
      String[] request = labels(naming, "method");
      int[] requestSlots = slots(METHOD);
      duration = new Family<>(families.histogram("vertx_http_server_response_time_seconds",
          "Request processing time", Unit.SECONDS, DURATION_BUCKETS, response), responseSlots);
      requestBody = new Family<>(families.histogram("vertx_http_server_request_bytes",
          "Size of requests in bytes", Unit.BYTES, BODY_SIZE_BUCKETS, request), requestSlots);
      responseBody = new Family<>(families.histogram("vertx_http_server_response_bytes",
          "Size of responses in bytes", Unit.BYTES, BODY_SIZE_BUCKETS, response), responseSlots);
      active = new Family<>(families.gauge("vertx_http_server_active_requests",
          "Number of requests being processed", request), requestSlots);
      requests = new Family<>(families.counter("vertx_http_server_requests",
          "Number of processed requests", response), responseSlots);
      resets = new Family<>(families.counter("vertx_http_server_request_resets",
          "Number of request resets", request), requestSlots);
      connections = new Family<>(families.gauge("vertx_http_server_active_connections",
          "Number of opened connections to the server"));
      bytesRead = new Family<>(families.counter("vertx_http_server_bytes_read",
          "Number of bytes received by the server"));
      bytesWritten = new Family<>(families.counter("vertx_http_server_bytes_written",
          "Number of bytes sent by the server"));
    } else {
      String[] labels = labels(naming, "http_request_method", "http_response_status_code",
          "http_route", "url_scheme", "error_type");
      int[] slots = slots(METHOD, STATUS, ROUTE, SCHEME, ERROR);
      duration = new Family<>(families.histogram("http_server_request_duration_seconds",
          "Duration of HTTP server requests", Unit.SECONDS, DURATION_BUCKETS, labels), slots);
      requestBody = new Family<>(families.histogram("http_server_request_body_size_bytes",
          "Size of HTTP server request bodies", Unit.BYTES, BODY_SIZE_BUCKETS, labels), slots);
      responseBody = new Family<>(families.histogram("http_server_response_body_size_bytes",
          "Size of HTTP server response bodies", Unit.BYTES, BODY_SIZE_BUCKETS, labels), slots);
      active = new Family<>(families.gauge("http_server_active_requests",
          "Number of active HTTP server requests",
          labels(naming, "http_request_method", "url_scheme")), slots(METHOD, SCHEME));
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
    http = new ServerSeries(this, "http", NO_EXTRAS);
    https = new ServerSeries(this, "https", NO_EXTRAS);
  }

  private static final String[] NO_EXTRAS = new String[0];

  /** A request family's label names: the naming's, then the user's (which must differ). */
  private String[] labels(MetricsNaming naming, String... names) {
    for (String extra : extraNames) {
      if (Arrays.asList(names).contains(extra)) {
        throw new IllegalArgumentException("server request label '" + extra + "' is already a "
            + "label of the " + naming + " naming's HTTP server metrics");
      }
    }
    String[] all = Arrays.copyOf(names, names.length + extraNames.length);
    System.arraycopy(extraNames, 0, all, names.length, extraNames.length);
    return all;
  }

  /** A request family's slots: the given ones, then those of the user's labels. */
  private int[] slots(int... slots) {
    int[] all = Arrays.copyOf(slots, slots.length + extraNames.length);
    for (int i = 0; i < extraNames.length; i++) {
      all[slots.length + i] = EXTRAS + i;
    }
    return all;
  }

  boolean hasExtras() {
    return extraNames.length > 0;
  }

  /** The values of the user's labels for one request, or all empty. */
  String[] extraValues(HttpRequest request, boolean empty) {
    String[] values = new String[extraValues.size()];
    for (int i = 0; i < values.length && empty; i++) {
      values[i] = "";
    }
    for (int i = 0; i < values.length && !empty; i++) {
      String value = null;
      try {
        value = extraValues.get(i).apply(request);
      } catch (RuntimeException e) {
        extraFailures.failure("the value of server request label '" + extraNames[i]
            + "' could not be computed; it is empty", e);
      }
      values[i] = value == null ? "" : extraGuards[i].admit(value);
    }
    return values;
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
