package io.github.promasync.vertx;

import io.github.promasync.vertx.impl.Forms;
import io.github.promasync.vertx.impl.Meters;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
  void countsAndSumsAreExactAcrossDistinctEventLoopsAndWorkers() throws Exception {
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < EVENT_LOOPS + WORKERS; i++) {
      tasks.add(task(new Meters(new TickingClock())));
    }

    List<String> eventLoopThreads = runOn(ThreadingModel.EVENT_LOOP, tasks.subList(0, EVENT_LOOPS));
    List<String> workerThreads = runOn(ThreadingModel.WORKER, tasks.subList(EVENT_LOOPS, tasks.size()));

    // Four verticle instances get four event loops of the pool, so the tasks really ran at once.
    assertThat(eventLoopThreads).doesNotHaveDuplicates().allMatch(t -> t.contains("eventloop"));
    assertThat(workerThreads).hasSize(WORKERS).allMatch(t -> t.contains("worker"));
    assertExact((EVENT_LOOPS + WORKERS) * OPS_PER_TASK);
  }

  // CI runs the tests on Temurin 25 too, where this runs; `.ci/run` checks that it did.
  @EnabledForJreRange(min = JRE.JAVA_21)
  @Test
  void countsAndSumsAreExactAcrossVirtualThreads() throws Exception {
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      tasks.add(task(new Meters(new TickingClock())));
    }

    List<String> threads = runOn(ThreadingModel.VIRTUAL_THREAD, tasks);

    assertThat(threads).hasSize(WORKERS);
    assertExact(WORKERS * OPS_PER_TASK);
  }

  /** Stacked verbs on pending futures, OPS_PER_TASK times; returns the thread it ran on. */
  private Callable<String> task(Meters meters) {
    return () -> {
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
      return Thread.currentThread().getName();
    };
  }

  /** Runs each task in its own verticle instance of {@code model}, all at once. */
  private List<String> runOn(ThreadingModel model, List<Callable<String>> tasks) throws Exception {
    CountDownLatch allStarted = new CountDownLatch(tasks.size());
    List<String> threads = new CopyOnWriteArrayList<>();
    Iterator<Callable<String>> next = tasks.iterator();
    vertx.deployVerticle(() -> {
      Callable<String> task = next.next();
      return new VerticleBase() {
        @Override
        public Future<?> start() throws Exception {
          // On the instance's own thread; started together, so that the tasks really overlap.
          allStarted.countDown();
          if (!allStarted.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the instances did not start together");
          }
          threads.add(task.call());
          return Future.succeededFuture();
        }
      };
    }, new DeploymentOptions().setThreadingModel(model).setInstances(tasks.size()))
        .await(120, TimeUnit.SECONDS);
    return threads;
  }

  private void assertExact(int total) {
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
}
