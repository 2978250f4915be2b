package io.github.promasync.vertx.impl;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@code promasync_scrapes_refused_total{reason}}: the scrapes a {@link MetricsHandlerImpl}
 * answered with {@code 503}, registered once per served registry and shared by every handler that
 * serves it (a second registration of the name would fail).
 */
final class RefusedScrapes {

  /** The metric's name as registered; client_java adds {@code _total} on exposition. */
  static final String NAME = "promasync_scrapes_refused";

  // Weak keys: a registry that is dropped takes its counter with it.
  private static final Map<PrometheusRegistry, Counter> COUNTERS = new WeakHashMap<>();

  private final Counter counter;
  // Bound on the first refusal, not before: a child bound at creation would be exposed at 0 and
  // add two series to every registry served, which most scrapes never need.
  private volatile CounterDataPoint maxInFlight;
  private volatile CounterDataPoint timeout;

  private RefusedScrapes(Counter counter) {
    this.counter = counter;
  }

  /** Counts a scrape refused because {@code maxInFlight} collections were in flight. */
  void maxInFlight() {
    CounterDataPoint child = maxInFlight;
    if (child == null) {
      child = counter.labelValues("max_in_flight");
      maxInFlight = child;
    }
    child.inc();
  }

  /** Counts a scrape answered {@code 503} because its answer took longer than its timeout. */
  void timeout() {
    CounterDataPoint child = timeout;
    if (child == null) {
      child = counter.labelValues("timeout");
      timeout = child;
    }
    child.inc();
  }

  /**
   * The counter of {@code registry}, registered there on first use.
   *
   * @param registry the served registry
   * @return the bound label children
   */
  static RefusedScrapes of(PrometheusRegistry registry) {
    synchronized (COUNTERS) {
      Counter counter = COUNTERS.get(registry);
      if (counter == null) {
        counter = Counter.builder()
            .name(NAME)
            .help("Scrapes answered with 503 by MetricsHandler: reason=\"max_in_flight\" when"
                + " the in-flight cap was reached, \"timeout\" when the answer took longer than"
                + " the scrape timeout.")
            .labelNames("reason")
            .build();
        try {
          registry.register(counter);
        } catch (IllegalArgumentException e) {
          // The name is taken (by another copy of this library, say): count without exposing.
          System.getLogger(io.github.promasync.vertx.MetricsHandler.class.getName()).log(
              System.Logger.Level.WARNING, NAME + "_total is not exposed: " + e.getMessage());
        }
        COUNTERS.put(registry, counter);
      }
      return new RefusedScrapes(counter);
    }
  }

  /**
   * Counters registered nowhere, for a handler that does not count refused scrapes.
   *
   * @return unregistered label children
   */
  static RefusedScrapes unregistered() {
    return new RefusedScrapes(Counter.builder().name(NAME).labelNames("reason").build());
  }
}
