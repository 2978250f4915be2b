package io.github.promasync.vertx.metrics.impl;

import io.github.promasync.vertx.metrics.impl.ServerSeries.Outcome;
import io.prometheus.metrics.model.snapshots.Labels;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;

/**
 * The one object a request costs: its start, method, route and status until it is recorded.
 *
 * <p>The request is active (in {@code active_requests}) from {@code requestBegin} until it has
 * ended on both sides (its body read and its response sent, in either order), or it was reset,
 * upgraded, or its connection closed. Its connection ({@link ServerConnections}) holds it
 * from its begin until the connection's event loop finds it finished ({@code DONE} in its state
 * word), or closes. What each of Vert.x's calls records, each at most once whatever their order,
 * their repetitions and their threads (a state word changed by compare-and-set decides; the
 * finish, by the call that sets {@code DONE}, takes no lock and no other atomic step):
 * <table>
 *   <caption>Transitions</caption>
 *   <tr><th>call</th><th>records</th></tr>
 *   <tr><td>begin</td><td>active +1; registers with its connection (on the connection's
 *   event loop, see {@link ServerConnections})</td></tr>
 *   <tr><td>request end</td><td>the body size, kept; if the response has ended: the request
 *   body size (with the response's labels) and active -1</td></tr>
 *   <tr><td>response end</td><td>the duration, the response body size and (MICROMETER) the
 *   request count, with the status the response ended with; if the request has ended: the
 *   request body size and active -1; otherwise the request stays active until its body ends,
 *   it is reset or its connection closes</td></tr>
 *   <tr><td>reset</td><td>before the response ended: a reset (duration with
 *   {@code error_type="reset"}, or MICROMETER's reset count); after: nothing more. Active
 *   -1</td></tr>
 *   <tr><td>upgrade</td><td>a response with status 101 and no bodies, unless the response
 *   already ended (then its status, 101 as Vert.x reports it); active -1; the connection is no
 *   longer tracked (it is a WebSocket now)</td></tr>
 *   <tr><td>connection close</td><td>as a reset, for each request its connection holds
 *   without {@code DONE}: a request still open on a closed connection will never end (Vert.x
 *   reports nothing for a request whose response ended before its body, core issue #6328). An
 *   end racing the close on another thread: whichever sets {@code DONE} first records</td></tr>
 * </table>
 * A request answered 101 (switching protocols, also through {@code toNetSocket()}) or a CONNECT
 * answered 2xx (a tunnel): when it finishes, its connection is no longer tracked either.
 */
final class RequestMetric extends StateWord {

  private static final int REQUEST_ENDED = 1;
  // Claimed (by compare-and-set) by the one call that records the response side: the response's
  // end, or a reset or close before it.
  private static final int RESPONDED = 2;
  // Set once the response's recording is published.
  private static final int RESPONSE_ENDED = 4;
  private static final int DONE = 8;
  // The method's index lives in the state word above the bits, written before the request is
  // shared and never changed: one int field fewer, which with the connection links below keeps
  // the object, one request's only allocation, at 64 bytes.
  private static final int METHOD_SHIFT = 4;
  private static final int CONNECT = HttpMethods.index(HttpMethod.CONNECT);

  private final ServerSeries series;
  private final long start;
  // Null for a pushed response, or when Vert.x gave no remote address.
  private final ServerConnections.ServerConnection connection;
  // The link to the next of the requests its connection holds besides the current one
  // (pipelining, HTTP/2 streams), or of those its close is finishing; written by the connection's
  // event loop only (or under the shared table's lock), never by the finish.
  RequestMetric next;
  // Written by routed(..) and responseBegin(..) before the response ends, read then; the rules
  // that give the route are in RouteNames.
  private String route;
  private String mount;
  private int status;
  // The request's span, read at responseBegin when its series' ExemplarGate let it through (see
  // SpanExemplars); null otherwise.
  private Labels exemplar;
  // Published to the other end by the compare-and-set on state. The outcome: the series the
  // response recorded into, for the request body; before the response ends, the one found at
  // responseBegin (exemplars on), null if the route changed since.
  private long requestBytes = -1;
  private Outcome outcome;

  /**
   * A request that began now.
   *
   * @param connections where it registers with its connection, or {@code null} for none
   * @param remote the remote address object Vert.x gave for it
   */
  RequestMetric(ServerSeries series, int method, ServerConnections connections,
      SocketAddress remote, long start) {
    this.series = series;
    init(method << METHOD_SHIFT);
    this.start = start;
    series.active(method).inc();
    this.connection = connections == null ? null : connections.open(remote, this);
  }

