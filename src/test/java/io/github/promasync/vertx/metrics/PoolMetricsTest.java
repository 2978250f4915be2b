package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Worker pools: queue, use, completions and the ratio in use / size. */
class PoolMetricsTest {

  private static final String[] POOL = {"pool_type", "worker", "pool_name", "test-pool"};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  @Test
  void aNamedWorkerExecutorOfEightRunningTwentyFourTasks() throws InterruptedException {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("test-pool", 8);
    CountDownLatch started = new CountDownLatch(8);
    CountDownLatch release = new CountDownLatch(1);
    List<Future<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      int task = i;
      tasks.add(executor.executeBlocking(() -> {
        started.countDown();
        assertThat(release.await(30, TimeUnit.SECONDS)).as("released").isTrue();
        return task;
      }, false));
    }
    assertThat(started.await(30, TimeUnit.SECONDS)).as("8 tasks running").isTrue();

    eventually(vertx, () -> Exposition.scrape(registry).value("vertx_pool_in_use", POOL) == 8,
        () -> Exposition.scrape(registry).text());
    Exposition busy = Exposition.scrape(registry);
    assertThat(busy.value("vertx_pool_ratio", POOL)).isEqualTo(1.0);
    assertThat(busy.value("vertx_pool_queue_pending", POOL)).isEqualTo(16);
    assertThat(busy.value("vertx_pool_completed_total", POOL)).isZero();

    release.countDown();
    for (Future<Integer> task : tasks) {
      await(task);
    }
    // Vert.x ends a task's metrics just after completing its future.
    eventually(vertx, () -> Exposition.scrape(registry)
        .value("vertx_pool_completed_total", POOL) == 24, () -> Exposition.scrape(registry).text());
    Exposition done = Exposition.scrape(registry);
    assertThat(done.value("vertx_pool_in_use", POOL)).isZero();
    assertThat(done.value("vertx_pool_ratio", POOL)).isZero();
    assertThat(done.value("vertx_pool_queue_pending", POOL)).isZero();
    assertThat(done.value("vertx_pool_queue_time_seconds_count", POOL)).isEqualTo(24);
    assertThat(done.value("vertx_pool_usage_seconds_count", POOL)).isEqualTo(24);
    // 16 tasks waited for the first 8 to be released.
    assertThat(done.value("vertx_pool_queue_time_seconds_sum", POOL)).isPositive();
    await(executor.close());
  }

  @Test
  void vertxsOwnPoolsAreThereFromTheStart() {
    Exposition scrape = Exposition.scrape(registry);
    for (String pool : new String[] {"vert.x-worker-thread", "vert.x-internal-blocking"}) {
      assertThat(scrape.value("vertx_pool_in_use", "pool_type", "worker", "pool_name", pool))
          .isZero();
      assertThat(scrape.value("vertx_pool_ratio", "pool_type", "worker", "pool_name", pool))
          .isZero();
    }
    await(vertx.executeBlocking(() -> "done"));
    eventually(vertx, () -> Exposition.scrape(registry).value("vertx_pool_completed_total",
        "pool_type", "worker", "pool_name", "vert.x-worker-thread") == 1,
        () -> Exposition.scrape(registry).text());
  }
}
