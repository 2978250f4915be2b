package io.github.promasync.vertx.bench;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * The floor under any HTTP server metrics built on client_java with the families issue 11 names:
 * per request, exactly client_java's recordings (the duration and the two body sizes observed into
 * histograms with the library's buckets, the active-requests gauge up and down), into data points
 * resolved once at start, with nothing else: no series look-up, no connection tracking, no span,
 * no once-only guard (it is right only for the benchmark's traffic, where every request ends on
 * both sides, once). The {@code floor} contender of {@link HttpMetricsLoad}: what client_java
 * itself costs per request in the live server, against which the library's own bookkeeping is
 * the rest.
 */
final class ClientJavaFloor implements HttpServerMetrics<ClientJavaFloor.Started, Object> {

  private static final double[] DURATION_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10
  };
  private static final double[] BODY_SIZE_BUCKETS = {
    64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216
  };

  private final DistributionDataPoint duration;
  private final DistributionDataPoint requestBody;
  private final DistributionDataPoint responseBody;
  private final GaugeDataPoint active;

  ClientJavaFloor(PrometheusRegistry registry) {
    String[] labels = {"http_request_method", "http_response_status_code", "http_route",
        "url_scheme", "network_protocol_version"};
    String[] values = {"GET", "200", "/users/:id", "http", "1.1"};
    duration = Histogram.builder().name("http_server_request_duration_seconds")
        .help("Duration of HTTP server requests").labelNames(labels)
        .classicUpperBounds(DURATION_BUCKETS).classicOnly().register(registry).labelValues(values);
    requestBody = Histogram.builder().name("http_server_request_body_size_bytes")
        .help("Size of HTTP server request bodies").labelNames(labels)
        .classicUpperBounds(BODY_SIZE_BUCKETS).classicOnly().register(registry).labelValues(values);
    responseBody = Histogram.builder().name("http_server_response_body_size_bytes")
        .help("Size of HTTP server response bodies").labelNames(labels)
        .classicUpperBounds(BODY_SIZE_BUCKETS).classicOnly().register(registry).labelValues(values);
    active = Gauge.builder().name("http_server_active_requests")
        .help("Number of active HTTP server requests").labelNames("http_request_method", "url_scheme")
        .register(registry).labelValues("GET", "http");
  }

  /** One request's start, its only allocation. */
  static final class Started {
    final long start = System.nanoTime();
  }

  @Override
  public Started requestBegin(SocketAddress remoteAddress, HttpRequest request) {
    active.inc();
    return new Started();
  }

  @Override
  public void responseEnd(Started request, HttpResponse response, long bytesWritten) {
    duration.observe((System.nanoTime() - request.start) / 1e9);
    responseBody.observe(bytesWritten);
  }

  @Override
  public void requestEnd(Started request, HttpRequest httpRequest, long bytesRead) {
    requestBody.observe(bytesRead);
    active.dec();
  }
}
