package io.github.promasync.vertx.metrics.impl;

import io.github.promasync.vertx.metrics.impl.ConnectionFamilies.ConnectionSeries;
import io.github.promasync.vertx.metrics.impl.HttpClientDomain.Server;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.vertx.core.spi.observability.HttpRequest;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The series of one server an HTTP client talks to (server address and port, the guarded part of
 * the key, or both {@code _OTHER} past the guard), shared by every client and endpoint of the
 * Vert.x instance that reaches it: bound on first use, then found by array index (protocol
 * version, scheme and method) and a scan of the few statuses seen. No string is built per
 * request.
 */
final class EndpointSeries {

  private static final String[] SCHEMES = {"http", "https"};
  /** {@code network_protocol_version} as on the server; the last: unknown. */
  private static final String[] VERSIONS =
      Arrays.copyOf(ServerSeries.VERSIONS, ServerSeries.VERSIONS.length + 1);
  private static final int SLOTS = VERSIONS.length * SCHEMES.length * HttpMethods.COUNT;

  static {
    VERSIONS[VERSIONS.length - 1] = "";
  }

  private final HttpClientDomain domain;
  private final Server server;
  // The values of the user's client request labels; none on the base series, which finds the
  // series of each admitted tuple of values in byExtras.
  private final String[] extras;
  private final Series<List<String>, EndpointSeries> byExtras;
  private final AtomicReferenceArray<GaugeDataPoint> active = new AtomicReferenceArray<>(SLOTS);
  private final AtomicReferenceArray<IntCache<Outcome>> outcomes =
      new AtomicReferenceArray<>(SLOTS);
  private final AtomicReferenceArray<Sent> sent = new AtomicReferenceArray<>(HttpMethods.COUNT);
  // The exemplar gate of each slot's durations (their status is not known when the span is read).
  private final AtomicReferenceArray<ExemplarGate> exemplarGates =
      new AtomicReferenceArray<>(SLOTS);
  private volatile ConnectionSeries connections;
  private volatile GaugeDataPoint webSockets;

  EndpointSeries(HttpClientDomain domain, Server server) {
    this(domain, server, new String[0]);
  }

  private EndpointSeries(HttpClientDomain domain, Server server, String[] extras) {
    this.domain = domain;
    this.server = server;
    this.extras = extras;
    // The server and the values make the whole key under the domain's guard; past it, the
    // values are _OTHER.
    this.byExtras = extras.length == 0 && domain.hasExtras()
        ? new Series<>(values -> domain.guard.admit(HttpClientDomain.guardKey(server, values)),
            values -> others(values.size()),
            values -> new EndpointSeries(domain, server, values.toArray(new String[0])))
        : null;
  }

  private static List<String> others(int size) {
    String[] values = new String[size];
    Arrays.fill(values, KeyGuard.OTHER);
    return Arrays.asList(values);
  }

  /** The series of a request: these, or with the user's labels those of its values. */
  EndpointSeries forRequest(HttpRequest request) {
    return byExtras == null ? this : byExtras.get(domain.extraValues(request));
  }

  /**
   * The gate of the exemplars of a slot's durations, or {@code null} when the family samples none.
   *
   * @param slot the request's slot
   * @return the gate, made on first use
   */
  ExemplarGate exemplarGate(int slot) {
    if (!domain.exemplars) {
      return null;
    }
    ExemplarGate gate = exemplarGates.get(slot);
    if (gate == null) {
      exemplarGates.compareAndSet(slot, null, new ExemplarGate(domain.exemplarIntervalNanos));
      gate = exemplarGates.get(slot);
    }
    return gate;
  }

  /** Whether a request's span is read for the exemplars of the duration. */
  boolean exemplars() {
    return domain.exemplars;
  }

  /**
   * The index of a (protocol version, scheme, method) triple.
   *
   * @param https whether the scheme is {@code https}
   * @param version from {@link HttpServerDomain#versionIndex}, -1 if unknown
   * @param method from {@link HttpMethods#index}
   * @return the slot
   */
  static int slot(boolean https, int version, int method) {
    int v = version < 0 ? VERSIONS.length - 1 : version;
    return (v * SCHEMES.length + (https ? 1 : 0)) * HttpMethods.COUNT + method;
  }

  GaugeDataPoint active(int slot) {
    GaugeDataPoint gauge = active.get(slot);
    if (gauge == null) {
      gauge = domain.active.bind(key(slot, "", ""));
      // Two threads may bind at once; client_java hands both the same child.
      active.lazySet(slot, gauge);
    }
    return gauge;
  }

  /** The children of a response with this status, or of a reset ({@code status < 0}). */
  Outcome outcome(int slot, int status) {
    IntCache<Outcome> byStatus = outcomes.get(slot);
    if (byStatus == null) {
      outcomes.compareAndSet(slot, null, new IntCache<>(key -> bind(slot, key)));
      byStatus = outcomes.get(slot);
    }
    return byStatus.get(status);
  }

  /** Whether requests are counted and sized by method when they end (MICROMETER). */
  boolean requestsByMethod() {
    return domain.requestBodyByMethod;
  }

  /** MICROMETER: the request counter and size of a method, recorded when the request ends. */
  Sent sent(int method) {
    Sent children = sent.get(method);
    if (children == null) {
      String[] key = key(method, "", "");
      children = new Sent(domain.requests.bind(key), domain.requestBody.bind(key));
      sent.lazySet(method, children);
    }
    return children;
  }

  ConnectionSeries connections() {
    ConnectionSeries series = connections;
    if (series == null) {
      synchronized (this) {
        series = connections;
        if (series == null) {
          series = domain.transport.bind(key(HttpMethods.OTHER, "", ""));
          connections = series;
        }
      }
    }
    return series;
  }

  /** The gauge of the open WebSockets to this server. */
  GaugeDataPoint webSockets() {
    GaugeDataPoint gauge = webSockets;
    if (gauge == null) {
      // Two threads may bind at once; client_java hands both the same child.
      gauge = domain.webSockets.bind(key(slot(false, -1, HttpMethods.OTHER), "", ""));
      webSockets = gauge;
    }
    return gauge;
  }

  private Outcome bind(int slot, int key) {
    boolean reset = key < 0;
    String code = reset ? "" : Integer.toString(key);
    String error = reset ? HttpServerDomain.RESET : key >= 400 ? code : "";
    String[] labels = key(slot, code, error);
    if (reset) {
      // MICROMETER counts no reset: the request is no longer active, that is all.
      return domain.requests != null ? new Outcome(null, null, null, null)
          : new Outcome(domain.duration.bind(labels), null, null, null);
    }
    return new Outcome(domain.duration.bind(labels),
        domain.requestBodyByMethod ? null : domain.requestBody.bind(labels),
        domain.responseBody.bind(labels),
        domain.responses == null ? null : domain.responses.bind(labels));
  }

  private String[] key(int slot, String status, String error) {
    int method = slot % HttpMethods.COUNT;
    int scheme = slot / HttpMethods.COUNT % SCHEMES.length;
    int version = slot / HttpMethods.COUNT / SCHEMES.length;
    return HttpClientDomain.key(method, status, server, SCHEMES[scheme], VERSIONS[version], error,
        extras);
  }

  /** The children of one (version, scheme, method, status or reset). Any of them may be absent. */
  record Outcome(DistributionDataPoint duration, DistributionDataPoint requestBody,
      DistributionDataPoint responseBody, CounterDataPoint responses) {
  }

  /** MICROMETER: the children of the requests of one method. */
  record Sent(CounterDataPoint requests, DistributionDataPoint requestBody) {
  }
}
