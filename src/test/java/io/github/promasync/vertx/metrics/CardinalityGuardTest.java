package io.github.promasync.vertx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.metrics.impl.Families;
import io.github.promasync.vertx.metrics.impl.GuardedChildren;
import io.github.promasync.vertx.metrics.impl.LabelGuard;
import io.github.promasync.vertx.testing.CapturedLog;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The cardinality guard that every domain binds traffic-given labels through. */
class CardinalityGuardTest {

  private static final String LOGGER = "io.github.promasync.vertx.metrics";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Families families = Families.of(registry);

  @Test
  void fiveHundredValuesGiveTheFirstHundredAndOtherWithExactTotalsAndOneWarning() {
    Counter family = families.counter("guarded_events", "Events by address", "address");
    GuardedChildren<CounterDataPoint> children = new GuardedChildren<>(
        families.guard("guarded_events", "address",
            PrometheusMetricsOptions.DEFAULT_MAX_LABEL_VALUES),
        family::labelValues);
    long total = 0;
    try (CapturedLog log = new CapturedLog(LOGGER, true)) {
      // Twice over: a value seen before, admitted or not, goes where it went the first time.
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 500; i++) {
          children.get("address-" + i).inc(i + 1);
          total += i + 1;
        }
      }
      assertThat(log.atLeast(Level.WARNING)).hasSize(1);
      assertThat(log.records().get(0).getMessage()).contains("guarded_events", "address");
    }

    Exposition scrape = Exposition.scrape(registry);
    Set<String> addresses = scrape.named("guarded_events_total").stream()
        .map(sample -> sample.labels().get("address")).collect(Collectors.toSet());
    assertThat(addresses).hasSize(101).contains(LabelGuard.OTHER, "address-0", "address-99")
        .doesNotContain("address-100");
    double sum = scrape.named("guarded_events_total").stream().mapToDouble(s -> s.value()).sum();
    assertThat(sum).isEqualTo(total);
    // The first hundred, twice each: 2 * (1 + ... + 100); the other 400 share _OTHER.
    assertThat(scrape.value("guarded_events_total", "address", "address-99")).isEqualTo(200);
    assertThat(scrape.value("guarded_events_total", "address", LabelGuard.OTHER))
        .isEqualTo(total - 2 * 5050);
  }

  @Test
  void theLimitIsPerFamilyAndSharedByEveryInstanceOnTheRegistry() {
    LabelGuard first = families.guard("a_family", "remote", 2);
    assertThat(Families.of(registry).guard("a_family", "remote", 50)).isSameAs(first);
    LabelGuard other = families.guard("another_family", "remote", 2);
    try (CapturedLog log = new CapturedLog(LOGGER, true)) {
      assertThat(first.admit("x")).isEqualTo("x");
      assertThat(first.admit("y")).isEqualTo("y");
      assertThat(first.admit("z")).isEqualTo(LabelGuard.OTHER);
      assertThat(first.admit("w")).isEqualTo(LabelGuard.OTHER);
      assertThat(first.admit("x")).isEqualTo("x");
      assertThat(other.admit("z")).isEqualTo("z");
      assertThat(log.atLeast(Level.WARNING)).hasSize(1);
    }
  }
}
