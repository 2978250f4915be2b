package io.github.promasync.vertx.metrics.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.metrics.MetricsNaming;
import io.github.promasync.vertx.testing.CapturedLog;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.TransportMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The guard on a family's whole key, driven through the SPI as Vert.x drives it: past
 * {@code maxLabelValues} keys the series stay bounded and the totals exact.
 */
class KeyGuardTest {

  private static final String LOGGER = "io.github.promasync.vertx.metrics";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Families families = Families.of(registry);

  private MetricSnapshot family(String name) {
    return registry.scrape().stream().filter(s -> s.getMetadata().getName().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no family " + name));
  }

  private List<? extends DataPointSnapshot> points(String name) {
    return family(name).getDataPoints();
  }

  private static String label(DataPointSnapshot point, String name) {
    Labels labels = point.getLabels();
    return labels.get(name);
  }

  /** A client request as Vert.x's HTTP client reports it. */
  private record Request(HttpMethod method, HttpVersion version) implements HttpRequest {
    @Override
    @SuppressWarnings("removal")
    public long id() {
      return 1;
    }

    @Override
    public String uri() {
      return "/";
    }

    @Override
    public String absoluteURI() {
      return "http://db.example/";
    }

    @Override
    public MultiMap headers() {
      return MultiMap.caseInsensitiveMultiMap();
    }

    @Override
    public SocketAddress remoteAddress() {
      return null;
    }
  }

  private record Response(int statusCode) implements HttpResponse {
    @Override
    public MultiMap headers() {
      return MultiMap.caseInsensitiveMultiMap();
    }
  }

  @Test
  void oneHostOnTwentyPortsGivesBoundedSeriesAndExactTotals() {
    HttpClientDomain domain = new HttpClientDomain(families, MetricsNaming.OPENTELEMETRY, 2,
        Map.of());
    HttpClientMetricsImpl client = new HttpClientMetricsImpl(domain);
    @SuppressWarnings("unchecked")
    TransportMetrics<Object> connections = (TransportMetrics<Object>) (TransportMetrics<?>)
        domain.transportMetrics();
    int requests = 0;
    try (CapturedLog log = new CapturedLog(LOGGER, true)) {
      for (int port = 8000; port < 8020; port++) {
        SocketAddress server = SocketAddress.inetSocketAddress(port, "db.example");
        connections.connected(server, "db.example");
        ClientMetrics<ClientRequest, HttpRequest, HttpResponse> endpoint =
            client.createEndpointMetrics(server, 5);
        for (int i = 0; i <= port % 3; i++) {
          ClientRequest request = endpoint.init();
          endpoint.requestBegin(request, "/", new Request(HttpMethod.GET, HttpVersion.HTTP_1_1));
          endpoint.requestEnd(request, 10);
          endpoint.responseBegin(request, new Response(200));
          endpoint.responseEnd(request, 20);
          requests++;
        }
      }
      assertThat(log.atLeast(java.util.logging.Level.WARNING)).hasSize(1);
    }

    Set<String> servers = points("http_client_request_duration_seconds").stream()
        .map(p -> label(p, "server_address") + ":" + label(p, "server_port"))
        .collect(Collectors.toSet());
    assertThat(servers).containsExactlyInAnyOrder("db.example:8000", "db.example:8001",
        "_OTHER:_OTHER");
    long count = points("http_client_request_duration_seconds").stream()
        .mapToLong(p -> ((HistogramSnapshot.HistogramDataPointSnapshot) p).getCount()).sum();
    assertThat(count).isEqualTo(requests);
    assertThat(points("vertx_http_client_active_connections")).hasSize(3);
    double open = points("vertx_http_client_active_connections").stream()
        .mapToDouble(p -> ((GaugeSnapshot.GaugeDataPointSnapshot) p).getValue()).sum();
    assertThat(open).isEqualTo(20);
    assertThat(points("http_client_active_requests")).hasSize(3);
  }

  /** type/name -> ratio. */
  private java.util.Map<String, Double> ratios() {
    return points("vertx_pool_ratio").stream().collect(Collectors.toMap(
        p -> label(p, "pool_type") + "/" + label(p, "pool_name"),
        p -> ((GaugeSnapshot.GaugeDataPointSnapshot) p).getValue()));
  }

  @Test
  void manyPoolsOfSeveralSizesKeepTheirRatioAtMostOneAndWorkerPoolsTheirNames() {
    try (CapturedLog log = new CapturedLog(LOGGER, true)) {
      manyPools();
      // One warning per pool type.
      assertThat(log.atLeast(java.util.logging.Level.WARNING)).hasSize(2);
    }
  }

  private void manyPools() {
    PoolDomain pools = PoolDomain.of(families, 2);
    // HTTP clients first: their queues are named after the servers they reach.
    List<PoolMetricsImpl> queues = new ArrayList<>();
    for (int port = 8000; port < 8020; port++) {
      queues.add(pools.poolMetrics("http", "db.example:" + port, 10));
    }
    for (PoolMetricsImpl queue : queues) {
      queue.dequeue(queue.enqueue());
    }
    List<PoolMetricsImpl> workers = new ArrayList<>();
    List<Integer> sizes = List.of(20, 20, 3, 5, 8, 13);
    workers.add(pools.poolMetrics("worker", "vert.x-worker-thread", 20));
    workers.add(pools.poolMetrics("worker", "vert.x-internal-blocking", 20));
    for (int i = 2; i < sizes.size(); i++) {
      workers.add(pools.poolMetrics("worker", "executor-" + i, sizes.get(i)));
    }
    // Every pool saturated: every resource in use.
    List<Long> begun = new ArrayList<>();
    List<PoolMetricsImpl> owners = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      for (int j = 0; j < sizes.get(i); j++) {
        begun.add(workers.get(i).begin());
        owners.add(workers.get(i));
      }
    }

    assertThat(ratios()).containsOnlyKeys("worker/vert.x-worker-thread",
        "worker/vert.x-internal-blocking", "worker/_OTHER");
    assertThat(ratios().values()).allSatisfy(ratio -> assertThat(ratio).isEqualTo(1.0));
    Set<String> httpNames = points("vertx_pool_queue_time_seconds").stream()
        .filter(p -> label(p, "pool_type").equals("http")).map(p -> label(p, "pool_name"))
        .collect(Collectors.toSet());
    assertThat(httpNames).containsExactlyInAnyOrder("db.example:8000", "db.example:8001",
        "_OTHER");
    long queued = points("vertx_pool_queue_time_seconds").stream()
        .mapToLong(p -> ((HistogramSnapshot.HistogramDataPointSnapshot) p).getCount()).sum();
    assertThat(queued).isEqualTo(20);

    for (int i = 0; i < begun.size(); i++) {
      owners.get(i).end(begun.get(i));
    }
    assertThat(ratios().values()).allSatisfy(ratio -> assertThat(ratio).isZero());
    double completed = points("vertx_pool_completed").stream()
        .mapToDouble(p -> ((CounterSnapshot.CounterDataPointSnapshot) p).getValue()).sum();
    assertThat(completed).isEqualTo(sizes.stream().mapToInt(Integer::intValue).sum());

    // A pool of unknown size in a series: no ratio can be told for it until that pool closes.
    PoolMetricsImpl unsized = pools.poolMetrics("worker", "executor-unsized", -1);
    assertThat(ratios()).doesNotContainKey("worker/_OTHER");
    unsized.close();
    assertThat(ratios()).containsKey("worker/_OTHER");
  }

  @Test
  void twoVertxInstancesOnOneRegistrySumTheirPoolSizes() {
    PoolMetricsImpl first = PoolDomain.of(families, 100)
        .poolMetrics("worker", "vert.x-worker-thread", 4);
    PoolMetricsImpl second = PoolDomain.of(Families.of(registry), 100)
        .poolMetrics("worker", "vert.x-worker-thread", 4);
    List<Long> firstBegun = new ArrayList<>();
    List<Long> secondBegun = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      firstBegun.add(first.begin());
      secondBegun.add(second.begin());
    }
    // 8 in use over 4 + 4, not over one pool's 4.
    assertThat(ratios()).containsEntry("worker/vert.x-worker-thread", 1.0);
    secondBegun.forEach(second::end);
    second.close();
    first.end(firstBegun.get(0));
    // The closed pool's size no longer counts: 3 in use over 4.
    assertThat(ratios()).containsEntry("worker/vert.x-worker-thread", 0.75);
  }
}
