package io.github.promasync.vertx.reliability;

import static io.github.promasync.vertx.testing.LocalHttp.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.Instrument;
import io.github.promasync.vertx.MetricsVerticle;
import io.github.promasync.vertx.MetricsVerticleOptions;
import io.github.promasync.vertx.testing.ExternalPrograms;
import io.github.promasync.vertx.testing.ReliabilityReport;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wrk} against {@link MetricsVerticle} with 64 connections: zero socket errors, zero
 * non-2xx answers, and the heap after a full GC within 25% of where it started (measured after a
 * warm-up run). CI runs it for {@value #DEFAULT_SECONDS} s; the long run is
 * {@code mvn -B test -Dtest=SoakTest -Dsoak.seconds=60}.
 */
@Tag("external")
class SoakTest {

  static final int DEFAULT_SECONDS = 5;
  private static final int CONNECTIONS = 64;
  private static final int WARM_UP_SECONDS = 2;
  /** What Prometheus sends: OpenMetrics preferred, gzip accepted. */
  private static final String[] PROMETHEUS_HEADERS = {
      "Accept: application/openmetrics-text;version=1.0.0;q=0.5,"
          + "text/plain;version=0.0.4;q=0.4,*/*;q=0.1",
      "Accept-Encoding: gzip"};

  @TempDir
  Path dir;

  private final List<Process> processes = new ArrayList<>();
  private Vertx vertx;

  @AfterEach
  void tearDown() {
    processes.forEach(Process::destroyForcibly);
    if (vertx != null) {
      vertx.close().await();
    }
  }

  /** What wrk reported. */
  record Wrk(long requests, double seconds, double requestsPerSecond, long socketErrors,
      long non2xx, String latencyAverage, String latencyMax, String output) {
  }

  private static final Pattern TOTAL =
      Pattern.compile("(\\d+) requests in ([\\d.]+)(ms|s|m)");
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern SOCKET_ERRORS = Pattern.compile(
      "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern LATENCY =
      Pattern.compile("Latency\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)");

  static Wrk parse(String output) {
    Matcher total = TOTAL.matcher(output);
    Matcher rate = RATE.matcher(output);
    Matcher latency = LATENCY.matcher(output);
    assertThat(total.find() && rate.find() && latency.find())
        .as("wrk output has totals, rate and latency:%n%s", output).isTrue();
    double seconds = Double.parseDouble(total.group(2))
        * switch (total.group(3)) {
          case "ms" -> 0.001;
          case "m" -> 60;
          default -> 1;
        };
    long socketErrors = 0;
    Matcher errors = SOCKET_ERRORS.matcher(output);
    if (errors.find()) {
      for (int i = 1; i <= 4; i++) {
        socketErrors += Long.parseLong(errors.group(i));
      }
    }
    Matcher non2xx = NON_2XX.matcher(output);
    return new Wrk(Long.parseLong(total.group(1)), seconds, Double.parseDouble(rate.group(1)),
        socketErrors, non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
        latency.group(1), latency.group(3), output);
  }

  private Wrk wrk(String url, int seconds) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ExternalPrograms.wrk().toString(),
        "-t2", "-c" + CONNECTIONS, "-d" + seconds + "s"));
    for (String header : PROMETHEUS_HEADERS) {
      command.add("-H");
      command.add(header);
    }
    command.add(url);
    Path output = Files.createTempFile(dir, "wrk", ".txt");
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    processes.add(process);
    assertThat(process.waitFor(seconds + 60L, TimeUnit.SECONDS)).as("wrk finished").isTrue();
    String text = Files.readString(output);
    assertThat(process.exitValue()).as("wrk exit code; output:%n%s", text).isZero();
    return parse(text);
  }

  private static final Pattern HISTOGRAM_TOTAL =
      Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)$");

  /**
   * The bytes of live objects in this JVM's heap, as {@code jcmd <pid> GC.class_histogram} counts
   * them after the full collection it starts. Exact where {@code totalMemory - freeMemory} right
   * after {@code System.gc()} is not: that also counts the allocation buffers the running threads
   * take at once, and those grow with the allocation rate a soak has just trained them to.
   */
  private long liveHeapBytes() throws IOException, InterruptedException {
    Path jcmd = ExternalPrograms.jcmd();
    Path output = Files.createTempFile(dir, "histogram", ".txt");
    Process process = new ProcessBuilder(jcmd.toString(),
        String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram")
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    processes.add(process);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("jcmd finished").isTrue();
    String histogram = Files.readString(output);
    Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
    assertThat(total.find()).as("a Total line in:%n%.2000s", histogram).isTrue();
    return Long.parseLong(total.group(1));
  }

  @Test
  void sixtyFourConnectionsGetOnlyTwoHundredsAndTheHeapDoesNotGrow() throws Exception {
    int seconds = Integer.getInteger("soak.seconds", DEFAULT_SECONDS);
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter requests = Counter.builder().name("http_requests").help("Requests.")
        .labelNames("method", "status").register(registry);
    Histogram latency = Histogram.builder().name("http_request_duration_seconds")
        .help("Latency.").labelNames("route").register(registry);
    Gauge inFlight = Gauge.builder().name("http_requests_in_flight").help("In flight.")
        .register(registry);
    String[] routes = {"/", "/api/users", "/api/orders", "/api/items", "/health"};
    for (String method : new String[] {"GET", "POST", "PUT", "DELETE"}) {
      for (String status : new String[] {"200", "201", "400", "404", "500"}) {
        requests.labelValues(method, status).inc();
      }
    }
    vertx = Vertx.vertx();
    // The application keeps recording while it is scraped: a fixed set of series, so the only
    // growth the heap could show would be the server's.
    long[] tick = {0};
    vertx.setPeriodic(5, id -> {
      String route = routes[(int) (tick[0]++ % routes.length)];
      Instrument.time(latency.labelValues(route), Instrument.trackInProgress(inFlight,
          Future.succeededFuture()));
      requests.labelValues("GET", "200").inc();
    });
    MetricsVerticle verticle = new MetricsVerticle(new MetricsVerticleOptions()
        .setHost(HOST).setPort(0).setRegistry(registry));
    vertx.deployVerticle(verticle).await();

    Wrk warmUp = wrk(verticle.url(), WARM_UP_SECONDS);
    long heapBefore = liveHeapBytes();
    Wrk soak = wrk(verticle.url(), seconds);
    long heapAfter = liveHeapBytes();
    String last = io.vertx.ext.web.client.WebClient.create(vertx).getAbs(verticle.url()).send()
        .timeout(30, TimeUnit.SECONDS).await().bodyAsString();

    ReliabilityReport.record("SoakTest",
        "soak: wrk -t2 -c%d -d%ds: %d requests in %.2f s,"
            + " %.0f requests/s, latency avg %s max %s, socket errors %d, non-2xx %d;"
            + " live heap after full GC %.2f MB before, %.2f MB after (%+.1f%%);"
            + " warm-up %d requests",
        CONNECTIONS, seconds, soak.requests(), soak.seconds(), soak.requestsPerSecond(),
        soak.latencyAverage(), soak.latencyMax(), soak.socketErrors(), soak.non2xx(),
        heapBefore / 1e6, heapAfter / 1e6, 100.0 * (heapAfter - heapBefore) / heapBefore,
        warmUp.requests());

    assertThat(warmUp.socketErrors() + warmUp.non2xx()).as(warmUp.output()).isZero();
    assertThat(soak.requests()).as(soak.output()).isPositive();
    assertThat(soak.socketErrors()).as(soak.output()).isZero();
    assertThat(soak.non2xx()).as(soak.output()).isZero();
    // 25%: on a loaded machine the JIT and class loading of a slow run still add a few MB; a leak
    // of one object per request (millions of requests) adds far more.
    assertThat(heapAfter).as("live heap after full GC, bytes (before: %d)", heapBefore)
        .isLessThanOrEqualTo((long) (heapBefore * 1.25));
    assertThat(last).contains("http_requests_total{method=\"GET\",status=\"200\"}");
  }
}
