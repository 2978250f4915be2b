package io.github.promasync.vertx;

import io.github.promasync.vertx.impl.Forms;
import io.github.promasync.vertx.impl.Meters;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads recording into one histogram, counter and gauge at once: event loops, worker
 * threads and, where the JVM has them (Java 21+; CI runs Java 25 too), virtual threads.
 */
class InstrumentConcurrencyTest {

  private static final int EVENT_LOOPS = 4;
  private static final int WORKERS = 4;
  private static final int OPS_PER_TASK = 12_500;

  private Vertx vertx;
  private Histogram h;
  private Counter c;
  private Gauge g;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS).setWorkerPoolSize(WORKERS));
    h = Histogram.builder().name("op_seconds").help("op").build();
    c = Counter.builder().name("op_errors_total").help("errors").build();
    g = Gauge.builder().name("op_in_progress").help("in progress").build();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  @Test
  void countsAndSumsAreExactAcrossEventLoopsWorkersAndVirtualThreads() throws Exception {
    Meters meters = new Meters(new TickingClock());
    Callable<Integer> task = () -> {
      for (int i = 0; i < OPS_PER_TASK; i++) {
        Promise<Integer> promise = Promise.promise();
        Future<Integer> tracked = Forms.future(promise.future(), meters.startTracking(g));
        Future<Integer> counted = Forms.future(tracked, meters.exceptionCounting(c, Throwable.class));
        Future<Integer> op = Forms.future(counted, meters.startTiming(h));
        if (i % 2 == 0) {
          promise.complete(i);
        } else {
          promise.fail("odd");
        }
        if (!op.isComplete()) {
          throw new AssertionError("operation " + i + " did not complete");
        }
      }
      return OPS_PER_TASK;
    };

    List<Future<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < EVENT_LOOPS; i++) {
      Context eventLoop = vertx.getOrCreateContext();
      tasks.add(Future.future(p -> eventLoop.runOnContext(v -> {
        try {
          p.complete(task.call());
        } catch (Exception e) {
          p.fail(e);
        }
      })));
    }
    for (int i = 0; i < WORKERS; i++) {
      tasks.add(vertx.executeBlocking(task, false));
    }
    int virtualOps = runOnVirtualThreads(task);

    int total = Future.all(tasks).await().<Integer>list().stream().mapToInt(Integer::intValue).sum() + virtualOps;

    assertThat(total).isGreaterThanOrEqualTo(100_000);
    assertThat(h.getCount()).isEqualTo(total);
    assertThat(h.getSum()).isEqualTo((double) total);
    assertThat(c.get()).isEqualTo(total / 2.0);
    assertThat(g.get()).isZero();
  }

  @Test
  void publicVerbsStayExactWhenFuturesCompleteOnOtherThreads() throws Exception {
    int ops = 100_000;
    List<Future<Void>> all = new ArrayList<>(ops);
    for (int i = 0; i < ops; i++) {
      Promise<Void> promise = Promise.promise();
      all.add(Instrument.time(h, Instrument.countExceptions(c, Instrument.trackInProgress(g, promise.future()))));
      boolean fail = i % 4 == 0;
      Runnable complete = () -> {
        if (fail) {
          promise.fail("boom");
        } else {
          promise.complete();
        }
      };
      if (i % 2 == 0) {
        vertx.runOnContext(v -> complete.run());
      } else {
        vertx.executeBlocking(() -> {
          complete.run();
          return null;
        }, false);
      }
    }

    // join waits for every operation, failed ones included
    Future.join(all).otherwiseEmpty().await(60, TimeUnit.SECONDS);

    assertThat(h.getCount()).isEqualTo(ops);
    assertThat(h.getSum()).isPositive();
    assertThat(c.get()).isEqualTo(ops / 4.0);
    assertThat(g.get()).isZero();
  }

  /** Runs the task on virtual threads when this JVM has them; returns the operations done. */
  private static int runOnVirtualThreads(Callable<Integer> task) throws Exception {
    Method factory;
    try {
      factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
    } catch (NoSuchMethodException java17) {
      return 0;
    }
    ExecutorService virtual = (ExecutorService) factory.invoke(null);
    try {
      List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(virtual.submit(task));
      }
      int done = 0;
      for (java.util.concurrent.Future<Integer> result : results) {
        done += result.get(60, TimeUnit.SECONDS);
      }
      return done;
    } finally {
      virtual.shutdown();
    }
  }
}
