package io.github.promasync.vertx.metrics.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.metrics.MetricsNaming;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.net.SocketAddress;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The table of connections with open requests: a connection is its remote-address object, not
 * its value; a close finishes what is open on it; a connection that leaves HTTP is forgotten;
 * and connections Vert.x never reports closed under their object do not pile up.
 */
class ServerConnectionsTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final HttpServerDomain domain = new HttpServerDomain(Families.of(registry),
      MetricsNaming.OPENTELEMETRY, Map.of(), 100, Set.of());
  private final HttpServerMetricsImpl server =
      domain.serverMetrics(new HttpServerConfig(), false);
  private final ServerTransportMetrics transport =
      domain.transportMetrics(new HttpServerConfig().getTcpConfig());

  private double active() {
    return registry.scrape().stream()
        .filter(snapshot -> snapshot.getMetadata().getName().equals("http_server_active_requests"))
        .flatMap(snapshot -> ((GaugeSnapshot) snapshot).getDataPoints().stream())
        .mapToDouble(GaugeSnapshot.GaugeDataPointSnapshot::getValue).sum();
  }

  /** A request answered without its end ever reported (paused, or its body cut off). */
  private RequestMetric answeredNeverEnded(SocketAddress remote) {
    RequestMetric request = server.requestBegin(remote, FakeExchanges.get(remote));
    server.responseEnd(request, FakeExchanges.status(401), 0);
    return request;
  }

  @Test
  void twoConnectionsFromOneAddressAreTwoEntriesAndEachCloseEndsItsOwn() {
    SocketAddress one = SocketAddress.inetSocketAddress(40000, "127.0.0.1");
    SocketAddress two = SocketAddress.inetSocketAddress(40000, "127.0.0.1");
    assertThat(one).isEqualTo(two);
    answeredNeverEnded(one);
    answeredNeverEnded(two);
    assertThat(domain.openRequests.size()).isEqualTo(2);
    assertThat(active()).isEqualTo(2);

    transport.disconnected(null, one);
    assertThat(active()).isEqualTo(1);
    assertThat(domain.openRequests.size()).isEqualTo(1);
    transport.disconnected(null, two);
    assertThat(active()).isZero();
    assertThat(domain.openRequests.size()).isZero();
  }

  @Test
  void finishedRequestsLeaveTheirConnectionIdleAndAnUpgradeForgetsIt() {
    SocketAddress remote = SocketAddress.inetSocketAddress(40001, "127.0.0.1");
    for (int i = 0; i < 3; i++) {
      RequestMetric request = server.requestBegin(remote, FakeExchanges.get(remote));
      server.responseEnd(request, FakeExchanges.status(200), 2);
      server.requestEnd(request, FakeExchanges.get(remote), 0);
    }
    assertThat(active()).isZero();
    // One entry for the keep-alive connection, made once.
    assertThat(domain.openRequests.size()).isEqualTo(1);

    RequestMetric upgrade = server.requestBegin(remote, FakeExchanges.get(remote));
    server.requestEnd(upgrade, FakeExchanges.get(remote), 0);
    server.responseEnd(upgrade, FakeExchanges.status(101), 0);
    server.requestUpgraded(upgrade);
    assertThat(active()).isZero();
    assertThat(domain.openRequests.size()).isZero();
  }

  @Test
  void connectionsNeverReportedClosedUnderTheirObjectDoNotPileUp() {
    for (int i = 0; i < 5000; i++) {
      SocketAddress remote = SocketAddress.inetSocketAddress(40002, "127.0.0.1");
      RequestMetric request = server.requestBegin(remote, FakeExchanges.get(remote));
      server.responseEnd(request, FakeExchanges.status(200), 0);
      server.requestEnd(request, FakeExchanges.get(remote), 0);
    }
    // Idle entries are swept once the table has doubled past its size after the last sweep.
    assertThat(domain.openRequests.size()).isLessThan(1024);
    assertThat(active()).isZero();
  }

  @Test
  void aCloseEndsOnlyTheRequestsStillOpenOnItsConnection() {
    SocketAddress remote = SocketAddress.inetSocketAddress(40004, "127.0.0.1");
    answeredNeverEnded(remote);
    // Never answered: a stream still open while the others begin and finish around it.
    server.requestBegin(remote, FakeExchanges.get(remote));
    for (int i = 0; i < 1000; i++) {
      RequestMetric request = server.requestBegin(remote, FakeExchanges.get(remote));
      server.responseEnd(request, FakeExchanges.status(200), 2);
      server.requestEnd(request, FakeExchanges.get(remote), 0);
    }
    assertThat(active()).isEqualTo(2);

    transport.disconnected(null, remote);
    assertThat(active()).isZero();
    assertThat(domain.openRequests.size()).isZero();
    // Only the unanswered one is a reset; the finished ones were not ended a second time.
    assertThat(durationCount("reset")).isEqualTo(1);
    assertThat(durationCount("")).isEqualTo(1001);
  }

  private long durationCount(String errorType) {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getName().equals("http_server_request_duration_seconds"))
        .flatMap(s -> ((HistogramSnapshot) s).getDataPoints().stream())
        .filter(p -> errorType.equals(p.getLabels().get("error_type")))
        .mapToLong(HistogramSnapshot.HistogramDataPointSnapshot::getCount).sum();
  }

  @Test
  void aRequestEndsOnceWhateverTheOrderAndRepetitionsOfTheCalls() {
    SocketAddress remote = SocketAddress.inetSocketAddress(40003, "127.0.0.1");
    RequestMetric request = answeredNeverEnded(remote);
    server.requestReset(request);
    server.requestReset(request);
    server.requestEnd(request, FakeExchanges.get(remote), 10);
    transport.disconnected(null, remote);
    assertThat(active()).isZero();
    assertThat(domain.openRequests.size()).isZero();
  }
}
