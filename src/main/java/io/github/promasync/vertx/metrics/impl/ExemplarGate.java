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
 * <p>A gate opened for a request whose thread has no sampled span is given back at once, so an
 * unsampled request does not take the turn of the sampled one that follows.
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
  // System.nanoTime() from which the gate opens again.
  @SuppressWarnings("unused") // through NEXT
  private volatile long next;

  ExemplarGate(long intervalNanos) {
    this.intervalNanos = intervalNanos;
    this.next = System.nanoTime();
  }

  /**
   * Opens the gate for one request if its turn has come.
   *
   * @param now {@code System.nanoTime()}
   * @return the time the gate was due, to {@linkplain #giveBack give it back}, or
   *     {@link Long#MIN_VALUE} when it stays shut
   */
  long open(long now) {
    long due = next;
    if (now - due < 0 || !NEXT.compareAndSet(this, due, now + intervalNanos)) {
      return Long.MIN_VALUE;
    }
    return due;
  }

  /** The request that opened the gate had no span: the next one may try at once. */
  void giveBack(long due, long now) {
    NEXT.compareAndSet(this, now + intervalNanos, due);
  }

  /**
   * The span of the current thread, if the gate opens for it.
   *
   * @param gate the series' gate, or {@code null} when its family samples no exemplars
   * @param now {@code System.nanoTime()}
   * @return the exemplar labels, or {@code null}
   */
  static Labels span(ExemplarGate gate, long now) {
    if (gate == null) {
      return null;
    }
    long due = gate.open(now);
    if (due == Long.MIN_VALUE) {
      return null;
    }
    Labels span = SpanExemplars.current();
    if (span == null) {
      gate.giveBack(due, now);
    }
    return span;
  }
}
