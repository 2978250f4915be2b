package io.github.promasync.vertx.metrics.impl;

import static io.github.promasync.vertx.metrics.impl.HttpServerDomain.RESET;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.spi.observability.HttpRequest;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The series of the HTTP servers of one scheme ({@code http} or {@code https}), protocol version
 * and tuple of the user's label values, shared by all of them. The part of the key that code
 * bounds is found by array index (version, method) and a scan of the few statuses a route
 * answered with; the traffic-grown part (route, user's labels) through a {@link Series} under the
 * domain's {@link KeyGuard}, a map hit on the route name vertx-web reported (the same
 * {@code String} instance every time). No string is built and no name is looked up per request.
 */
final class ServerSeries {

  /** {@code network_protocol_version} by {@link HttpServerDomain#versionIndex}. */
  static final String[] VERSIONS = {"1.0", "1.1", "2", "3"};
  static final int NO_VERSION = -1;

  private final HttpServerDomain domain;
  final String scheme;
  private final String version;
  private final String[] extras;
  // Base series (no version, no user's labels): the series of each version.
  private final AtomicReferenceArray<ServerSeries> byVersion;
  // Series of a version, when the user has labels: those of each admitted tuple of their values.
  private final Series<List<String>, ServerSeries> byExtras;
  private final AtomicReferenceArray<GaugeDataPoint> active =
      new AtomicReferenceArray<>(HttpMethods.COUNT);
  private final Series<String, RouteSeries> routes;
  final GaugeDataPoint connections;
  final CounterDataPoint bytesRead;
  final CounterDataPoint bytesWritten;

  ServerSeries(HttpServerDomain domain, String scheme, int version, String[] extras) {
    this.domain = domain;
    this.scheme = scheme;
    this.version = version == NO_VERSION ? "" : VERSIONS[version];
    this.extras = extras;
    // An excluded route is bound (to nothing) without a place in the guard: it adds no series.
    routes = new Series<>(route -> domain.excludedRoutes().excludes(route)
            || domain.guard.admit(HttpServerDomain.guardKey(route, extras)),
        route -> KeyGuard.OTHER, RouteSeries::new);
    if (version == NO_VERSION) {
      // Bound at once: one series per scheme, so that a scrape shows 0 before the first
      // connection rather than nothing. The user's labels are not on the connection metrics.
      String[] key = key(HttpMethods.OTHER, "", "", "");
      connections = domain.connections.bind(key);
      bytesRead = domain.bytesRead.bind(key);
      bytesWritten = domain.bytesWritten.bind(key);
      byVersion = new AtomicReferenceArray<>(VERSIONS.length);
      byExtras = null;
    } else {
      connections = null;
      bytesRead = null;
      bytesWritten = null;
      byVersion = null;
      byExtras = extras.length == 0 && domain.hasExtras()
          // Values of the user's labels get their series while the guard has room; the route
          // they then come with makes the key that takes a place in the guard.
          ? new Series<>(values -> domain.guard.hasRoom(), values -> others(values.size()),
              values -> new ServerSeries(domain, scheme, version, values.toArray(new String[0])))
          : null;
    }
  }

  private static List<String> others(int size) {
    String[] values = new String[size];
    Arrays.fill(values, KeyGuard.OTHER);
    return Arrays.asList(values);
  }

  /** The series of a request: those of its protocol version and values of the user's labels. */
  ServerSeries forRequest(HttpRequest request) {
    ServerSeries versioned = version(request.version());
    return versioned.byExtras == null ? versioned
        : versioned.byExtras.get(Arrays.asList(domain.extraValues(request, false)));
  }

  /** The series of a pushed response (HTTP/2), which has no request: the user's labels empty. */
  ServerSeries forPush() {
    ServerSeries versioned = version(HttpVersion.HTTP_2);
    return versioned.byExtras == null ? versioned
        : versioned.byExtras.get(Arrays.asList(domain.extraValues(null, true)));
  }

