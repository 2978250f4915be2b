package io.github.promasync.vertx.reliability;

import static io.github.promasync.vertx.testing.LocalHttp.HOST;
import static io.github.promasync.vertx.reliability.ReliabilityTesting.WAIT_SECONDS;
import static io.github.promasync.vertx.reliability.ReliabilityTesting.bytes;
import static io.github.promasync.vertx.reliability.ReliabilityTesting.connect;
import static io.github.promasync.vertx.reliability.ReliabilityTesting.strictOptions;
import static io.github.promasync.vertx.testing.VerticleTestSupport.await;
import static io.github.promasync.vertx.testing.VerticleTestSupport.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.Instrument;
import io.github.promasync.vertx.MetricsHandler;
import io.github.promasync.vertx.MetricsVerticle;
import io.github.promasync.vertx.MetricsVerticleOptions;
import io.github.promasync.vertx.reliability.ReliabilityTesting.BlockedThreadWarnings;
import io.github.promasync.vertx.testing.CapturedLog;
import io.github.promasync.vertx.reliability.ReliabilityTesting.Gate;
import io.github.promasync.vertx.reliability.ReliabilityTesting.RawResponse;
import io.github.promasync.vertx.testing.ReliabilityReport;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults around a scrape: a collector that throws, a gauge that blocks, clients that leave, stall
 * or never finish their request, a saturated worker pool, operations that never complete. After
 * each the next scrape is served correctly, no thread stays blocked (every gate is open and empty),
 * and Vert.x's blocked-thread checker, set to report any event-loop task over
 * {@value ReliabilityTesting#MAX_EVENT_LOOP_MILLIS} ms, reported nothing.
 */
class FaultsTest {

  private static final String REQUESTS = "requests_total 3.0\n";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<Gate> gates = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();
  private final AtomicInteger metricsRequests = new AtomicInteger();
  private BlockedThreadWarnings warnings;
  private CapturedLog handlerLog;
  private Vertx vertx;
  private Vertx clientVertx;
  private WebClient client;
  private int port;

  @BeforeAll
  static void warmUp() {
    ReliabilityTesting.warmUp();
  }

  @BeforeEach
  void setUp() {
    warnings = new BlockedThreadWarnings();
    // The failures logged here are expected; they stay out of the build output and are asserted.
    handlerLog = new CapturedLog(MetricsHandler.class.getName(), true);
    Counter.builder().name("requests").help("Requests.").register(registry).inc(3);
  }

  @AfterEach
  void tearDown() throws IOException {
    try {
      gates.forEach(Gate::open);
      for (Socket socket : sockets) {
        socket.close();
      }
      if (vertx != null) {
        for (Gate gate : gates) {
          awaitEmpty(gate);
        }
        vertx.close().await();
      }
      if (clientVertx != null) {
        clientVertx.close().await();
      }
      warnings.assertNone();
    } finally {
      warnings.close();
      handlerLog.close();
    }
  }

  /** Starts Vert.x and a server with {@code /ping} and {@code /metrics} on one event loop. */
  private void start(VertxOptions options, HttpServerOptions serverOptions) {
    vertx = Vertx.vertx(options);
    // The clients run on a Vert.x of their own, so that the checker watches the server alone.
    clientVertx = Vertx.vertx();
    // Room for every request of a test at once: a pooled client would queue a /ping behind
    // scrapes, and the test would then measure the client, not the server.
    client = WebClient.create(clientVertx, new WebClientOptions(),
        new PoolOptions().setHttp1MaxSize(64));
    Router router = Router.router(vertx);
    router.get("/ping").handler(ctx -> ctx.end("pong"));
    router.route("/metrics").handler(ctx -> {
      metricsRequests.incrementAndGet();
      ctx.next();
    }).handler(MetricsHandler.create(registry));
    port = vertx.createHttpServer(serverOptions).requestHandler(router).listen(0, HOST).await()
        .actualPort();
  }

  private void start() {
    start(strictOptions(), new HttpServerOptions());
  }

  private Gate gate() {
    Gate gate = new Gate();
    gates.add(gate);
    return gate;
  }

  /** Waits, on Vert.x timers, until no thread is blocked at {@code gate}. */
  private void awaitEmpty(Gate gate) {
    await(poll(vertx, Duration.ofSeconds(WAIT_SECONDS), "the threads at the gate to leave",
        () -> Future.succeededFuture(gate.inside() == 0)));
  }

  private HttpResponse<Buffer> scrape() {
    return await(client.get(port, HOST, "/metrics").send());
  }

  private void assertServesNextScrape(String... expected) {
    HttpResponse<Buffer> next = scrape();
    assertThat(next.statusCode()).as("the next scrape").isEqualTo(200);
    assertThat(next.bodyAsString()).contains(REQUESTS);
    for (String s : expected) {
      assertThat(next.bodyAsString()).contains(s);
    }
  }

  private void assertPings() {
    HttpResponse<Buffer> ping = await(client.get(port, HOST, "/ping").send());
    assertThat(ping.bodyAsString()).isEqualTo("pong");
  }

  private List<LogRecord> errorsLogged() {
    return handlerLog.atLeast(Level.WARNING);
  }

  @Test
  void aCollectorThatThrowsOnEveryOtherScrapeAlternates500And200() {
    AtomicInteger collections = new AtomicInteger();
    registry.register(() -> {
      int n = collections.incrementAndGet();
      if (n % 2 == 1) {
        throw new IllegalStateException("backend down at collection " + n);
      }
      return GaugeSnapshot.builder().name("flaky").help("Flaky.")
          .dataPoint(GaugeDataPointSnapshot.builder().value(n).build()).build();
    });
    start();

    List<Integer> statuses = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      HttpResponse<Buffer> response = scrape();
      statuses.add(response.statusCode());
      if (i % 2 == 1) {
        assertThat(response.bodyAsString())
            .isEqualTo("Error while collecting metrics; see the server log\n");
      } else {
        assertThat(response.bodyAsString()).contains(REQUESTS, "flaky " + i + ".0\n");
      }
    }

    assertThat(statuses).containsExactly(500, 200, 500, 200, 500, 200, 500, 200, 500, 200);
    // Logged once with its stack trace; the four failures after it, within a minute, are only
    // counted (MetricsHandler's ThrottledLog), so a collector failing every scrape cannot flood.
    assertThat(errorsLogged()).singleElement().satisfies(record ->
        assertThat(record.getThrown()).hasMessage("backend down at collection 1"));
  }

  @Test
  void aGaugeBlockingPastTheClientTimeoutLeavesTheEventLoopFree() throws Exception {
    Gate gate = gate();
    GaugeWithCallback.builder().name("slow").help("Blocks until the gate opens.")
        .callback(callback -> {
          if (!gate.isOpen()) {
            gate.pass();
          }
          callback.call(1);
        })
        .register(registry);
    start();

    Future<HttpResponse<Buffer>> impatient = client.get(port, HOST, "/metrics").timeout(300).send();
    gate.awaitEntry();
    Throwable timedOut = await(impatient.transform(ar -> Future.succeededFuture(ar.cause())));
    // The client gave up while the worker is still blocked; the event loop answers meanwhile.
    assertThat(timedOut).isInstanceOf(TimeoutException.class);
    assertThat(gate.inside()).isEqualTo(1);
    assertPings();

    gate.open();
    awaitEmpty(gate);
    assertServesNextScrape("slow 1.0\n");
    assertThat(errorsLogged()).isEmpty();
  }

  @Test
  void clientsThatLeaveHalfwayThroughTheBodyCostNothing() throws Exception {
    // One client at a time: MetricsHandlerTest.survivesAClientThatLeavesHalfwayThroughTheBody.
    // Here eight leave at once, half of them with a reset instead of a close.
    Counter big = Counter.builder().name("big").help("Many series.").labelNames("id")
        .register(registry);
    for (int i = 0; i < 30_000; i++) {
      big.labelValues("series-" + i).inc();
    }
    // Small socket buffers: the ~1 MB body cannot be in flight all at once.
    start(strictOptions(), new HttpServerOptions().setSendBufferSize(4096));
    int clients = 8;

    for (int i = 0; i < clients; i++) {
      Socket socket = connect(port, 4096);
      sockets.add(socket);
      socket.getOutputStream().write(bytes("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"));
    }
    for (int i = 0; i < clients; i++) {
      Socket socket = sockets.get(i);
      assertThat(socket.getInputStream().readNBytes(4096)).hasSize(4096);
      if (i % 2 == 0) {
        socket.setSoLinger(true, 0);
      }
      socket.close();
    }
    // Each abandoned response is accounted for by one debug line: dropped or not delivered.
    await(poll(vertx, Duration.ofSeconds(WAIT_SECONDS), "every abandoned response noted",
        () -> Future.succeededFuture(handlerLog.records().size() >= clients)));

    assertServesNextScrape("big_total{id=\"series-29999\"} 1.0\n");
    assertThat(handlerLog.records()).hasSize(clients)
        .allSatisfy(record -> assertThat(record.getLevel()).isEqualTo(Level.FINE));
  }

  @Test
  void halfSentRequestsHoldNoThreadAndTheHandlerNeverRuns() throws Exception {
    start();
    for (int i = 0; i < 50; i++) {
      Socket socket = connect(port);
      sockets.add(socket);
      socket.getOutputStream().write(bytes("GET /metrics HTTP/1.1\r\nHost:"));
    }

    for (int i = 0; i < 5; i++) {
      assertServesNextScrape();
      assertPings();
    }

    // Only the five complete scrapes reached the handler; the 50 stalled requests hold a socket
    // each (Vert.x reads them without a thread) until the idle timeout, if one is set, closes it.
    assertThat(metricsRequests).hasValue(5);
  }

  @Test
  void theIdleTimeoutOfTheServerOptionsClosesAHalfSentRequest() throws Exception {
    vertx = Vertx.vertx(strictOptions());
    MetricsVerticle verticle = new MetricsVerticle(new MetricsVerticleOptions()
        .setHost(HOST).setPort(0).setRegistry(registry)
        .setServerOptions(new HttpServerOptions()
            .setIdleTimeout(300).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)));
    vertx.deployVerticle(verticle).await();
    Socket socket = connect(verticle.actualPort());
    sockets.add(socket);

    socket.getOutputStream().write(bytes("GET /metrics HTTP/1.1\r\nHost:"));

    // The server closes the connection: end of stream, without an answer.
    assertThat(socket.getInputStream().read()).isEqualTo(-1);
    RawResponse next = ReliabilityTesting.exchange(verticle.actualPort(),
        bytes("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")).get(0);
    assertThat(next.status()).isEqualTo(200);
    assertThat(next.bodyText()).contains(REQUESTS);
  }

  @Test
  void aClientThatStopsReadingStopsTheServerCollectingForIt() throws Exception {
    Counter big = Counter.builder().name("big").help("Many series.").labelNames("id")
        .register(registry);
    for (int i = 0; i < 30_000; i++) {
      big.labelValues("series-" + i).inc();
    }
    start(strictOptions(), new HttpServerOptions().setSendBufferSize(4096));
    int pipelined = 20;
    Socket socket = connect(port, 4096);
    sockets.add(socket);
    OutputStream out = socket.getOutputStream();
    out.write(bytes("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".repeat(pipelined)));
    out.flush();
    await(poll(vertx, Duration.ofSeconds(WAIT_SECONDS), "the first scrape",
        () -> Future.succeededFuture(metricsRequests.get() >= 1)));

    // The client reads nothing for a second; a server without backpressure would go on
    // collecting and queueing a ~1 MB body for each of the pipelined requests meanwhile.
    vertx.timer(1, TimeUnit.SECONDS).await();
    int collectedWhileStalled = metricsRequests.get();
    assertPings();
    ReliabilityReport.record("FaultsTest",
        "stalled reader: %d of %d pipelined scrapes collected while"
        + " it read nothing for 1 s", collectedWhileStalled, pipelined);

    InputStream in = socket.getInputStream();
    for (int i = 0; i < pipelined; i++) {
      RawResponse response = ReliabilityTesting.read(in, false);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.bodyText()).contains("big_total{id=\"series-29999\"} 1.0\n");
    }
    // Backpressure: Vert.x stops reading a connection whose writes queue up, so the server holds
    // the body being written and the next one or two, not one per pipelined request (20). The
    // exact number depends on socket buffers and on when the server's read stops; 4 leaves room.
    assertThat(collectedWhileStalled).as("scrapes collected while the client read nothing")
        .isLessThanOrEqualTo(4);
    assertThat(metricsRequests).hasValue(pipelined);
  }

  @Test
  void aSaturatedApplicationWorkerPoolDoesNotDelayScrapes() throws Exception {
    start(strictOptions().setWorkerPoolSize(1), new HttpServerOptions());
    Gate gate = gate();
    Future<Object> occupant = vertx.executeBlocking(() -> {
      gate.pass();
      return null;
    });
    gate.awaitEntry();

    List<Future<HttpResponse<Buffer>>> scrapes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      scrapes.add(client.get(port, HOST, "/metrics").send());
    }
    assertPings();
    // Scrapes run on MetricsHandler's own pool: the application's only worker, still occupied,
    // delays none of them.
    for (Future<HttpResponse<Buffer>> scrape : scrapes) {
      HttpResponse<Buffer> response = await(scrape);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsString()).contains(REQUESTS);
    }
    assertThat(metricsRequests.get()).isEqualTo(5);
    assertThat(occupant.isComplete()).isFalse();

    gate.open();
    await(occupant);
    awaitEmpty(gate);
    assertServesNextScrape();
  }

  @Test
  void operationsThatNeverCompleteStayInTheGaugeUntilGivenADeadline() {
    Gauge stuck = Gauge.builder().name("stuck_in_progress").help("Never complete.")
        .register(registry);
    Gauge bounded = Gauge.builder().name("bounded_in_progress").help("Complete by deadline.")
        .register(registry);
    Histogram latency = Histogram.builder().name("bounded_seconds").help("Latency.")
        .register(registry);
    Counter timeouts = Counter.builder().name("bounded_timeouts").help("Deadlines hit.")
        .register(registry);
    start();
    List<Future<Void>> withDeadline = new ArrayList<>();

    for (int i = 0; i < 100; i++) {
      Instrument.trackInProgress(stuck, Promise.<Void>promise().future());
      // What the README advises: give the operation a deadline, instrument the future with it.
      Future<Void> deadline = Promise.<Void>promise().future().timeout(200, TimeUnit.MILLISECONDS);
      withDeadline.add(Instrument.time(latency, Instrument.countExceptions(timeouts,
          TimeoutException.class, Instrument.trackInProgress(bounded, deadline))));
    }
    await(Future.join(withDeadline).otherwiseEmpty());

    assertServesNextScrape(
        "stuck_in_progress 100.0\n",
        "bounded_in_progress 0.0\n",
        "bounded_seconds_count 100\n",
        "bounded_timeouts_total 100.0\n");
    assertThat(latency.getSum()).isGreaterThanOrEqualTo(100 * 0.2);
  }
}
