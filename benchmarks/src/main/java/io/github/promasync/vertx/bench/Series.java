package io.github.promasync.vertx.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Fills a client_java registry and a Micrometer registry with the same time series, so every
 * exporter in the suite serves the same exposition.
 *
 * <p>{@code series} samples are split into families of {@code perFamily} label values each; even
 * families are counters, odd ones gauges; every series has two labels ({@code route}, varying,
 * and {@code code}, fixed). Values differ per series so the number formatter does real work.
 */
final class Series {

  static final String HELP = "Synthetic series for the scrape benchmarks.";

  private Series() {
  }

  static int families(int series, int perFamily) {
    if (series % perFamily != 0) {
      throw new IllegalArgumentException(series + " series do not split into families of " + perFamily);
    }
    return series / perFamily;
  }

  static String route(int j) {
    return "/api/v1/resource/" + j;
  }

  static double value(int family, int j) {
    return family * 1000.0 + j * 1.5;
  }

  /** A client_java registry with {@code series} series. */
  static PrometheusRegistry clientJava(int series, int perFamily) {
    PrometheusRegistry registry = new PrometheusRegistry();
    int families = families(series, perFamily);
    for (int f = 0; f < families; f++) {
      String name = "bench_family_" + f;
      if (f % 2 == 0) {
        var counter = io.prometheus.metrics.core.metrics.Counter.builder()
            .name(name).help(HELP).labelNames("route", "code").register(registry);
        for (int j = 0; j < perFamily; j++) {
          counter.labelValues(route(j), "200").inc(value(f, j));
        }
      } else {
        var gauge = io.prometheus.metrics.core.metrics.Gauge.builder()
            .name(name).help(HELP).labelNames("route", "code").register(registry);
        for (int j = 0; j < perFamily; j++) {
          gauge.labelValues(route(j), "200").set(value(f, j));
        }
      }
    }
    return registry;
  }

  /** A Micrometer Prometheus registry with the same {@code series} series as {@link #clientJava}. */
  static PrometheusMeterRegistry micrometer(int series, int perFamily) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    int families = families(series, perFamily);
    for (int f = 0; f < families; f++) {
      String name = "bench_family_" + f;
      for (int j = 0; j < perFamily; j++) {
        double v = value(f, j);
        if (f % 2 == 0) {
          Counter.builder(name).description(HELP).tags("route", route(j), "code", "200")
              .register(registry).increment(v);
        } else {
          Gauge.builder(name, () -> v).description(HELP).tags("route", route(j), "code", "200")
              .strongReference(true).register(registry);
        }
      }
    }
    return registry;
  }
}
