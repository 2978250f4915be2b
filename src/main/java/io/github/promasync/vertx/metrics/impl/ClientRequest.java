package io.github.promasync.vertx.metrics.impl;

import io.github.promasync.vertx.metrics.impl.EndpointSeries.Outcome;
import io.prometheus.metrics.model.snapshots.Labels;
import io.vertx.core.spi.observability.HttpRequest;

/**
 * The one object an HTTP client request costs, from {@code init()}: its start, scheme, method and
 * status until it is recorded.
 *
 * <p>The request is active (in {@code active_requests}) from {@code requestBegin} until its
 * response ended or it was reset. The duration and the response size are recorded when the
 * response ends (or the duration when the request is reset), the request size once both the
 * request and the response have ended, since it takes the response's labels (MICROMETER: when
 * the request ends, by method only). A state word changed by compare-and-set makes each step
 * happen once, whatever the order of Vert.x's calls.
 */
final class ClientRequest extends StateWord {

  private static final int BEGUN = 1;
  private static final int REQUEST_ENDED = 2;
  private static final int RESPONSE_ENDED = 4;
  private static final int DONE = 8;

  // The endpoint's series until requestBegin, then those of the request's labels.
  private EndpointSeries series;
  private int slot;
  private int method;
  private long start;
  private int status;
  // Published to the other end by the compare-and-set on state.
  private long requestBytes = -1;
  private Outcome outcome;
  // The span current when the request was sent, when the slot's ExemplarGate let it through (see
  // SpanExemplars); null otherwise.
  private Labels exemplar;

  ClientRequest(EndpointSeries series) {
    this.series = series;
  }

  void begin(boolean https, int version, int methodIndex, HttpRequest request) {
    boolean first = (state & BEGUN) == 0;
    if (first) {
      series = series.forRequest(request);
    }
    method = methodIndex;
    slot = EndpointSeries.slot(https, version, methodIndex);
    start = System.nanoTime();
    if (first && series.exemplars()) {
      // The slot's gate lets a span through a few times a second, the rate client_java samples at.
      exemplar = ExemplarGate.span(series.exemplarGate(slot), start);
    }
    if ((set(BEGUN) & BEGUN) == 0) {
      series.active(slot).inc();
    }
  }

  void requestEnd(long bytesWritten) {
    int current = state;
    if ((current & BEGUN) == 0 || (current & REQUEST_ENDED) != 0) {
      return;
    }
    requestBytes = bytesWritten;
    if (series.requestsByMethod()) {
      EndpointSeries.Sent sent = series.sent(method);
      sent.requests().inc();
      if (bytesWritten >= 0) {
        sent.requestBody().observe(bytesWritten);
      }
    }
    int before = set(REQUEST_ENDED);
    if ((before & RESPONSE_ENDED) != 0 && (before & REQUEST_ENDED) == 0) {
      recordRequestBody();
    }
  }

  void responseBegin(int statusCode) {
    status = statusCode;
  }

  void responseEnd(long bytesRead) {
    int current = state;
    if ((current & BEGUN) == 0 || (current & (RESPONSE_ENDED | DONE)) != 0) {
      return;
    }
    long end = System.nanoTime();
    Outcome recorded = series.outcome(slot, status);
    SpanExemplars.observe(recorded.duration(), (end - start) / 1e9, exemplar);
    if (bytesRead >= 0) {
      recorded.responseBody().observe(bytesRead);
    }
    if (recorded.responses() != null) {
      recorded.responses().inc();
    }
    outcome = recorded;
    int before = set(RESPONSE_ENDED);
    if ((before & REQUEST_ENDED) != 0) {
      recordRequestBody();
    }
    finish();
  }

  void reset() {
    int current = state;
    if ((current & BEGUN) == 0 || (current & (RESPONSE_ENDED | DONE)) != 0) {
      return;
    }
    Outcome reset = series.outcome(slot, -1);
    if (reset.duration() != null) {
      SpanExemplars.observe(reset.duration(), (System.nanoTime() - start) / 1e9, exemplar);
    }
    finish();
  }

  private void recordRequestBody() {
    if (outcome.requestBody() != null && requestBytes >= 0) {
      outcome.requestBody().observe(requestBytes);
    }
  }

  private void finish() {
    if ((set(DONE) & DONE) == 0) {
      series.active(slot).dec();
    }
  }
}
