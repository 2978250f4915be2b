package io.github.promasync.vertx.examples;

import static io.github.promasync.vertx.testing.VerticleTestSupport.await;
import static io.github.promasync.vertx.testing.LocalHttp.portFreed;
import static io.github.promasync.vertx.testing.VerticleTestSupport.counter;
import static io.github.promasync.vertx.testing.VerticleTestSupport.get;
import static io.github.promasync.vertx.testing.VerticleTestSupport.histogramCount;
import static io.github.promasync.vertx.testing.VerticleTestSupport.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DemoTest {

  private static double jobsInProgress(PrometheusRegistry registry) {
    return ((GaugeSnapshot) registry.scrape("demo_jobs_in_progress"::equals).get(0))
        .getDataPoints().get(0).getValue();
  }

  @Test
  void countsEveryRouteTimesDelayedRequestsAndMeasuresJobs(Vertx vertx) {
    PrometheusRegistry registry = new PrometheusRegistry();
    Demo demo = await(Demo.start(
        vertx, registry, "127.0.0.1", 0, Duration.ofMillis(20), Duration.ZERO));
    WebClient client = WebClient.create(vertx);
    String base = "http://127.0.0.1:" + demo.port();

    get(client, base + "/delayed");
    get(client, base + "/delayed");
    // Every fourth job fails.
    List<Future<HttpResponse<Buffer>>> jobs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      jobs.add(client.getAbs(base + "/job").send());
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<HttpResponse<Buffer>> job : jobs) {
      statuses.add(await(job).statusCode());
    }
    await(poll(vertx, Duration.ofSeconds(10), "all recorded",
        () -> Future.succeededFuture(histogramCount(registry, "req_time_seconds") == 2
            && histogramCount(registry, "demo_job_duration_seconds") == 4)));
    String metrics = get(client, base + "/metrics").bodyAsString();

    assertThat(statuses).containsExactlyInAnyOrder(200, 200, 200, 500);
    assertThat(counter(registry, "inbound_requests", "endpoint", "/delayed", "method", "GET"))
        .isEqualTo(2.0);
    assertThat(counter(registry, "inbound_requests", "endpoint", "/job", "method", "GET"))
        .isEqualTo(4.0);
    assertThat(counter(registry, "demo_job_failures")).isEqualTo(1.0);
    assertThat(jobsInProgress(registry)).isZero();
    assertThat(metrics)
        .contains("inbound_requests_total{endpoint=\"/metrics\",method=\"GET\"} 1.0")
        .contains("req_time_seconds_count 2")
        .contains("demo_job_duration_seconds_count 4")
        .contains("demo_job_failures_total 1.0")
        .contains("demo_jobs_in_progress 0.0");
  }

  @Test
  void generatedTrafficMovesEveryMetric(Vertx vertx) {
    PrometheusRegistry registry = new PrometheusRegistry();
    Demo demo = await(Demo.start(
        vertx, registry, "127.0.0.1", 0, Duration.ofMillis(20), Duration.ofMillis(100)));

    // Jobs fail every fourth run and two run per burst, so the second burst brings a failure.
    await(poll(vertx, Duration.ofSeconds(20), "traffic to move every metric",
        () -> Future.succeededFuture(
            counter(registry, "inbound_requests", "endpoint", "/metrics", "method", "GET") > 0
                && counter(registry, "inbound_requests", "endpoint", "/delayed", "method", "GET") > 0
                && histogramCount(registry, "req_time_seconds") > 0
                && histogramCount(registry, "demo_job_duration_seconds") > 0
                && counter(registry, "demo_job_failures") > 0)));
    // Jobs of 50 to 250 ms start every 100 ms, so the gauge is up most of the time.
    await(poll(vertx, Duration.ofSeconds(20), "a job in progress",
        () -> Future.succeededFuture(jobsInProgress(registry) > 0)));
    int port = demo.port();
    await(demo.close());

    await(portFreed(vertx, port));
  }

  @Test
  void servesAnIndexLinkingTheRoutes(Vertx vertx) {
    Demo demo = await(Demo.start(vertx, new PrometheusRegistry(), "127.0.0.1", 0,
        Duration.ofMillis(20), Duration.ZERO));
    WebClient client = WebClient.create(vertx);

    HttpResponse<Buffer> index = get(client, "http://127.0.0.1:" + demo.port() + "/");

    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.bodyAsString())
        .contains("href=\"delayed\"", "href=\"job\"", "href=\"metrics\"");
  }
}
