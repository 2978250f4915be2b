package io.github.promasync.vertx;

import static io.github.promasync.vertx.testing.LocalHttp.HOST;
import static io.github.promasync.vertx.testing.LocalHttp.listen;
import static io.github.promasync.vertx.testing.VerticleTestSupport.await;
import static io.github.promasync.vertx.testing.VerticleTestSupport.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.PrometheusServer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server scrapes a Vert.x server that uses {@link MetricsHandler}; the test reads
 * the result back through Prometheus's HTTP API.
 */
@Tag("external")
@ExtendWith(VertxExtension.class)
class PrometheusScrapeTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir
  Path dir;

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
    try (PrometheusServer prometheus = PrometheusServer.start(dir, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "scrape_configs:",
        "  - job_name: vertx",
        "    static_configs:",
        "      - targets: ['" + HOST + ":" + appPort + "']",
        ""), "--enable-feature=native-histograms")) {
      WebClient client = WebClient.create(vertx);
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

      await(poll(vertx, DEADLINE, "the samples to be queryable",
          () -> queryAll(prometheus, client, expected.keySet()).map(expected::equals)));

      JsonObject target = await(prometheus.activeTargets(client)).getJsonObject(0);
      assertThat(target.getString("health")).isEqualTo("up");
      assertThat(target.getString("lastError")).isEmpty();
      assertThat(target.getString("scrapeUrl"))
          .isEqualTo("http://" + HOST + ":" + appPort + "/metrics");
      assertThat(await(queryAll(prometheus, client, expected.keySet()))).isEqualTo(expected);
      // Prometheus only ingests native histograms over protobuf; every scrape negotiated it.
      assertThat(served).containsExactly(
          "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; "
              + "encoding=delimited");
    }
  }

  /** Runs each instant query; maps it to the value of its single sample, or to its result. */
  private static Future<Map<String, String>> queryAll(PrometheusServer prometheus,
      WebClient client, Iterable<String> queries) {
    List<Future<String>> answers = new ArrayList<>();
    List<String> asked = new ArrayList<>();
    for (String query : queries) {
      asked.add(query);
      answers.add(prometheus.query(client, query)
          .map(result -> result.size() == 1
              ? result.getJsonObject(0).getJsonArray("value").getString(1)
              : result.encode()));
    }
    return Future.all(answers).map(all -> {
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < asked.size(); i++) {
        values.put(asked.get(i), all.resultAt(i));
      }
      return values;
    });
  }
}
