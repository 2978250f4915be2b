package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.tracer.common.SpanContext;
import io.prometheus.metrics.tracer.initializer.SpanContextSupplier;

/**
 * The trace of the span current on this thread, as exemplar labels, read through client_java's
 * {@link SpanContextSupplier}: OpenTelemetry's {@code Span.current()} when its API is on the class
 * path (with vertx-opentelemetry's tracer, the span of the request's Vert.x context), or the
 * OpenTelemetry Java agent's. Without either, the supplier has no span context and this costs one
 * read.
 *
 * <p>A request's span is read once, where Vert.x runs the metrics callback on the request's
 * context (the server's {@code responseBegin}, the client's {@code requestBegin}), and recorded
 * with {@code observeWithExemplar} when the request ends, where the span may be gone (HTTP/2
 * ends it right after {@code responseBegin}). client_java's exemplar sampler still decides which
 * observations become exemplars (its rate limit and retention).
 */
final class SpanExemplars {

  private SpanExemplars() {
  }

  /**
   * The current span's {@code trace_id} and {@code span_id}.
   *
   * @return the labels, or {@code null} if no sampled span is current
   */
  static Labels current() {
    SpanContext span = SpanContextSupplier.getSpanContext();
    if (span == null) {
      return null;
    }
    try {
      if (!span.isCurrentSpanSampled()) {
        return null;
      }
      String traceId = span.getCurrentTraceId();
      String spanId = span.getCurrentSpanId();
      return traceId == null || spanId == null ? null
          : Labels.of(Exemplar.TRACE_ID, traceId, Exemplar.SPAN_ID, spanId);
    } catch (LinkageError e) {
      // A tracer API other than the one client_java was built against: no exemplar.
      return null;
    }
  }

  /**
   * Records a duration, with the request's span as its exemplar if it read one: client_java's
   * sampler then decides whether it becomes one.
   *
   * @param duration the duration's data point
   * @param seconds the duration
   * @param span the labels {@link #current()} gave the request, or {@code null}
   */
  static void observe(DistributionDataPoint duration, double seconds, Labels span) {
    if (span == null) {
      duration.observe(seconds);
    } else {
      duration.observeWithExemplar(seconds, span);
    }
  }
}
