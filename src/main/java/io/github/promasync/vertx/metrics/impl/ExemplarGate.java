package io.github.promasync.vertx.metrics.impl;

import io.prometheus.metrics.model.snapshots.Labels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Whether a request may offer its span as an exemplar to one series: at most once per client_java
 * exemplar sample interval ({@code io.prometheus.exemplars.sample_interval_milliseconds}, 90 ms
 * by default), the rate at which client_java's sampler takes a custom exemplar of one data point
 * anyway. Between two openings a request reads no span and builds no labels: the cost with a
 * tracer and traffic is then one volatile read per request, and the span's ids are turned into
 * exemplar labels a few times a second per series instead of once per request.
 *
 * <p>While the gate is open, a request reads its span first and takes the turn only with a sampled
 * one, so an unsampled request does not take the turn of the sampled one that follows. A read that
 * finds no sampled span (no tracer, or a request the tracer did not sample) shuts the gate for a
 * sixteenth of the interval ({@link #missed}): without a tracer, a series then reads the span a
 * few hundred times a second at most, not once per request (a span read per request was 15.7% of
 * the metrics' samples in a live server's profile, with OpenTelemetry's API on the class path and
 * no tracer); with a tracer that samples one request in ten, a sampled one still finds the gate
 * open within a few sixteenths of the interval. client_java's own sampler waits a whole interval
 * after a request without a span.
 */
final class ExemplarGate {

  private static final VarHandle NEXT;

  static {
    try {
      NEXT = MethodHandles.lookup().findVarHandle(ExemplarGate.class, "next", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long intervalNanos;
  private final long missNanos;
  // System.nanoTime() from which the gate opens again; set through NEXT.
  private volatile long next;

  ExemplarGate(long intervalNanos) {
    this.intervalNanos = intervalNanos;
    this.missNanos = Math.max(1, intervalNanos / 16);
    this.next = System.nanoTime();
  }

  /**
   * Opens the gate for one request if its turn has come.
   *
   * @param now {@code System.nanoTime()}
   * @return the time the gate was due, or {@link Long#MIN_VALUE} when it stays shut
   */
  long open(long now) {
    long due = next;
    if (now - due < 0 || !NEXT.compareAndSet(this, due, now + intervalNanos)) {
      return Long.MIN_VALUE;
    }
    return due;
  }

  /**
   * A read found no sampled span: the next read is a sixteenth of the interval away, unless
   * another request moved the gate meanwhile.
   *
   * @param now {@code System.nanoTime()}
   */
  void missed(long now) {
    long due = next;
    if (now - due >= 0) {
      NEXT.compareAndSet(this, due, now + missNanos);
    }
  }

  /**
   * The span of the current thread, if the gate opens for it.
   *
   * @param gate the series' gate, or {@code null} when its family samples no exemplars
   * @param now {@code System.nanoTime()}
   * @return the exemplar labels, or {@code null}
   */
  static Labels span(ExemplarGate gate, long now) {
    if (gate == null || now - gate.next < 0) {
      return null;
    }
    Labels span = SpanExemplars.current();
    if (span == null) {
      gate.missed(now);
      return null;
    }
    return gate.open(now) == Long.MIN_VALUE ? null : span;
  }
}