  private ServerSeries version(HttpVersion httpVersion) {
    int index = HttpServerDomain.versionIndex(httpVersion);
    if (index < 0 || byVersion == null) {
      return this;
    }
    ServerSeries series = byVersion.get(index);
    if (series == null) {
      byVersion.compareAndSet(index, null,
          new ServerSeries(domain, scheme, index, HttpServerDomain.NO_EXTRAS));
      series = byVersion.get(index);
    }
    return series;
  }

  HttpServerDomain domain() {
    return domain;
  }

  GaugeDataPoint active(int method) {
    GaugeDataPoint gauge = active.get(method);
    if (gauge == null) {
      gauge = domain.active.bind(key(method, "", "", ""));
      // Two threads may bind at once; client_java hands both the same child.
      active.lazySet(method, gauge);
    }
    return gauge;
  }

  /**
   * The children a response with this method, route and status records into; none for an
   * excluded route.
   */
  Outcome response(int method, String route, int status) {
    RouteSeries series = routes.get(route);
    return series.excluded ? Outcome.NONE : series.byMethod(method).get(status);
  }

  /** The children a request reset before its response ended records into. */
  Outcome reset(int method, String route, int status) {
    RouteSeries series = routes.get(route);
    // Negative keys: a reset with status s is apart from a response with status s.
    return series.excluded ? Outcome.NONE : series.byMethod(method).get(-1 - status);
  }

  /** The domain's key: its slots in {@link HttpServerDomain}'s order, then the user's values. */
  private String[] key(int method, String status, String route, String error) {
    String[] key = new String[HttpServerDomain.EXTRAS + extras.length];
    System.arraycopy(extras, 0, key, HttpServerDomain.EXTRAS, extras.length);
    key[HttpServerDomain.METHOD] = HttpMethods.label(method);
    key[HttpServerDomain.STATUS] = status;
    key[HttpServerDomain.ROUTE] = route;
    key[HttpServerDomain.SCHEME] = scheme;
    key[HttpServerDomain.VERSION] = version;
    key[HttpServerDomain.ERROR] = error;
    return key;
  }

  private final class RouteSeries {
    private final String route;
    // Decided once per route name, never per request.
    private final boolean excluded;
    private final AtomicReferenceArray<IntCache<Outcome>> byMethod =
        new AtomicReferenceArray<>(HttpMethods.COUNT);

    RouteSeries(String route) {
      this.route = route;
      this.excluded = domain.excludedRoutes().excludes(route);
    }

    IntCache<Outcome> byMethod(int method) {
      IntCache<Outcome> outcomes = byMethod.get(method);
      if (outcomes == null) {
        byMethod.compareAndSet(method, null, new IntCache<>(key -> bind(method, key)));
        outcomes = byMethod.get(method);
      }
      return outcomes;
    }

    private Outcome bind(int method, int status) {
      boolean reset = status < 0;
      int code = reset ? -1 - status : status;
      String label = code == 0 ? "" : Integer.toString(code);
      String error = reset ? RESET : code >= 500 ? label : "";
      String[] key = key(method, label, route, error);
      if (reset) {
        return domain.resets != null
            // MICROMETER: a reset is counted apart and is no response.
            ? new Outcome(null, null, null, null, domain.resets.bind(key), null)
            : new Outcome(null, domain.duration.bind(key), null, null, null, gate());
      }
      return new Outcome(domain.requests == null ? null : domain.requests.bind(key),
          domain.duration.bind(key), domain.requestBody.bind(key),
          domain.responseBody.bind(key), null, gate());
    }

    private ExemplarGate gate() {
      return domain.exemplars ? new ExemplarGate(domain.exemplarIntervalNanos) : null;
    }
  }

  /**
   * The children of one (method, route, status or reset), and the gate of the duration's exemplars
   * ({@code null} when the family samples none). Any of them may be absent.
   */
  record Outcome(CounterDataPoint requests, DistributionDataPoint duration,
      DistributionDataPoint requestBody, DistributionDataPoint responseBody,
      CounterDataPoint resets, ExemplarGate exemplars) {
    /** An excluded route's: nothing is recorded. */
    static final Outcome NONE = new Outcome(null, null, null, null, null, null);
  }
}
