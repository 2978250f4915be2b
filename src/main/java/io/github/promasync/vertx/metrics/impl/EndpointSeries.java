package io.github.promasync.vertx.metrics.impl;

import io.github.promasync.vertx.metrics.impl.ConnectionFamilies.ConnectionSeries;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The label children of one server an HTTP client talks to (server address and port), shared by
 * every client and endpoint of the Vert.x instance that reaches it: bound on first use, then found
 * by array index (scheme and method) and a scan of the few statuses seen. No string is built per
 * request.
 */
final class EndpointSeries {

  private static final String[] SCHEMES = {"http", "https"};
  private static final int SLOTS = 2 * HttpMethods.COUNT;

  private final HttpClientDomain domain;
  private final String address;
  private final String port;
  private final AtomicReferenceArray<GaugeDataPoint> active = new AtomicReferenceArray<>(SLOTS);
  private final AtomicReferenceArray<IntChildren<Outcome>> outcomes =
      new AtomicReferenceArray<>(SLOTS);
  private final AtomicReferenceArray<Sent> sent = new AtomicReferenceArray<>(HttpMethods.COUNT);
  private volatile ConnectionSeries connections;

  EndpointSeries(HttpClientDomain domain, String address, int port) {
    this.domain = domain;
    this.address = address;
    this.port = Integer.toString(port);
  }

  /** The index of a (scheme, method) pair. */
  static int slot(boolean https, int method) {
    return (https ? HttpMethods.COUNT : 0) + method;
  }

  GaugeDataPoint active(int slot) {
    GaugeDataPoint gauge = active.get(slot);
    if (gauge == null) {
      gauge = domain.active.bind(tuple(slot, "", ""));
      // Two threads may bind at once; client_java hands both the same child.
      active.lazySet(slot, gauge);
    }
    return gauge;
  }

  /** The children of a response with this status, or of a reset ({@code status < 0}). */
  Outcome outcome(int slot, int status) {
    IntChildren<Outcome> byStatus = outcomes.get(slot);
    if (byStatus == null) {
      outcomes.compareAndSet(slot, null, new IntChildren<>(key -> bind(slot, key)));
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
      String[] tuple = tuple(method, "", "");
      children = new Sent(domain.requests.bind(tuple), domain.requestBody.bind(tuple));
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
          series = domain.transport.bind(tuple(HttpMethods.OTHER, "", ""));
          connections = series;
        }
      }
    }
    return series;
  }

  private Outcome bind(int slot, int key) {
    boolean reset = key < 0;
    String code = reset ? "" : Integer.toString(key);
    String error = reset ? HttpServerDomain.RESET : key >= 400 ? code : "";
    String[] tuple = tuple(slot, code, error);
    if (reset) {
      // MICROMETER counts no reset: the request is no longer active, that is all.
      return domain.requests != null ? new Outcome(null, null, null, null)
          : new Outcome(domain.duration.bind(tuple), null, null, null);
    }
    return new Outcome(domain.duration.bind(tuple),
        domain.requestBodyByMethod ? null : domain.requestBody.bind(tuple),
        domain.responseBody.bind(tuple),
        domain.responses == null ? null : domain.responses.bind(tuple));
  }

  private String[] tuple(int slot, String status, String error) {
    return HttpClientDomain.tuple(slot % HttpMethods.COUNT, status, address, port,
        SCHEMES[slot / HttpMethods.COUNT], error);
  }

  /** The children of one (scheme, method, status or reset). Any of them may be absent. */
  record Outcome(DistributionDataPoint duration, DistributionDataPoint requestBody,
      DistributionDataPoint responseBody, CounterDataPoint responses) {
  }

  /** MICROMETER: the children of the requests of one method. */
  record Sent(CounterDataPoint requests, DistributionDataPoint requestBody) {
  }
}
