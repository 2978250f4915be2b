package io.github.promasync.vertx;

import static io.github.promasync.vertx.testing.LocalHttp.HOST;
import static io.github.promasync.vertx.testing.LocalHttp.listen;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.testing.ExternalPrograms;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.StateSet;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code promtool check metrics}, Prometheus's linter, on what {@link MetricsHandler} serves. */
@Tag("external")
@ExtendWith(VertxExtension.class)
class PromtoolTest {

  /** What promtool said, and how it exited. */
  private record Verdict(int exitCode, String output) {
  }

  @TempDir
  Path dir;

  private Verdict promtoolCheckMetrics(String exposition) throws IOException, InterruptedException {
    Path input = Files.writeString(dir.resolve("metrics.txt"), exposition, StandardCharsets.UTF_8);
    Path output = dir.resolve("promtool.out");
    Process promtool = new ProcessBuilder(ExternalPrograms.promtool().toString(), "check", "metrics")
        .redirectInput(input.toFile())
        .redirectOutput(output.toFile())
        .redirectErrorStream(true)
        .start();
    try {
      assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
      return new Verdict(promtool.exitValue(), Files.readString(output));
    } finally {
      promtool.destroyForcibly();
    }
  }

  @Test
  void findsNoProblemInAnyMetricTypeNorInEscapedLabelValues(Vertx vertx) throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter.builder().name("jobs").help("Jobs done.").labelNames("queue").register(registry)
        .labelValues("say \"hi\"").inc(2);
    Gauge.builder().name("queue_depth").help("Jobs waiting.").labelNames("path").register(registry)
        .labelValues("C:\\jobs\\new").set(4);
    Histogram latency = Histogram.builder().name("job_duration_seconds").help("Job latency.")
        .classicUpperBounds(0.1, 1, 10).labelNames("note").register(registry);
    latency.labelValues("two\nlines").observe(0.5);
    Summary.builder().name("payload_size_bytes").help("Payload sizes.")
        .quantile(0.5, 0.05).quantile(0.99, 0.001).labelNames("city").register(registry)
        .labelValues("Zürich ☃").observe(512);
    Info.builder().name("build_info").help("Build.").labelNames("version").register(registry)
        .setLabelValues("1.0 “beta”");
    StateSet flags = StateSet.builder().name("feature_flags").help("Features.")
        .states("dark_mode", "beta").register(registry);
    flags.setTrue("dark_mode");
    Router router = Router.router(vertx);
    router.route("/metrics").handler(MetricsHandler.create(registry));
    int port = listen(vertx, router);

    String exposition = WebClient.create(vertx).get(port, HOST, "/metrics").send().await()
        .bodyAsString();
    Verdict verdict = promtoolCheckMetrics(exposition);

    assertThat(exposition).contains(
        "# TYPE jobs_total counter", "queue=\"say \\\"hi\\\"\"",
        "# TYPE queue_depth gauge", "path=\"C:\\\\jobs\\\\new\"",
        "# TYPE job_duration_seconds histogram", "note=\"two\\nlines\"",
        "# TYPE payload_size_bytes summary", "city=\"Zürich ☃\"",
        "build_info{version=\"1.0 “beta”\"} 1", "feature_flags{feature_flags=\"dark_mode\"} 1");
    assertThat(verdict.output()).isEmpty();
    assertThat(verdict.exitCode()).isZero();
  }

  @Test
  void reportsAProblemInBrokenText() throws Exception {
    // The control: the check above would fail if the handler served text promtool dislikes.
    Verdict verdict = promtoolCheckMetrics("# TYPE jobs counter\njobs 1\n");

    assertThat(verdict.output()).contains("jobs");
    assertThat(verdict.exitCode()).isNotZero();
  }
}
