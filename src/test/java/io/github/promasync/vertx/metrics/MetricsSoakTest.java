package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.ExternalPrograms;
import io.github.promasync.vertx.testing.ReliabilityReport;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.net.NetClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Like {@code SoakTest}, with Vert.x's metrics on: a server under keep-alive requests, a new
 * connection per paused request answered 401, bodies cut off after an early answer, and
 * WebSockets opened and closed, for {@code soak.seconds} (default {@value #DEFAULT_SECONDS});
 * the live heap after a full GC (jcmd) stays within 25% of where it was after a warm-up, and
 * every active gauge reads 0 at the end. A per-connection or per-request leak in the metrics
 * (a connection's state kept after its close) grows with the thousands of connections made.
 */
@Tag("external")
class MetricsSoakTest {

  static final int DEFAULT_SECONDS = 5;
  private static final int WARM_UP_SECONDS = 2;

  @TempDir
  Path dir;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<Process> processes = new ArrayList<>();
  private Vertx vertx;

  @AfterEach
  void tearDown() {
    processes.forEach(Process::destroyForcibly);
    if (vertx != null) {
      await(vertx.close());
    }
  }

  private static final Pattern HISTOGRAM_TOTAL =
      Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)$");

  /** Live heap bytes after the full GC that {@code jcmd GC.class_histogram} starts. */
  private long liveHeapBytes() throws IOException, InterruptedException {
    Path output = Files.createTempFile(dir, "histogram", ".txt");
    Process process = new ProcessBuilder(ExternalPrograms.jcmd().toString(),
        String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram")
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    processes.add(process);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("jcmd finished").isTrue();
    String histogram = Files.readString(output);
    Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
    assertThat(total.find()).as("a Total line in:%n%.2000s", histogram).isTrue();
    return Long.parseLong(total.group(1));
  }

  private HttpClient http;
  private NetClient raw;
  private WebSocketClient webSockets;
  private int port;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();

  /** One round of each shape; the next round starts when this one is done. */
  private Future<Void> round() {
    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      all.add(http.request(HttpMethod.GET, port, HOST, "/a")
          .compose(request -> request.send().compose(response -> response.body())));
    }
    all.add(answeredThenClosed("GET /auth HTTP/1.1\r\nHost: x\r\n\r\n", "401"));
    all.add(answeredThenClosed("POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
        + "cut", "200"));
    all.add(webSockets.connect(port, HOST, "/ws").compose(webSocket -> webSocket.close()));
    return Future.all(all).onSuccess(done -> {
      requests.addAndGet(19);
      connections.addAndGet(3);
    }).mapEmpty();
  }

  /** A new connection sends {@code request}, reads a response with that status, closes. */
  private Future<Void> answeredThenClosed(String request, String status) {
    return raw.connect(port, HOST).compose(socket -> {
      Promise<Void> answered = Promise.promise();
      Buffer received = Buffer.buffer();
      socket.handler(data -> {
        received.appendBuffer(data);
        if (received.toString().contains("\r\n\r\n")) {
          answered.tryComplete();
        }
      });
      socket.write(request);
      return answered.future().compose(v -> {
        assertThat(received.toString()).startsWith("HTTP/1.1 " + status);
        return socket.close();
      });
    });
  }

  /** Rounds for {@code seconds}, and at least 20 (the first ones load classes, JIT code). */
  private void run(int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (int rounds = 0; rounds < 20 || System.nanoTime() < deadline; rounds++) {
      await(round());
    }
  }

  @Test
  void theHeapDoesNotGrowWithTrafficAndEveryGaugeEndsAtZero() throws Exception {
    int seconds = Integer.getInteger("soak.seconds", DEFAULT_SECONDS);
    vertx = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    port = vertx.createHttpServer()
        .webSocketHandler(webSocket -> { })
        .requestHandler(request -> {
          switch (request.path()) {
            case "/auth" -> {
              request.pause();
              vertx.setTimer(1, id -> request.response().setStatusCode(401).end());
            }
            case "/early" -> request.response().end("early");
            default -> request.response().end("ok");
          }
        }).listen(0, HOST).await().actualPort();
    http = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(8));
    raw = vertx.createNetClient();
    webSockets = vertx.createWebSocketClient();

    run(WARM_UP_SECONDS);
    long heapBefore = liveHeapBytes();
    long warmUpRequests = requests.getAndSet(0);
    connections.set(0);
    run(seconds);
    long heapAfter = liveHeapBytes();
    await(http.close());
    await(webSockets.close());
    MetricsTesting.eventually(vertx, () -> Exposition.scrape(registry).activeNotZero().isEmpty(),
        () -> String.join("\n", Exposition.scrape(registry).activeNotZero()));

    ReliabilityReport.record("MetricsSoakTest",
        "metrics soak: %d s, %d requests and %d short connections (after %d warm-up requests);"
            + " live heap after full GC %.2f MB before, %.2f MB after (%+.1f%%)",
        seconds, requests.get(), connections.get(), warmUpRequests, heapBefore / 1e6,
        heapAfter / 1e6, 100.0 * (heapAfter - heapBefore) / heapBefore);
    assertThat(requests.get()).isPositive();
    assertThat(heapAfter).as("live heap after full GC, bytes (before: %d)", heapBefore)
        .isLessThanOrEqualTo((long) (heapBefore * 1.25));
  }
}
