package io.github.promasync.vertx.bench;

import io.github.promasync.vertx.metrics.PrometheusMetricsFactory;
import io.github.promasync.vertx.metrics.PrometheusMetricsOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One contender of {@link ClientBusLoad}, in a JVM of its own: a Vert.x with two event loops and
 * Vert.x's metrics off ({@code none}), enabled but recording nothing ({@code noop}: Vert.x's own
 * share, see {@link NoopVertxMetrics}), this library's ({@code ours}) or vertx-micrometer-metrics'
 * defaults ({@code micrometer}), an HTTP server and an event bus consumer on one loop, their
 * client on the other. Reads commands on stdin, one per line, and answers one line each:
 * <ul>
 *   <li>{@code http S}: for S seconds, 16 HTTP requests at a time ({@code GET /}, 5-byte body)
 *       through the instrumented client to the instrumented server;
 *   <li>{@code bus S}: for S seconds, 16 event bus requests at a time, each answered by a reply;
 *   <li>{@code idle S}: nothing for S seconds;
 * </ul>
 * answering {@code result OPS PROCESS_CPU_NS EVENT_LOOP_CPU_NS} (round trips completed, CPU time
 * of the whole JVM and of its event-loop threads over the command).
 */
public final class ClientBusNode {

  static final int IN_FLIGHT = 16;
  private static final Buffer BODY = Buffer.buffer("hello");

  private ClientBusNode() {
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(2);
    VertxBuilder builder = Vertx.builder();
    switch (mode) {
      case "none" -> { }
      case "noop" -> {
        options.setMetricsOptions(new MetricsOptions().setEnabled(true));
        builder.withMetrics(vertxOptions -> new NoopVertxMetrics());
      }
      case "ours" -> {
        options.setMetricsOptions(new PrometheusMetricsOptions().setEnabled(true)
            .setRegistry(new PrometheusRegistry()));
        builder.withMetrics(new PrometheusMetricsFactory());
      }
      case "micrometer" -> {
        options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
        builder.withMetrics(new MicrometerMetricsFactory(
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
      }
      default -> throw new IllegalArgumentException("mode: " + mode);
    }
    Vertx vertx = builder.with(options).build();
    Promise<Integer> port = Promise.promise();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        vertx.eventBus().consumer("bench", message -> message.reply("pong"));
        return vertx.createHttpServer().requestHandler(req -> req.response().end(BODY))
            .listen(0, "127.0.0.1").onSuccess(server -> port.complete(server.actualPort()));
      }
    }).await();
    Driver driver = new Driver(vertx, port.future().await());
    vertx.deployVerticle(driver).await();
    System.out.println("ready");

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    String line;
    while ((line = in.readLine()) != null) {
      String[] command = line.trim().split(" ");
      long seconds = Long.parseLong(command[1]);
      long cpu = os.getProcessCpuTime();
      long loops = eventLoopCpu(threads);
      long ops = driver.run(command[0], TimeUnit.SECONDS.toNanos(seconds));
      System.out.println("result " + ops + " " + (os.getProcessCpuTime() - cpu) + " "
          + (eventLoopCpu(threads) - loops));
    }
    vertx.close().await();
  }

  private static long eventLoopCpu(ThreadMXBean threads) {
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("vert.x-eventloop-thread-")) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }

  /** The client side, on its own event loop: keeps {@link #IN_FLIGHT} round trips going. */
  private static final class Driver extends VerticleBase {

    private final Vertx owner;
    private final int port;
    private HttpClient client;

    Driver(Vertx owner, int port) {
      this.owner = owner;
      this.port = port;
    }

    @Override
    public Future<?> start() {
      client = owner.createHttpClient(new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
      return Future.succeededFuture();
    }

    /** Runs one command on this verticle's loop; blocks the calling (main) thread until done. */
    long run(String kind, long nanos) {
      if (kind.equals("idle")) {
        try {
          TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return 0;
      }
      AtomicLong ops = new AtomicLong();
      Promise<Void> done = Promise.promise();
      long end = System.nanoTime() + nanos;
      AtomicLong running = new AtomicLong(IN_FLIGHT);
      context.runOnContext(v -> {
        for (int i = 0; i < IN_FLIGHT; i++) {
          next(kind, end, ops, running, done);
        }
      });
      done.future().await();
      return ops.get();
    }

    private void next(String kind, long end, AtomicLong ops, AtomicLong running,
        Promise<Void> done) {
      if (System.nanoTime() - end > 0) {
        if (running.decrementAndGet() == 0) {
          done.complete();
        }
        return;
      }
      Future<?> roundTrip = kind.equals("http")
          ? client.request(HttpMethod.GET, port, "127.0.0.1", "/")
              .compose(req -> req.send().compose(HttpClientResponse::body))
          : bus().request("bench", "ping");
      roundTrip.onComplete(ar -> {
        if (ar.failed()) {
          done.tryFail(ar.cause());
          return;
        }
        ops.incrementAndGet();
        next(kind, end, ops, running, done);
      });
    }

    private EventBus bus() {
      return owner.eventBus();
    }
  }
}
