package io.github.promasync.vertx.metrics.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.metrics.MetricsNaming;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.net.SocketAddress;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * A request records into the series of the route and status its response ended with, though the
 * series is found once, at {@code responseBegin}, when exemplars are on (the default): a route
 * reported or a status set after that moves the recording, and a route reported after the
 * response ended leaves the request body to the series the response recorded into.
 */
class RequestMetricTest {

  private static final SocketAddress REMOTE = SocketAddress.inetSocketAddress(40100, "127.0.0.1");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final HttpServerDomain domain = new HttpServerDomain(Families.of(registry),
      MetricsNaming.OPENTELEMETRY, Map.of(), 100, Set.of());
  private final HttpServerMetricsImpl server =
      domain.serverMetrics(new HttpServerConfig(), false);

  private long count(String family, String route, String status) {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getName().equals(family))
        .flatMap(s -> ((HistogramSnapshot) s).getDataPoints().stream())
        .filter(p -> route.equals(p.getLabels().get("http_route"))
            && status.equals(p.getLabels().get("http_response_status_code")))
        .mapToLong(HistogramSnapshot.HistogramDataPointSnapshot::getCount).sum();
  }

  @Test
  void exemplarsAreOnSoTheSeriesIsFoundAtResponseBegin() {
    assertThat(domain.exemplars).isTrue();
  }

  @Test
  void aRouteReportedAfterTheResponseBeganIsTheOneRecorded() {
    RequestMetric request = server.requestBegin(REMOTE, FakeExchanges.get(REMOTE));
    server.requestRouted(request, "/a");
    server.responseBegin(request, FakeExchanges.status(200));
    server.requestRouted(request, "/b");
    server.responseEnd(request, FakeExchanges.status(200), 2);
    server.requestEnd(request, FakeExchanges.get(REMOTE), 0);

    assertThat(count("http_server_request_duration_seconds", "/b", "200")).isEqualTo(1);
    assertThat(count("http_server_request_duration_seconds", "/a", "200")).isZero();
    assertThat(count("http_server_request_body_size_bytes", "/b", "200")).isEqualTo(1);
  }

  @Test
  void aStatusSetAfterTheResponseBeganIsTheOneRecorded() {
    RequestMetric request = server.requestBegin(REMOTE, FakeExchanges.get(REMOTE));
    server.requestRouted(request, "/a");
    server.responseBegin(request, FakeExchanges.status(200));
    server.responseEnd(request, FakeExchanges.status(204), 0);
    server.requestEnd(request, FakeExchanges.get(REMOTE), 0);

    assertThat(count("http_server_request_duration_seconds", "/a", "204")).isEqualTo(1);
    assertThat(count("http_server_request_duration_seconds", "/a", "200")).isZero();
  }

  @Test
  void aRouteReportedAfterTheResponseEndedLeavesTheRequestBodyWithTheResponse() {
    RequestMetric request = server.requestBegin(REMOTE, FakeExchanges.get(REMOTE));
    server.requestRouted(request, "/a");
    server.responseBegin(request, FakeExchanges.status(500));
    server.responseEnd(request, FakeExchanges.status(500), 0);
    // A failure handler's re-iteration after the response ended reports routes again.
    server.requestRouted(request, "/b");
    server.requestEnd(request, FakeExchanges.get(REMOTE), 7);

    assertThat(count("http_server_request_duration_seconds", "/a", "500")).isEqualTo(1);
    assertThat(count("http_server_request_body_size_bytes", "/a", "500")).isEqualTo(1);
  }
}
