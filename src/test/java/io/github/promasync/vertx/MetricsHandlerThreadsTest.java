package io.github.promasync.vertx;

import static io.github.promasync.vertx.testing.LocalHttp.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whatever thread calls {@code handle()}, the response is complete and written on the request's
 * own context.
 */
@ExtendWith(VertxExtension.class)
class MetricsHandlerThreadsTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final MetricsHandler handler = MetricsHandler.create(registry);
  private final AtomicReference<Context> arrivedOn = new AtomicReference<>();
  private final AtomicReference<Boolean> handleCalledOnVertxThread = new AtomicReference<>();
  private final AtomicReference<Context> writtenOn = new AtomicReference<>();
  private final AtomicReference<Thread> writtenBy = new AtomicReference<>();
  private final AtomicReference<Thread> arrivalThread = new AtomicReference<>();
  private Vertx vertx;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    registry.register(new CountingCollector("counted"));
  }

  @AfterEach
  void tearDown() {
    handler.close();
  }

  /** Deploys a server verticle with {@code model}; {@code hop} runs between arrival and handle. */
  private int deploy(ThreadingModel model, Handler<RoutingContext> hop) {
    AtomicReference<Integer> port = new AtomicReference<>();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        Router router = Router.router(vertx);
        router.route("/metrics").handler(ctx -> {
          arrivedOn.set(Vertx.currentContext());
          arrivalThread.set(Thread.currentThread());
          // Headers are written by the thread that ends the response, on its context.
          ctx.addHeadersEndHandler(v -> {
            writtenOn.set(Vertx.currentContext());
            writtenBy.set(Thread.currentThread());
          });
          ctx.next();
        }).handler(hop).handler(ctx -> {
          handleCalledOnVertxThread.set(Context.isOnVertxThread());
          handler.handle(ctx);
        });
        return vertx.createHttpServer().requestHandler(router).listen(0, HOST)
            .onSuccess(server -> port.set(server.actualPort()));
      }
    }, new DeploymentOptions().setThreadingModel(model)).await();
    return port.get();
  }

  private void assertAnsweredOnTheRequestsContext(int port) {
    HttpResponse<Buffer> response = WebClient.create(vertx).get(port, HOST, "/metrics").send()
        .await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString())
        .isEqualTo("# HELP counted Collections so far.\n# TYPE counted gauge\ncounted 1.0\n");
    assertThat(writtenOn.get()).isNotNull().isSameAs(arrivedOn.get());
  }

  @Test
  void onTheEventLoop() {
    int port = deploy(ThreadingModel.EVENT_LOOP, RoutingContext::next);

    assertAnsweredOnTheRequestsContext(port);
    assertThat(arrivedOn.get().isEventLoopContext()).isTrue();
    assertThat(writtenBy.get()).isSameAs(arrivalThread.get());
  }

  @Test
  void onAWorkerVerticle() {
    int port = deploy(ThreadingModel.WORKER, RoutingContext::next);

    assertAnsweredOnTheRequestsContext(port);
    assertThat(arrivedOn.get().isWorkerContext()).isTrue();
    assertThat(writtenBy.get().getName()).startsWith("vert.x-worker-thread");
  }

  // Vert.x runs virtual-thread verticles on Java 21 and later only; CI's Temurin 25 run covers it.
  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void onAVirtualThreadVerticle() {
    int port = deploy(ThreadingModel.VIRTUAL_THREAD, RoutingContext::next);

    assertAnsweredOnTheRequestsContext(port);
    assertThat(arrivedOn.get().threadingModel()).isEqualTo(ThreadingModel.VIRTUAL_THREAD);
    assertThat(writtenOn.get().threadingModel()).isEqualTo(ThreadingModel.VIRTUAL_THREAD);
  }

  @Test
  void reachedFromANonVertxThread() {
    // ctx.next() in a CompletableFuture callback: handle() runs on a thread of the common pool
    // (or a thread of its own where the common pool has no parallelism, as on two cores).
    int port = deploy(ThreadingModel.EVENT_LOOP, ctx -> CompletableFuture.runAsync(ctx::next));

    assertAnsweredOnTheRequestsContext(port);
    assertThat(handleCalledOnVertxThread.get()).isFalse();
    assertThat(writtenBy.get()).isSameAs(arrivalThread.get());
  }

  @Test
  void reachedFromAnotherContext() {
    Context other = vertx.getOrCreateContext();
    int port = deploy(ThreadingModel.EVENT_LOOP, ctx -> other.runOnContext(v -> ctx.next()));

    assertAnsweredOnTheRequestsContext(port);
    assertThat(handleCalledOnVertxThread.get()).isTrue();
    assertThat(writtenOn.get()).isNotSameAs(other);
  }
}
