package io.github.promasync.vertx.metrics.impl;

import static io.github.promasync.vertx.testing.VerticleTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.promasync.vertx.metrics.MetricsNaming;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The table of connections with open requests: a connection is its remote-address object, not
 * its value; a close finishes what is open on it, once, whichever thread finished the others; a
 * connection that leaves HTTP is forgotten; and neither connections Vert.x never reports closed
 * under their object nor the finished requests of a live connection pile up. Each rule holds for
 * a connection begun on an event loop (Vert.x's case: that thread's own table, no lock) and on
 * any other thread (the shared table).
 */
class ServerConnectionsTest {

  /** Where a connection's begins and its close run. */
  enum Side { EVENT_LOOP, OTHER_THREAD }

  private static Vertx vertx;
  private static Context eventLoop;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final HttpServerDomain domain = new HttpServerDomain(Families.of(registry),
      MetricsNaming.OPENTELEMETRY, Map.of(), 100, Set.of());
  private final HttpServerMetricsImpl server =
      domain.serverMetrics(new HttpServerConfig(), false);
  private final ServerTransportMetrics transport =
      domain.transportMetrics(new HttpServerConfig().getTcpConfig());

  @BeforeAll
  static void startEventLoop() {
    vertx = Vertx.vertx();
    eventLoop = vertx.getOrCreateContext();
    assertThat(eventLoop.isEventLoopContext()).isTrue();
  }

  @AfterAll
  static void stopEventLoop() {
    await(vertx.close());
  }

  /** Runs {@code work} on the event loop, or on the test's thread. */
  private static <T> T on(Side side, Supplier<T> work) {
    return await(later(side, work));
  }

  private static void run(Side side, Runnable work) {
    on(side, () -> {
      work.run();
      return null;
    });
  }

  private static <T> Future<T> later(Side side, Supplier<T> work) {
    if (side == Side.OTHER_THREAD) {
      return Future.succeededFuture(work.get());
    }
    Promise<T> done = Promise.promise();
    eventLoop.runOnContext(v -> {
      try {
        done.complete(work.get());
      } catch (Throwable e) {
        done.fail(e);
      }
    });
    return done.future();
  }

  private double active() {
    return registry.scrape().stream()
        .filter(snapshot -> snapshot.getMetadata().getName().equals("http_server_active_requests"))
        .flatMap(snapshot -> ((GaugeSnapshot) snapshot).getDataPoints().stream())
        .mapToDouble(GaugeSnapshot.GaugeDataPointSnapshot::getValue).sum();
  }

