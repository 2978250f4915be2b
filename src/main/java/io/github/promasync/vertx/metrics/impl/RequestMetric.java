package io.github.promasync.vertx.metrics.impl;

import io.github.promasync.vertx.metrics.impl.ServerSeries.Outcome;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.observability.HttpRequest;

/**
 * The one object a request costs: its start, method, route and status until it is recorded.
 *
 * <p>The request is active (in {@code active_requests}) from {@code requestBegin} until it has
 * ended on both sides: its body was read and its response sent, in either order, or it was
 * reset, or its connection closed. The duration and the response size are recorded when the
 * response ends (or the request is reset, for the duration), the request size once both have
 * happened, since it needs the labels of the response. Each step happens once whatever the order
 * and the repetitions of Vert.x's calls: a state word changed by compare-and-set decides.
 */
final class RequestMetric extends StateWord {

  private static final int REQUEST_ENDED = 1;
  private static final int RESPONSE_ENDED = 2;
  private static final int DONE = 4;

  private final ServerSeries series;
  private final int method;
  private final long start;
  final SocketAddress remote;
  // Read only when the response ends first, to tell whether a body may still come.
  private final HttpRequest request;
  // Written by routed(..) and responseBegin(..) before the response ends, read then; the rules
  // that give the route are in RouteNames.
  private String route;
  private String mount;
  private int status;
  // Published to the other end by the compare-and-set on state.
  private long requestBytes = -1;
  private Outcome outcome;

  RequestMetric(ServerSeries series, int method, SocketAddress remote, HttpRequest request,
      long start) {
    this.series = series;
    this.method = method;
    this.remote = remote;
    this.request = request;
    this.start = start;
    series.active(method).inc();
  }

  /** A pushed response: it has no request body. */
  static RequestMetric pushed(ServerSeries series, int method, SocketAddress remote, int status) {
    RequestMetric pushed = new RequestMetric(series, method, remote, null, System.nanoTime());
    pushed.status = status;
    pushed.state = REQUEST_ENDED;
    return pushed;
  }

  void routed(String name) {
    if (name == null || name.isEmpty()) {
      return;
    }
    String resolved = series.domain().routeNames().resolve(mount, name);
    String current = route;
    if (current == null || current.length() == resolved.length()
        || !current.startsWith(resolved)) {
      route = resolved;
    }
    if (resolved.endsWith("/")) {
      mount = resolved;
    }
  }

  void responseBegin(int statusCode) {
    status = statusCode;
  }

  void responseEnd(int statusCode, long bytesWritten) {
    if ((state & (RESPONSE_ENDED | DONE)) != 0) {
      return;
    }
    long end = System.nanoTime();
    if (status == 0) {
      status = statusCode;
    }
    Outcome recorded = series.response(method, route == null ? "" : route, status);
    if (recorded.requests() != null) {
      recorded.requests().inc();
    }
    recorded.duration().observe((end - start) / 1e9);
    recorded.responseBody().observe(bytesWritten);
    outcome = recorded;
    int before = set(RESPONSE_ENDED);
    if ((before & DONE) != 0) {
      return;
    }
    if ((before & REQUEST_ENDED) != 0) {
      recordRequestBody();
      finish();
    } else if (mayHaveBody()) {
      // Only a request with a body can wait for it past its connection's close; a GET's end is
      // already on its way (HTTP/1 reports it just after the response of a handler that answers
      // at once), so it is not tracked.
      series.domain().awaitBody(this);
    }
  }

  void requestEnd(long bytesRead) {
    requestBytes = bytesRead;
    int before = set(REQUEST_ENDED);
    if ((before & (REQUEST_ENDED | DONE)) != 0) {
      return;
    }
    if ((before & RESPONSE_ENDED) != 0) {
      series.domain().bodyEnded(this);
      recordRequestBody();
      finish();
    }
  }

  void reset() {
    int before = state;
    if ((before & DONE) != 0) {
      return;
    }
    if ((before & RESPONSE_ENDED) == 0) {
      Outcome reset = series.reset(method, route == null ? "" : route, status);
      if (reset.resets() != null) {
        reset.resets().inc();
      }
      if (reset.duration() != null) {
        reset.duration().observe((System.nanoTime() - start) / 1e9);
      }
    } else {
      series.domain().bodyEnded(this);
    }
    finish();
  }

  /** Upgraded to a WebSocket: a response (101) without bodies. */
  void upgraded() {
    if ((state & (RESPONSE_ENDED | DONE)) != 0) {
      return;
    }
    requestBytes = -1;
    set(REQUEST_ENDED);
    responseEnd(101, 0);
  }

  void connectionClosed() {
    finish();
  }

  private boolean mayHaveBody() {
    MultiMap headers = request == null ? null : request.headers();
    return headers != null && (headers.contains(HttpHeaders.CONTENT_LENGTH)
        || headers.contains(HttpHeaders.TRANSFER_ENCODING));
  }

  private void recordRequestBody() {
    if (requestBytes >= 0) {
      outcome.requestBody().observe(requestBytes);
    }
  }

  private void finish() {
    if ((set(DONE) & DONE) == 0) {
      series.active(method).dec();
    }
  }
}
