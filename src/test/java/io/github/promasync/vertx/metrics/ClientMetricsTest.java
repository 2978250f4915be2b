package io.github.promasync.vertx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.metrics.impl.VertxMetricsImpl;
import io.github.promasync.vertx.testing.CapturedLog;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;

import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The generic client metrics that the SQL, Redis and other Vert.x clients report through
 * {@code createClientMetrics}, driven by hand as such a client drives them.
 */
class ClientMetricsTest {

  private static final SocketAddress DB = SocketAddress.inetSocketAddress(5432, "127.0.0.1");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final VertxMetrics metrics = VertxMetricsImpl.create(
      new PrometheusMetricsOptions().setEnabled(true).setRegistry(registry));

  @SuppressWarnings("unchecked")
  private ClientMetrics<Object, Object, Object> client(String type, String namespace) {
    return (ClientMetrics<Object, Object, Object>) metrics.createClientMetrics(DB, type, namespace);
  }

  @Test
  void pendingProcessingTimeAndResets() {
    ClientMetrics<Object, Object, Object> sql = client("sql", "orders");
    String[] labels = {"remote", "127.0.0.1:5432", "client_namespace", "orders"};
    Object first = sql.init();
    Object second = sql.init();
    Object third = sql.init();
    sql.requestBegin(first, "SELECT 1", "SELECT 1");
    sql.requestBegin(second, "SELECT 2", "SELECT 2");
    sql.requestBegin(third, "SELECT 3", "SELECT 3");
    assertThat(Exposition.scrape(registry).value("vertx_sql_processing_pending", labels))
        .isEqualTo(3);

    sql.requestEnd(first);
    sql.responseBegin(first, "row");
    sql.responseEnd(first);
    sql.requestReset(second);
    // A repeated end or reset counts once.
    sql.responseEnd(first);
    sql.requestReset(second);

    Exposition scrape = Exposition.scrape(registry);
    assertThat(scrape.value("vertx_sql_processing_pending", labels)).isEqualTo(1);
    assertThat(scrape.value("vertx_sql_processing_time_seconds_count", labels)).isEqualTo(1);
    assertThat(scrape.value("vertx_sql_processing_time_seconds_sum", labels)).isPositive();
    assertThat(scrape.value("vertx_sql_resets_total", labels)).isEqualTo(1);

    sql.responseEnd(third, 10);
    scrape = Exposition.scrape(registry);
    assertThat(scrape.value("vertx_sql_processing_pending", labels)).isZero();
    assertThat(scrape.value("vertx_sql_processing_time_seconds_count", labels)).isEqualTo(2);
  }

  @Test
  void theTypeBecomesAValidPartOfTheFamilyName() {
    ClientMetrics<Object, Object, Object> redis = client("redis-cluster.v2", null);
    redis.requestBegin(redis.init(), "GET", "GET");
    assertThat(Exposition.scrape(registry).value("vertx_redis_cluster_v2_processing_pending",
        "remote", "127.0.0.1:5432", "client_namespace", "")).isEqualTo(1);
  }

  @Test
  void fiveHundredNamespacesGiveAHundredAndOtherWithExactTotalsAndOneWarning() {
    long total = 0;
    try (CapturedLog log = new CapturedLog("io.github.promasync.vertx.metrics", true)) {
      for (int i = 0; i < 500; i++) {
        ClientMetrics<Object, Object, Object> sql = client("sql", "tenant-" + i);
        for (int request = 0; request <= i % 3; request++) {
          Object metric = sql.init();
          sql.requestBegin(metric, "SELECT", "SELECT");
          sql.responseEnd(metric, 0);
          total++;
        }
      }
      assertThat(log.atLeast(Level.WARNING)).hasSize(1);
    }

    Exposition scrape = Exposition.scrape(registry);
    Set<String> namespaces = scrape.named("vertx_sql_processing_time_seconds_count").stream()
        .map(sample -> sample.labels().get("client_namespace")).collect(Collectors.toSet());
    assertThat(namespaces).hasSize(101).contains("tenant-0", "tenant-99", "_OTHER")
        .doesNotContain("tenant-100");
    assertThat(scrape.named("vertx_sql_processing_time_seconds_count").stream()
        .mapToDouble(s -> s.value()).sum()).isEqualTo(total);
  }
}
