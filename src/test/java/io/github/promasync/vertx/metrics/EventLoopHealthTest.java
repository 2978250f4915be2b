package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static io.github.promasync.vertx.metrics.MetricsTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.CapturedLog;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

/** vertx_eventloop_delay_seconds and vertx_blocked_threads_total. */
class EventLoopHealthTest {

  private static final String BLOCKED_THREAD_LOGGER = "io.vertx.core.impl.BlockedThreadChecker";

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private static Vertx vertx(VertxOptions options, PrometheusMetricsOptions metrics) {
    return Vertx.builder()
        .with(options.setMetricsOptions(metrics.setEnabled(true)))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
  }

  /** Blocks the event loop of {@code context} (or a worker, from a worker context) for a while. */
  private static String block(Context context, long millis) {
    Promise<String> blocked = Promise.promise();
    context.runOnContext(v -> {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
      blocked.complete(Thread.currentThread().getName());
    });
    return await(blocked.future());
  }

  @Test
  void theProbeShowsTheDelayOfALoopBlockedFor300MillisecondsAndNoBlockedThreadIsReported() {
    // Every 100 ms rather than the default 10 s, so that a 300 ms block is certain to be seen.
    Vertx vertx = vertx(new VertxOptions().setEventLoopPoolSize(2),
        new PrometheusMetricsOptions().setRegistry(registry).setEventLoopDelayInterval(100));
    try {
      String loop = block(vertx.getOrCreateContext(), 300);
      String[] labels = {"eventloop", loop};
      eventually(vertx, () -> {
        Exposition scrape = Exposition.scrape(registry);
        return scrape.has("vertx_eventloop_delay_seconds_count")
            && scrape.value("vertx_eventloop_delay_seconds_count", labels)
                > bucket(scrape, loop, "0.1");
      }, () -> Exposition.scrape(registry).text());
      Exposition scrape = Exposition.scrape(registry);
      // Blocked for 300 ms, due every 100 ms: one run was between 200 and 300 ms late.
      assertThat(scrape.value("vertx_eventloop_delay_seconds_sum", labels)).isGreaterThan(0.19);
      assertThat(bucket(scrape, loop, "10.0")).isEqualTo(
          scrape.value("vertx_eventloop_delay_seconds_count", labels));
      // Every event loop has its probe, named after its thread.
      assertThat(scrape.named("vertx_eventloop_delay_seconds_count"))
          .extracting(s -> s.labels().get("eventloop"))
          .containsExactlyInAnyOrder("vert.x-eventloop-thread-0", "vert.x-eventloop-thread-1");
      // 300 ms is below Vert.x's default limit of 2 s: nothing to report.
      assertThat(scrape.value("vertx_blocked_threads_total", "thread_kind", "event_loop")).isZero();
      assertThat(scrape.value("vertx_blocked_threads_total", "thread_kind", "worker")).isZero();
    } finally {
      await(vertx.close());
    }
  }

  private static double bucket(Exposition scrape, String loop, String le) {
    return scrape.value("vertx_eventloop_delay_seconds_bucket", "eventloop", loop, "le", le);
  }

