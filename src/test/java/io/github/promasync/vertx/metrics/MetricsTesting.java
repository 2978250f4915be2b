package io.github.promasync.vertx.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Vert.x instances with the factory installed, servers on 127.0.0.1, and waiting for metrics. */
final class MetricsTesting {

  static final String HOST = "127.0.0.1";

  private MetricsTesting() {
  }

  static Vertx vertx(PrometheusRegistry registry, MetricsNaming naming) {
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new PrometheusMetricsOptions()
            .setEnabled(true)
            .setRegistry(registry)
            .setNaming(naming)))
        .withMetrics(new PrometheusMetricsFactory())
        .build();
  }

  static HttpServer listen(Vertx vertx, Router router) {
    return vertx.createHttpServer(new HttpServerOptions())
        .requestHandler(router)
        .listen(0, HOST)
        .await();
  }

  /**
   * Waits until the server-side metrics have caught up: Vert.x reports a response's end on the
   * server's event loop, which may run just after the client has read the response. Checks on a
   * Vert.x timer, so no test thread sleeps; a condition that fails an assertion (a sample not
   * there yet) is checked again. Fails after 10 seconds.
   */
  static void eventually(Vertx vertx, BooleanSupplier condition, Supplier<String> state) {
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    check(vertx, condition, state, deadline, done);
    await(done.future());
  }

  // One timer per check rather than a periodic timer: cancelling a periodic timer from its own
  // first run can race with Vert.x storing the timer's future.
  private static void check(Vertx vertx, BooleanSupplier condition, Supplier<String> state,
      long deadline, Promise<Void> done) {
    vertx.setTimer(2, id -> {
      AssertionError failed = null;
      try {
        if (condition.getAsBoolean()) {
          done.tryComplete();
          return;
        }
      } catch (AssertionError e) {
        failed = e;
      } catch (RuntimeException e) {
        done.tryFail(e);
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        AssertionError timedOut = new AssertionError("timed out waiting for the metrics:\n"
            + state.get(), failed);
        done.tryFail(timedOut);
      } else {
        check(vertx, condition, state, deadline, done);
      }
    });
  }

  /** Waits for a future to fail, and returns why; fails the test if it succeeds. */
  static Throwable awaitFailure(Future<?> future) {
    return await(future.transform(result -> result.failed()
        ? Future.succeededFuture(result.cause())
        : Future.failedFuture(new AssertionError("expected a failure, got " + result.result()))));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AssertionError assertion) {
        throw assertion;
      }
      throw new AssertionError(e.getCause());
    } catch (TimeoutException e) {
      // Say where every thread is, so that a hang can be told from a slow machine.
      StringBuilder threads = new StringBuilder("no result in 30 s; threads:\n");
      Thread.getAllStackTraces().forEach((thread, stack) -> {
        threads.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
        for (StackTraceElement frame : stack) {
          threads.append("    at ").append(frame).append('\n');
        }
      });
      throw new AssertionError(threads.toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