  private long durationCount(String errorType) {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getName().equals("http_server_request_duration_seconds"))
        .flatMap(s -> ((HistogramSnapshot) s).getDataPoints().stream())
        .filter(p -> errorType.equals(p.getLabels().get("error_type")))
        .mapToLong(HistogramSnapshot.HistogramDataPointSnapshot::getCount).sum();
  }

  private RequestMetric begin(SocketAddress remote) {
    return server.requestBegin(remote, FakeExchanges.get(remote));
  }

  /** A request answered without its end ever reported (paused, or its body cut off). */
  private RequestMetric answeredNeverEnded(SocketAddress remote) {
    RequestMetric request = begin(remote);
    server.responseEnd(request, FakeExchanges.status(401), 0);
    return request;
  }

  private void answerAndEnd(RequestMetric request, SocketAddress remote) {
    server.responseEnd(request, FakeExchanges.status(200), 2);
    server.requestEnd(request, FakeExchanges.get(remote), 0);
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void twoConnectionsFromOneAddressAreTwoEntriesAndEachCloseEndsItsOwn(Side side) {
    SocketAddress one = SocketAddress.inetSocketAddress(40000, "127.0.0.1");
    SocketAddress two = SocketAddress.inetSocketAddress(40000, "127.0.0.1");
    assertThat(one).isEqualTo(two);
    on(side, () -> answeredNeverEnded(one));
    on(side, () -> answeredNeverEnded(two));
    assertThat(domain.openRequests.size()).isEqualTo(2);
    assertThat(active()).isEqualTo(2);

    run(side, () -> transport.disconnected(null, one));
    assertThat(active()).isEqualTo(1);
    assertThat(domain.openRequests.size()).isEqualTo(1);
    run(side, () -> transport.disconnected(null, two));
    assertThat(active()).isZero();
    assertThat(domain.openRequests.size()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void finishedRequestsLeaveTheirConnectionIdleAndAnUpgradeForgetsIt(Side side) {
    SocketAddress remote = SocketAddress.inetSocketAddress(40001, "127.0.0.1");
    run(side, () -> {
      for (int i = 0; i < 3; i++) {
        answerAndEnd(begin(remote), remote);
      }
    });
    assertThat(active()).isZero();
    // One entry for the keep-alive connection, made once.
    assertThat(domain.openRequests.size()).isEqualTo(1);

    run(side, () -> {
      RequestMetric upgrade = begin(remote);
      server.requestEnd(upgrade, FakeExchanges.get(remote), 0);
      server.responseEnd(upgrade, FakeExchanges.status(101), 0);
      server.requestUpgraded(upgrade);
    });
    assertThat(active()).isZero();
    assertThat(domain.openRequests.size()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void connectionsNeverReportedClosedUnderTheirObjectDoNotPileUp(Side side) {
    run(side, () -> {
      for (int i = 0; i < 5000; i++) {
        SocketAddress remote = SocketAddress.inetSocketAddress(40002, "127.0.0.1");
        answerAndEnd(begin(remote), remote);
      }
    });
    // Idle entries are swept once the table has doubled past its size after the last sweep.
    assertThat(domain.openRequests.size()).isLessThan(1024);
    assertThat(active()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void aCloseEndsOnlyTheRequestsStillOpenOnItsConnection(Side side) {
    SocketAddress remote = SocketAddress.inetSocketAddress(40004, "127.0.0.1");
    run(side, () -> {
      answeredNeverEnded(remote);
      // Never answered: a stream still open while the others begin and finish around it.
      begin(remote);
      for (int i = 0; i < 1000; i++) {
        answerAndEnd(begin(remote), remote);
      }
    });
    assertThat(active()).isEqualTo(2);

    run(side, () -> transport.disconnected(null, remote));
    assertThat(active()).isZero();
    assertThat(domain.openRequests.size()).isZero();
    // Only the unanswered one is a reset; the finished ones were not ended a second time.
    assertThat(durationCount("reset")).isEqualTo(1);
    assertThat(durationCount("")).isEqualTo(1001);
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void aRequestEndsOnceWhateverTheOrderAndRepetitionsOfTheCalls(Side side) {
    SocketAddress remote = SocketAddress.inetSocketAddress(40003, "127.0.0.1");
    RequestMetric request = on(side, () -> answeredNeverEnded(remote));
    server.requestReset(request);
    server.requestReset(request);
    server.requestEnd(request, FakeExchanges.get(remote), 10);
    run(side, () -> transport.disconnected(null, remote));
    assertThat(active()).isZero();
    assertThat(domain.openRequests.size()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void pipelinedRequestsClosedMidwayAreEachEndedOnce(Side side) {
    SocketAddress remote = SocketAddress.inetSocketAddress(40005, "127.0.0.1");
    run(side, () -> {
      // Three GETs read at once; the first is answered, the connection closes before the others.
      RequestMetric first = begin(remote);
      server.requestEnd(first, FakeExchanges.get(remote), 0);
      RequestMetric second = begin(remote);
      server.requestEnd(second, FakeExchanges.get(remote), 0);
      begin(remote);
      server.responseEnd(first, FakeExchanges.status(200), 2);
      transport.disconnected(null, remote);
      // A late end of a request the close ended records nothing more.
      server.responseEnd(second, FakeExchanges.status(200), 2);
    });
    assertThat(active()).isZero();
    assertThat(durationCount("")).isEqualTo(1);
    assertThat(durationCount("reset")).isEqualTo(2);
    assertThat(domain.openRequests.held()).isZero();
  }

  @Test
  void aRequestFinishedOffItsEventLoopIsDroppedByTheNextBeginAndNotEndedAgainByTheClose() {
    SocketAddress remote = SocketAddress.inetSocketAddress(40006, "127.0.0.1");
    for (int i = 0; i < 100; i++) {
      // Answered on the event loop, its body's end on this thread (a worker verticle's
      // requestEnd comes on the worker): the finish does not touch the connection.
      RequestMetric request = on(Side.EVENT_LOOP, () -> {
        RequestMetric begun = begin(remote);
        server.responseEnd(begun, FakeExchanges.status(200), 2);
        return begun;
      });
      server.requestEnd(request, FakeExchanges.get(remote), 0);
    }
    assertThat(active()).isZero();
    // The last one, finished; each begin dropped the one before.
    assertThat(domain.openRequests.held()).isEqualTo(1);
    assertThat(domain.openRequests.size()).isEqualTo(1);

    run(Side.EVENT_LOOP, () -> transport.disconnected(null, remote));
    assertThat(active()).isZero();
    assertThat(durationCount("")).isEqualTo(100);
    assertThat(durationCount("reset")).isZero();
    assertThat(domain.openRequests.held()).isZero();
    assertThat(domain.openRequests.size()).isZero();
  }

  @Test
  void aConnectionHoldsAtMostTwiceItsOpenRequestsPlusAFew() {
    SocketAddress remote = SocketAddress.inetSocketAddress(40007, "127.0.0.1");
    // One stream never answered; a thousand others begun beside it, finished on another thread.
    run(Side.EVENT_LOOP, () -> begin(remote));
    for (int i = 0; i < 1000; i++) {
      RequestMetric request = on(Side.EVENT_LOOP, () -> begin(remote));
      answerAndEnd(request, remote);
    }
    assertThat(active()).isEqualTo(1);
    assertThat(domain.openRequests.held()).isLessThanOrEqualTo(2 * 1 + 8 + 1);

    run(Side.EVENT_LOOP, () -> transport.disconnected(null, remote));
    assertThat(active()).isZero();
    assertThat(durationCount("reset")).isEqualTo(1);
    assertThat(durationCount("")).isEqualTo(1000);
  }

  @Test
  void aCloseRacingFinishesOnAnotherThreadEndsEachRequestOnce() {
    int connections = 2000;
    List<SocketAddress> remotes = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      remotes.add(SocketAddress.inetSocketAddress(41000, "127.0.0.1"));
    }
    List<RequestMetric> requests = on(Side.EVENT_LOOP, () -> {
      List<RequestMetric> begun = new ArrayList<>();
      for (SocketAddress remote : remotes) {
        RequestMetric request = begin(remote);
        server.responseEnd(request, FakeExchanges.status(200), 2);
        begun.add(request);
      }
      return begun;
    });
    assertThat(active()).isEqualTo(connections);

    // The event loop closes the connections while this thread ends the requests' bodies.
    Future<Void> closes = later(Side.EVENT_LOOP, () -> {
      for (SocketAddress remote : remotes) {
        transport.disconnected(null, remote);
      }
      return null;
    });
    for (int i = 0; i < connections; i++) {
      server.requestEnd(requests.get(i), FakeExchanges.get(remotes.get(i)), 0);
    }
    await(closes);

    // Each request finished by exactly one of them: not twice (below 0), not never (above).
    assertThat(active()).isZero();
    assertThat(durationCount("")).isEqualTo(connections);
    assertThat(durationCount("reset")).isZero();
    assertThat(domain.openRequests.size()).isZero();
  }
}
