package io.github.promasync.vertx.examples;

import static io.github.promasync.vertx.testing.VerticleTestSupport.await;
import static io.github.promasync.vertx.testing.VerticleTestSupport.get;
import static io.github.promasync.vertx.testing.VerticleTestSupport.histogramCount;
import static io.github.promasync.vertx.testing.VerticleTestSupport.poll;
import static io.github.promasync.vertx.testing.PrometheusServer.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.PrometheusServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two demo instances scraped by a real Prometheus server configured like
 * {@code examples/prometheus.yml}: {@code sum()} across the instances is Prometheus's job, and it
 * adds up.
 */
@Tag("external")
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DemoScaleOutTest {

  private static final Path SHIPPED_CONFIG = Path.of("examples", "prometheus.yml");
  private static final String JOB = "vertx-prometheus-async-demo";

  @Test
  void prometheusSumsTheCountersOfTwoDemoInstances(Vertx vertx, @TempDir Path dir)
      throws IOException, InterruptedException {
    PrometheusRegistry registryA = new PrometheusRegistry();
    PrometheusRegistry registryB = new PrometheusRegistry();
    // No generated traffic: the test drives a known number of requests to each instance.
    Demo a = await(Demo.start(vertx, registryA, "127.0.0.1", 0, Duration.ofMillis(10), Duration.ZERO));
    Demo b = await(Demo.start(vertx, registryB, "127.0.0.1", 0, Duration.ofMillis(10), Duration.ZERO));
    WebClient client = WebClient.create(vertx);
    drive(client, a, 3);
    drive(client, b, 5);
    await(poll(vertx, Duration.ofSeconds(10), "the instances to record their requests",
        () -> Future.succeededFuture(histogramCount(registryA, "req_time_seconds") == 3
            && histogramCount(registryB, "req_time_seconds") == 5)));
    long ownA = histogramCount(registryA, "req_time_seconds");
    long ownB = histogramCount(registryB, "req_time_seconds");

    try (PrometheusServer prometheus = PrometheusServer.start(dir, config(a.port(), b.port()))) {
      String sum = "sum(req_time_seconds_count{job=\"" + JOB + "\"})";
      await(poll(vertx, Duration.ofSeconds(90), "Prometheus to scrape both instances", () ->
          prometheus.query(client, "count(up{job=\"" + JOB + "\"} == 1)")
              .compose(up -> prometheus.query(client, sum).map(total -> scalar(up) == 2
                  && scalar(total) == ownA + ownB))));

      assertThat(scalar(await(prometheus.query(client, sum)))).isEqualTo(8.0).isEqualTo(ownA + ownB);
      JsonArray perInstance = await(prometheus.query(client, "req_time_seconds_count{job=\"" + JOB + "\"}"));
      List<String> instances = new ArrayList<>();
      double perInstanceTotal = 0;
      for (int i = 0; i < perInstance.size(); i++) {
        JsonObject series = perInstance.getJsonObject(i);
        instances.add(series.getJsonObject("metric").getString("instance"));
        perInstanceTotal += Double.parseDouble(series.getJsonArray("value").getString(1));
      }
      assertThat(instances)
          .containsExactlyInAnyOrder("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port());
      assertThat(perInstanceTotal).isEqualTo(8.0);
      assertThat(scalar(await(prometheus.query(client,
          "sum(inbound_requests_total{job=\"" + JOB + "\",endpoint=\"/delayed\"})"))))
          .isEqualTo(8.0);
    }
  }

  private static void drive(WebClient client, Demo demo, int requests) {
    for (int i = 0; i < requests; i++) {
      assertThat(get(client, "http://127.0.0.1:" + demo.port() + "/delayed").statusCode())
          .isEqualTo(200);
    }
  }

  /** The shipped config with the test's ports and a 1 s scrape interval; nothing else changes. */
  private static String config(int portA, int portB) throws IOException {
    String shipped = Files.readString(SHIPPED_CONFIG, StandardCharsets.UTF_8);
    assertThat(shipped).contains("job_name: " + JOB, "- localhost:8000", "- localhost:8001",
        "scrape_interval: 5s", "scrape_timeout: 4s");
    String config = shipped
        .replace("- localhost:8000", "- 127.0.0.1:" + portA)
        .replace("- localhost:8001", "- 127.0.0.1:" + portB)
        .replace("scrape_interval: 5s", "scrape_interval: 1s")
        .replace("scrape_timeout: 4s", "scrape_timeout: 1s");
    return config;
  }
}
