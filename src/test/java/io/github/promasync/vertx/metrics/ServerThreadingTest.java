package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * A server in a worker verticle, and in a virtual-thread verticle (Java 21 and later; CI's Java
 * 25 run has it): its handlers run off the event loop, and the counts and gauges are the same as
 * on an event loop, paused and early-answered requests included.
 */
class ServerThreadingTest {

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

  /** /auth: paused and answered 401 later; /early: answered before the body; else 200. */
  private static final class Server extends VerticleBase {
    private HttpServer server;

    @Override
    public Future<?> start() {
      return vertx.createHttpServer().requestHandler(request -> {
        switch (request.path()) {
          case "/auth" -> {
            request.pause();
            vertx.setTimer(1, id -> request.response().setStatusCode(401).end());
          }
          case "/early" -> request.response().end("early");
          default -> request.response().end("ok");
        }
      }).listen(0, HOST).onSuccess(listening -> server = listening);
    }
  }

  private void exercise(ThreadingModel model) {
    Server verticle = new Server();
    await(vertx.deployVerticle(verticle, new DeploymentOptions().setThreadingModel(model)));
    int port = verticle.server.actualPort();
    RawConnection keepAlive = RawConnection.open(port);
    for (int i = 0; i < 3; i++) {
      assertThat(keepAlive.send(RawConnection.get("/a")).readResponse()).isEqualTo(200);
    }
    RawConnection paused = RawConnection.open(port);
    assertThat(paused.send(RawConnection.get("/auth")).readResponse()).isEqualTo(401);
    RawConnection early = RawConnection.open(port);
    assertThat(early.send(RawConnection.post("/early", 100) + "half").readResponse())
        .isEqualTo(200);
    MetricsTesting.eventually(vertx, () -> Exposition.scrape(registry)
        .sum("http_server_request_duration_seconds_count") == 5,
        () -> Exposition.scrape(registry).text());

    keepAlive.close();
    paused.close();
    early.close();
    MetricsTesting.eventually(vertx, () -> Exposition.scrape(registry).activeNotZero().isEmpty(),
        () -> String.join("\n", Exposition.scrape(registry).activeNotZero()));
    Exposition scrape = Exposition.scrape(registry);
    assertThat(scrape.sum("http_server_request_duration_seconds_count",
        "http_response_status_code", "200")).isEqualTo(4);
    assertThat(scrape.sum("http_server_request_duration_seconds_count",
        "http_response_status_code", "401")).isEqualTo(1);
  }

  @Test
  void aServerInAWorkerVerticleIsCountedAsOnAnEventLoop() {
    exercise(ThreadingModel.WORKER);
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void aServerInAVirtualThreadVerticleIsCountedAsOnAnEventLoop() {
    exercise(ThreadingModel.VIRTUAL_THREAD);
  }
}
