package io.github.promasync.vertx;

import static io.github.promasync.vertx.ScrapeTesting.HOST;
import static io.github.promasync.vertx.ScrapeTesting.listen;
import static io.github.promasync.vertx.ScrapeTesting.requireProgram;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server scrapes a Vert.x server that uses {@link MetricsHandler}; the test reads
 * the result back through Prometheus's HTTP API.
 */
@ExtendWith(VertxExtension.class)
class PrometheusScrapeTest {

  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long POLL_MILLIS = 250;

  @TempDir
  Path dir;

  private Process prometheus;

  @AfterEach
  void stopPrometheus() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void ingestsCountersAndClassicAndNativeHistograms(Vertx vertx) throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter.builder().name("jobs").help("Jobs done.").register(registry).inc(7);
    Counter requests = Counter.builder().name("http_requests").help("HTTP requests.")
        .labelNames("method", "status").register(registry);
    requests.labelValues("GET", "200").inc(3);
    requests.labelValues("POST", "500").inc();
    Histogram latency = Histogram.builder().name("request_duration_seconds").help("Latency.")
        .classicOnly().classicUpperBounds(0.1, 0.5, 2.5).register(registry);
    for (double seconds : new double[] {0.0625, 0.25, 0.25, 4}) {
      latency.observe(seconds);
    }
    Histogram payload = Histogram.builder().name("payload_bytes").help("Payload sizes.")
        .nativeOnly().register(registry);
    for (double bytes : new double[] {100, 200, 300}) {
      payload.observe(bytes);
    }
    Set<String> served = new CopyOnWriteArraySet<>();
    Router router = Router.router(vertx);
    router.route("/metrics").handler(ctx -> {
      ctx.addHeadersEndHandler(v -> served.add(ctx.response().headers().get("Content-Type")));
      ctx.next();
    }).handler(MetricsHandler.create(registry));
    int appPort = listen(vertx, router);
    int prometheusPort = startPrometheus(appPort);
    WebClient client = WebClient.create(vertx);

    JsonObject target = eventually(vertx, "the target is up",
        () -> client.get(prometheusPort, HOST, "/api/v1/targets").send()
            .map(response -> firstTarget(response.bodyAsJsonObject())),
        t -> t != null && "up".equals(t.getString("health")));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("jobs_total", "7");
    expected.put("http_requests_total{method=\"GET\",status=\"200\"}", "3");
    expected.put("http_requests_total{method=\"POST\",status=\"500\"}", "1");
    expected.put("request_duration_seconds_bucket{le=\"0.1\"}", "1");
    expected.put("request_duration_seconds_bucket{le=\"0.5\"}", "3");
    expected.put("request_duration_seconds_bucket{le=\"2.5\"}", "3");
    expected.put("request_duration_seconds_bucket{le=\"+Inf\"}", "4");
    expected.put("request_duration_seconds_sum", "4.5625");
    expected.put("histogram_count(payload_bytes)", "3");
    expected.put("histogram_sum(payload_bytes)", "600");
    Map<String, String> actual = eventually(vertx, "the samples are queryable",
        () -> queryAll(client, prometheusPort, expected.keySet()), expected::equals);

    assertThat(target.getString("lastError")).isEmpty();
    assertThat(target.getString("scrapeUrl"))
        .isEqualTo("http://" + HOST + ":" + appPort + "/metrics");
    assertThat(actual).isEqualTo(expected);
    // Prometheus only ingests native histograms over protobuf; every scrape negotiated it.
    assertThat(served).containsExactly(
        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; "
            + "encoding=delimited");
  }

  private int startPrometheus(int appPort) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      port = probe.getLocalPort();
    }
    Path config = Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "scrape_configs:",
        "  - job_name: vertx",
        "    static_configs:",
        "      - targets: ['" + HOST + ":" + appPort + "']",
        ""));
    prometheus = new ProcessBuilder(
        requireProgram("prometheus").toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=" + HOST + ":" + port,
        "--enable-feature=native-histograms")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
    return port;
  }

  private static JsonObject firstTarget(JsonObject targets) {
    JsonArray active = targets.getJsonObject("data").getJsonArray("activeTargets");
    return active.isEmpty() ? null : active.getJsonObject(0);
  }

  /** Runs each instant query; maps it to the value of its single sample, or to its result. */
  private static Future<Map<String, String>> queryAll(
      WebClient client, int port, Iterable<String> queries) {
    List<Future<String>> answers = new ArrayList<>();
    List<String> asked = new ArrayList<>();
    for (String query : queries) {
      asked.add(query);
      answers.add(client.get(port, HOST, "/api/v1/query").addQueryParam("query", query).send()
          .map(response -> {
            JsonArray result = response.bodyAsJsonObject().getJsonObject("data")
                .getJsonArray("result");
            return result.size() == 1
                ? result.getJsonObject(0).getJsonArray("value").getString(1)
                : result.encode();
          }));
    }
    return Future.all(answers).map(all -> {
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < asked.size(); i++) {
        values.put(asked.get(i), all.resultAt(i));
      }
      return values;
    });
  }

  /**
   * Repeats {@code probe} on Vert.x timers until its value passes {@code done}; fails with the
   * last value and Prometheus's log once a minute has passed.
   */
  private <T> T eventually(
      Vertx vertx, String what, Supplier<Future<T>> probe, Predicate<T> done) {
    Promise<T> promise = Promise.promise();
    attempt(vertx, what, probe, done, System.nanoTime() + DEADLINE_NANOS, promise);
    return promise.future().await();
  }

  private <T> void attempt(Vertx vertx, String what, Supplier<Future<T>> probe, Predicate<T> done,
      long deadline, Promise<T> promise) {
    probe.get().onComplete(ar -> {
      if (ar.succeeded() && done.test(ar.result())) {
        promise.complete(ar.result());
      } else if (System.nanoTime() - deadline > 0) {
        promise.fail(new AssertionError("Timed out waiting until " + what + "; last: "
            + (ar.succeeded() ? ar.result() : ar.cause()) + "\nPrometheus log:\n" + log()));
      } else {
        vertx.setTimer(POLL_MILLIS, id -> attempt(vertx, what, probe, done, deadline, promise));
      }
    });
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