  private static VertxOptions strictLimits() {
    return new VertxOptions()
        .setBlockedThreadCheckInterval(20).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(50).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setMaxWorkerExecuteTime(50).setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS)
        // Past 150 ms, Vert.x adds the blocked thread's stack trace to its warning.
        .setWarningExceptionTime(150).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS);
  }

  @Test
  void everyBlockedThreadReportIsCountedByThreadKindAndLoggedAsVertxLogsIt() {
    Vertx vertx = vertx(strictLimits(), new PrometheusMetricsOptions().setRegistry(registry));
    try (CapturedLog log = new CapturedLog(BLOCKED_THREAD_LOGGER, true)) {
      block(vertx.getOrCreateContext(), 300);
      Promise<Void> worker = Promise.promise();
      vertx.executeBlocking(() -> block(300L)).onComplete(ar -> worker.complete());
      await(worker.future());
      // The checker may still report a thread it saw blocked just before: compare counts and
      // warnings at one moment, kind by kind.
      eventually(vertx, () -> blocked("event_loop") == logged(log, "eventloop")
              && blocked("worker") == logged(log, "worker")
              && logged(log, "eventloop") > 0 && logged(log, "worker") > 0,
          () -> blocked("event_loop") + " and " + blocked("worker") + " counted, "
              + logged(log, "eventloop") + " and " + logged(log, "worker") + " logged");
      assertThat(log.records()).allSatisfy(record -> {
        assertThat(record.getLevel()).isEqualTo(Level.WARNING);
        assertThat(record.getMessage()).matches(
            "Thread vert\\.x-(eventloop|worker)-thread-\\d+ has been blocked for \\d+ ms, "
                + "time limit is 50 ms");
      });
      await(vertx.close());
    } finally {
      await(vertx.close());
    }
  }

  private static Void block(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
    return null;
  }

  private static long logged(CapturedLog log, String kind) {
    return log.records().stream()
        .filter(r -> r.getMessage().startsWith("Thread vert.x-" + kind + "-thread-")).count();
  }

  private double blocked(String kind) {
    return Exposition.scrape(registry).value("vertx_blocked_threads_total", "thread_kind", kind);
  }

  @Test
  void theWarningsAreTheOnesVertxLogsWithoutMetrics() {
    List<String> ours = warnings(vertx(strictLimits(),
        new PrometheusMetricsOptions().setRegistry(registry)));
    List<String> vertxOwn = warnings(Vertx.vertx(strictLimits()));
    assertThat(ours).isNotEmpty().isEqualTo(vertxOwn);
  }

  /** What a 300 ms block of an event loop logs, with the durations left out. */
  private static List<String> warnings(Vertx vertx) {
    try (CapturedLog log = new CapturedLog(BLOCKED_THREAD_LOGGER, true)) {
      block(vertx.getOrCreateContext(), 300);
      await(vertx.close());
      // Both runs report at 20 ms ticks from 50 ms on; keep the first report and the first with
      // a stack trace, which every run has, whatever the ticks' phase.
      List<LogRecord> records = log.records();
      LogRecord first = records.get(0);
      LogRecord withTrace = records.stream().filter(r -> r.getThrown() != null).findFirst()
          .orElseThrow();
      return List.of(describe(first), describe(withTrace));
    }
  }

  private static String describe(LogRecord record) {
    Throwable thrown = record.getThrown();
    return record.getLoggerName() + " " + record.getLevel() + " "
        + record.getMessage().replaceAll("\\d+ ms, time", "N ms, time")
        .replaceAll("thread-\\d+", "thread-N")
        + (thrown == null ? "" : " " + thrown.getClass().getName() + ": " + thrown.getMessage()
            + " with the blocked thread's stack: " + Arrays.stream(thrown.getStackTrace())
                .anyMatch(frame -> frame.getClassName().equals(EventLoopHealthTest.class.getName())));
  }

  @Test
  void bothCanBeTurnedOff() throws InterruptedException {
    Vertx vertx = vertx(strictLimits(), new PrometheusMetricsOptions().setRegistry(registry)
        .setEventLoopDelayEnabled(false).setBlockedThreadsEnabled(false));
    try (CapturedLog log = new CapturedLog(BLOCKED_THREAD_LOGGER, true)) {
      block(vertx.getOrCreateContext(), 300);
      // Vert.x still warns by itself.
      assertThat(log.awaitFirstRecord()).isTrue();
      Exposition scrape = Exposition.scrape(registry);
      assertThat(scrape.has("vertx_eventloop_delay_seconds_count")).isFalse();
      assertThat(scrape.has("vertx_blocked_threads_total")).isFalse();
      await(vertx.close());
    } finally {
      await(vertx.close());
    }
  }
}
