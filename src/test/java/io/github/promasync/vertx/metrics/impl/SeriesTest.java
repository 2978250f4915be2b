package io.github.promasync.vertx.metrics.impl;

import static io.github.promasync.vertx.metrics.impl.FamilySpec.counter;
import static io.github.promasync.vertx.metrics.impl.FamilySpec.label;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.CapturedLog;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The series core every domain binds through, and the guard on a family's whole key. */
class SeriesTest {

  private static final String LOGGER = "io.github.promasync.vertx.metrics";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Families families = Families.of(registry);

  /** Two traffic-grown labels (host, port) as one key. */
  private record Endpoint(String host, String port) {
  }

  private Series<Endpoint, CounterDataPoint> endpoints(int max) {
    Family<CounterDataPoint> family = families.family(counter("guarded_requests", "Requests",
        label("host", 0), label("port", 1)));
    KeyGuard guard = families.guard("guarded_*", max, "host", "port");
    return new Series<>(guard::admit, key -> new Endpoint(KeyGuard.OTHER, KeyGuard.OTHER),
        key -> family.bind(key.host(), key.port()));
  }

  /** host:port -> value of {@code guarded_requests_total}. */
  private Map<String, Double> samples() {
    CounterSnapshot snapshot = (CounterSnapshot) registry.scrape().stream()
        .filter(s -> s.getMetadata().getName().equals("guarded_requests")).findFirst()
        .orElseThrow();
    return snapshot.getDataPoints().stream().collect(Collectors.toMap(
        p -> p.getLabels().get("host") + ":" + p.getLabels().get("port"),
        CounterDataPointSnapshot::getValue));
  }

  @Test
  void oneHostOnManyPortsIsBoundedByTheGuardOnTheWholeKeyWithExactTotals() {
    Series<Endpoint, CounterDataPoint> series = endpoints(2);
    long total = 0;
    try (CapturedLog log = new CapturedLog(LOGGER, true)) {
      // Twice over: a key seen before, admitted or not, goes where it went the first time.
      for (int round = 0; round < 2; round++) {
        for (int port = 8000; port < 8020; port++) {
          series.get(new Endpoint("db.example", Integer.toString(port))).inc(port);
          total += port;
        }
      }
      assertThat(log.atLeast(Level.WARNING)).hasSize(1);
      assertThat(log.records().get(0).getMessage()).contains("guarded_*", "host, port");
    }
    Map<String, Double> samples = samples();
    assertThat(samples.keySet())
        .containsExactlyInAnyOrder("db.example:8000", "db.example:8001", "_OTHER:_OTHER");
    assertThat(samples.values().stream().mapToDouble(Double::doubleValue).sum())
        .isEqualTo(total);
    assertThat(samples.get("db.example:8001")).isEqualTo(2 * 8001);
    // Two admitted keys and one overflow key are bound; the other 18 keys were not kept.
    assertThat(series.size()).isEqualTo(3);
  }

  @Test
  void theLimitIsPerGroupAndSharedByEveryInstanceOnTheRegistry() {
    KeyGuard first = families.guard("a_family", 2, "remote");
    assertThat(Families.of(registry).guard("a_family", 50, "remote")).isSameAs(first);
    KeyGuard other = families.guard("another_family", 2, "remote");
    try (CapturedLog log = new CapturedLog(LOGGER, true)) {
      assertThat(first.admit("x")).isTrue();
      assertThat(first.admit(List.of("y", "1"))).isTrue();
      assertThat(first.admit("z")).isFalse();
      assertThat(first.admit("w")).isFalse();
      assertThat(first.admit("x")).isTrue();
      assertThat(other.admit("z")).isTrue();
      assertThat(log.atLeast(Level.WARNING)).hasSize(1);
    }
  }

  @Test
  void reservedKeysAreAdmittedWhateverTheLimitAndCountTowardsIt() {
    KeyGuard guard = families.guard("vertx_pool_*", 2, "pool_name");
    guard.reserve("vert.x-worker-thread");
    guard.reserve("vert.x-internal-blocking");
    guard.reserve("vert.x-virtual-thread");
    try (CapturedLog log = new CapturedLog(LOGGER, true)) {
      assertThat(guard.admit("my-executor")).isFalse();
      assertThat(guard.admit("vert.x-virtual-thread")).isTrue();
      assertThat(log.atLeast(Level.WARNING)).hasSize(1);
    }
  }

  @Test
  void keysThatCodeBoundsAreBoundOnceEach() {
    int[] binds = new int[1];
    Series<Class<?>, String> series = new Series<>(type -> {
      binds[0]++;
      return type.getSimpleName();
    });
    for (int i = 0; i < 3; i++) {
      assertThat(series.get(String.class)).isEqualTo("String");
      assertThat(series.get(Integer.class)).isEqualTo("Integer");
    }
    assertThat(binds[0]).isEqualTo(2);
  }
}