  /** A pushed response: it has no request body and no connection to wait for. */
  static RequestMetric pushed(ServerSeries series, int method, int status) {
    RequestMetric pushed = new RequestMetric(series, method, null, null, System.nanoTime());
    pushed.status = status;
    pushed.set(REQUEST_ENDED);
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
      if ((state & RESPONDED) == 0) {
        // A series found at responseBegin was the old route's. (Once the response is recorded,
        // the outcome is the one it recorded into, which the request body needs.)
        outcome = null;
      }
    }
    if (resolved.endsWith("/")) {
      mount = resolved;
    }
  }

  void responseBegin(int statusCode) {
    status = statusCode;
    if (series.domain().exemplars) {
      // The series the response will most likely end in (a WebSocket's 101 comes later): its
      // gate lets a span through a few times a second, the rate client_java samples at anyway.
      // The gate is timed now, not by the request's start: a request slower than the interval
      // would otherwise always find the gate taken by faster ones that started after it, and
      // the slow buckets, the ones an exemplar is for, would get none.
      // The series is kept for responseEnd, which records into it unless the status or the
      // route changed meanwhile: one look-up per request, not two.
      Outcome likely = series.response(method(), route == null ? "" : route, statusCode);
      outcome = likely;
      exemplar = ExemplarGate.span(likely.exemplars(), System.nanoTime());
    }
  }

  /** The response ended; its status is the final one (a WebSocket's 101 is set after begin). */
  void responseEnd(int statusCode, long bytesWritten) {
    if ((state & (RESPONDED | DONE)) != 0 || (set(RESPONDED) & RESPONDED) != 0) {
      return;
    }
    long end = System.nanoTime();
    Outcome recorded = outcome;
    if (statusCode != 0 && statusCode != status) {
      status = statusCode;
      recorded = null;
    }
    if (recorded == null) {
      recorded = series.response(method(), route == null ? "" : route, status);
    }
    if (recorded.requests() != null) {
      recorded.requests().inc();
    }
    if (recorded.duration() != null) {
      SpanExemplars.observe(recorded.duration(), (end - start) / 1e9, exemplar);
    }
    if (recorded.responseBody() != null) {
      recorded.responseBody().observe(bytesWritten);
    }
    outcome = recorded;
    // If the request has ended, this end finishes it: DONE claimed in the same compare-and-set.
    int before = set(RESPONSE_ENDED, REQUEST_ENDED, DONE);
    if ((before & (REQUEST_ENDED | DONE)) == REQUEST_ENDED) {
      recordRequestBody();
      finished();
    }
  }

  void requestEnd(long bytesRead) {
    requestBytes = bytesRead;
    // If the response has ended, this end finishes it: DONE claimed in the same compare-and-set.
    int before = set(REQUEST_ENDED, RESPONSE_ENDED, DONE);
    if ((before & (RESPONSE_ENDED | DONE)) == RESPONSE_ENDED) {
      if ((before & REQUEST_ENDED) == 0) {
        recordRequestBody();
      }
      finished();
    }
  }

  void reset() {
    if ((state & DONE) != 0) {
      return;
    }
    if ((set(RESPONDED) & RESPONDED) == 0) {
      recordReset();
    }
    finish();
  }

  /** Upgraded to a WebSocket: a response (101) without bodies, and the connection left HTTP. */
  void upgraded() {
    if ((state & (RESPONDED | DONE)) == 0) {
      requestBytes = -1;
      set(REQUEST_ENDED);
      responseEnd(101, 0);
    }
    finish();
    if (connection != null) {
      connection.left();
    }
  }

  /** Its connection closed with the request still open: it will never end. */
  void connectionClosed() {
    reset();
  }

  private void recordReset() {
    Outcome reset = series.reset(method(), route == null ? "" : route, status);
    if (reset.resets() != null) {
      reset.resets().inc();
    }
    if (reset.duration() != null) {
      SpanExemplars.observe(reset.duration(), (System.nanoTime() - start) / 1e9, exemplar);
    }
  }

  private void recordRequestBody() {
    if (requestBytes >= 0 && outcome.requestBody() != null) {
      outcome.requestBody().observe(requestBytes);
    }
  }

  /** Whether the request is finished: nothing more is recorded for it. */
  boolean isDone() {
    return (state & DONE) != 0;
  }

  private int method() {
    return state >>> METHOD_SHIFT;
  }

  private void finish() {
    if ((set(DONE) & DONE) == 0) {
      finished();
    }
  }

  // Once, by the caller that set DONE.
  private void finished() {
    series.active(method()).dec();
    if (connection != null) {
      // Nothing to unlink: DONE, set by the caller, is what the connection reads.
      connection.finished(this);
      if (status == 101 || method() == CONNECT && status >= 200 && status < 300) {
        // Switched protocols, or a tunnel now: Vert.x reports the close under the new
        // connection's object.
        connection.left();
      }
    }
  }
}
