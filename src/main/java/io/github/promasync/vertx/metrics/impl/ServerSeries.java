package io.github.promasync.vertx.metrics.impl;

import static io.github.promasync.vertx.metrics.impl.HttpServerDomain.RESET;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

import io.vertx.core.spi.observability.HttpRequest;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The label children of the HTTP servers of one scheme ({@code http} or {@code https}), shared
 * by all of them: bound on first use, then found by an array index (method), a map hit on the
 * route name vertx-web reported (the same {@code String} instance every time) and a scan of the
 * few statuses that route answered with. No string is built and no name is looked up per
 * request.
 */
final class ServerSeries {

  private final HttpServerDomain domain;
  final String scheme;
  private final String[] extras;
  // The series of each tuple of the user's request labels; only on the base series.
  private final Children<Extras, ServerSeries> byExtras;
  private final AtomicReferenceArray<GaugeDataPoint> active =
      new AtomicReferenceArray<>(HttpMethods.COUNT);
  private final Children<String, RouteSeries> routes = new Children<>(RouteSeries::new);
  final GaugeDataPoint connections;
  final CounterDataPoint bytesRead;
  final CounterDataPoint bytesWritten;

  ServerSeries(HttpServerDomain domain, String scheme, String[] extras) {
    this.domain = domain;
    this.scheme = scheme;
    this.extras = extras;
    if (extras.length == 0) {
      // Bound at once: one series per scheme, so that a scrape shows 0 before the first
      // connection rather than nothing. The user's labels are not on the connection metrics.
      String[] tuple = tuple(HttpMethods.OTHER, "", "", "");
      connections = domain.connections.bind(tuple);
      bytesRead = domain.bytesRead.bind(tuple);
      bytesWritten = domain.bytesWritten.bind(tuple);
      byExtras = domain.hasExtras()
          ? new Children<>(key -> new ServerSeries(domain, scheme, key.values())) : null;
    } else {
      connections = null;
      bytesRead = null;
      bytesWritten = null;
      byExtras = null;
    }
  }

  /** The series of a request: these, or with the user's labels those of its values. */
  ServerSeries forRequest(HttpRequest request) {
    return byExtras == null ? this
        : byExtras.get(new Extras(domain.extraValues(request, false)));
  }

  /** The series of a pushed response, which has no request: the user's labels are empty. */
  ServerSeries forPush() {
    return byExtras == null ? this
        : byExtras.get(new Extras(domain.extraValues(null, true)));
  }

  /** The values of the user's labels, as a key. */
  private record Extras(String[] values) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Extras that && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return Arrays.toString(values);
    }
  }

  HttpServerDomain domain() {
    return domain;
  }

  GaugeDataPoint active(int method) {
    GaugeDataPoint gauge = active.get(method);
    if (gauge == null) {
      gauge = domain.active.bind(tuple(method, "", "", ""));
      // Two threads may bind at once; client_java hands both the same child.
      active.lazySet(method, gauge);
    }
    return gauge;
  }

  /** The children a response with this method, route and status records into. */
  Outcome response(int method, String route, int status) {
    return routes.get(route).byMethod(method).get(status);
  }

  /** The children a request reset before its response ended records into. */
  Outcome reset(int method, String route, int status) {
    // Negative keys: a reset with status s is apart from a response with status s.
    return routes.get(route).byMethod(method).get(-1 - status);
  }

  private String[] tuple(int method, String status, String route, String error) {
    String[] tuple = new String[HttpServerDomain.EXTRAS + extras.length];
    System.arraycopy(extras, 0, tuple, HttpServerDomain.EXTRAS, extras.length);
    tuple[HttpServerDomain.METHOD] = HttpMethods.label(method);
    tuple[HttpServerDomain.STATUS] = status;
    tuple[HttpServerDomain.ROUTE] = route;
    tuple[HttpServerDomain.SCHEME] = scheme;
    tuple[HttpServerDomain.ERROR] = error;
    return tuple;
  }

  private final class RouteSeries {
    private final String route;
    private final AtomicReferenceArray<IntChildren<Outcome>> byMethod =
        new AtomicReferenceArray<>(HttpMethods.COUNT);

    RouteSeries(String route) {
      this.route = route;
    }

    IntChildren<Outcome> byMethod(int method) {
      IntChildren<Outcome> outcomes = byMethod.get(method);
      if (outcomes == null) {
        byMethod.compareAndSet(method, null, new IntChildren<>(key -> bind(method, key)));
        outcomes = byMethod.get(method);
      }
      return outcomes;
    }

    private Outcome bind(int method, int key) {
      boolean reset = key < 0;
      int status = reset ? -1 - key : key;
      String code = status == 0 ? "" : Integer.toString(status);
      String error = reset ? RESET : status >= 500 ? code : "";
      String[] tuple = tuple(method, code, route, error);
      if (reset) {
        return domain.resets != null
            // MICROMETER: a reset is counted apart and is no response.
            ? new Outcome(null, null, null, null, domain.resets.bind(tuple))
            : new Outcome(null, domain.duration.bind(tuple), null, null, null);
      }
      return new Outcome(domain.requests == null ? null : domain.requests.bind(tuple),
          domain.duration.bind(tuple), domain.requestBody.bind(tuple),
          domain.responseBody.bind(tuple), null);
    }
  }

  /** The children of one (method, route, status or reset). Any of them may be absent. */
  record Outcome(CounterDataPoint requests, DistributionDataPoint duration,
      DistributionDataPoint requestBody, DistributionDataPoint responseBody,
      CounterDataPoint resets) {
  }
}
