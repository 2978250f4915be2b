package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bounded burst of every shape of traffic at once against one server with the metrics on
 * (keep-alive, pipelined, bodies cut off mid-way, paused handlers, early answers, HTTP/2 resets,
 * WebSockets closed by either side), then everything closed: every active gauge reads 0, every
 * count is exact, and the number of series stays small.
 */
class MixedTrafficTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Vertx vertx;

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private Exposition scrape() {
    return Exposition.scrape(registry);
  }

  private double count(String... labels) {
    return scrape().sum("http_server_request_duration_seconds_count", labels);
  }

  @Test
  void afterABurstOfEveryShapeAllGaugesAreZeroAndCountsExact() {
    vertx = MetricsTesting.vertx(registry, MetricsNaming.OPENTELEMETRY);
    int port = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
        .webSocketHandler(webSocket -> {
          if (webSocket.path().equals("/ws/server-closes")) {
            webSocket.close();
          }
        })
        .requestHandler(request -> {
          switch (request.path()) {
            case "/auth" -> {
              request.pause();
              vertx.setTimer(1, id -> request.response().setStatusCode(401).end());
            }
            case "/early" -> request.response().end("early");
            case "/never" -> {
            }
            default -> request.response().end("ok");
          }
        }).listen(0, HOST).await().actualPort();

    List<Future<?>> done = new ArrayList<>();
    // 50 keep-alive requests over 4 connections.
    HttpClient http1 = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(4));
    for (int i = 0; i < 50; i++) {
      done.add(http1.request(HttpMethod.GET, port, HOST, "/a")
          .compose(request -> request.send().compose(response -> response.body())));
    }
    // HTTP/2: 5 streams answered early then reset, 3 unanswered streams reset.
    HttpClient http2 = vertx.createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    List<HttpClientRequest> streams = new ArrayList<>();
    for (String path : new String[] {"/early", "/early", "/early", "/early", "/early"}) {
      HttpClientRequest stream = await(http2.request(HttpMethod.POST, port, HOST, path));
      stream.setChunked(true).write("part");
      done.add(stream.response());
      streams.add(stream);
    }
    for (int i = 0; i < 3; i++) {
      HttpClientRequest stream = await(http2.request(HttpMethod.POST, port, HOST, "/never"));
      await(stream.setChunked(true).write("part"));
      streams.add(stream);
    }
    // WebSockets: 3 closed by the client, 2 by the server.
    WebSocketClient webSockets = vertx.createWebSocketClient();
    List<WebSocket> open = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      open.add(await(webSockets.connect(port, HOST, "/ws")));
    }
    for (int i = 0; i < 2; i++) {
      done.add(webSockets.connect(port, HOST, "/ws/server-closes").compose(webSocket -> {
        Promise<Void> closed = Promise.promise();
        webSocket.closeHandler(v -> closed.tryComplete());
        return webSocket.isClosed() ? Future.succeededFuture() : closed.future();
      }));
    }
    // Raw HTTP/1: pipelined, paused, answered early and cut off, never answered and cut off.
    List<RawConnection> raw = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      RawConnection pipelined = RawConnection.open(port);
      pipelined.send(RawConnection.get("/a").repeat(5));
      raw.add(pipelined);
    }
    for (int i = 0; i < 5; i++) {
      raw.add(RawConnection.open(port).send(RawConnection.get("/auth")));
    }
    for (int i = 0; i < 3; i++) {
      raw.add(RawConnection.open(port).send(RawConnection.post("/early", 100) + "cut"));
      raw.add(RawConnection.open(port).send(RawConnection.post("/never", 100) + "cut"));
    }
    done.forEach(MetricsTesting::await);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 5; j++) {
        assertThat(raw.get(i).readResponse()).isEqualTo(200);
      }
    }
    for (int i = 2; i < 7; i++) {
      assertThat(raw.get(i).readResponse()).isEqualTo(401);
    }
    for (int i = 7; i < raw.size(); i += 2) {
      assertThat(raw.get(i).readResponse()).isEqualTo(200);
    }
    // Everything answered has been recorded; then everything is closed.
    MetricsTesting.eventually(vertx, () -> count("http_response_status_code", "200") == 68
        && count("http_response_status_code", "401") == 5
        && count("http_response_status_code", "101") == 5, () -> scrape().text());
    streams.forEach(stream -> stream.reset());
    open.forEach(webSocket -> await(webSocket.close()));
    raw.forEach(RawConnection::close);
    await(http1.close());
    await(http2.close());
    await(webSockets.close());

    MetricsTesting.eventually(vertx, () -> scrape().activeNotZero().isEmpty(),
        () -> String.join("\n", scrape().activeNotZero()));
    Exposition scrape = scrape();
    assertThat(count()).isEqualTo(84);
    assertThat(count("error_type", "reset")).isEqualTo(6);
    assertThat(count("http_response_status_code", "200")).isEqualTo(68);
    assertThat(count("http_response_status_code", "401")).isEqualTo(5);
    assertThat(count("http_response_status_code", "101")).isEqualTo(5);
    // One series per (method, status or reset, protocol) seen, whatever the volume: GET 200,
    // 401 and 101, POST 200 and reset, on HTTP/1.1 and HTTP/2.
    Set<String> durationSeries = new HashSet<>();
    scrape.named("http_server_request_duration_seconds_count")
        .forEach(sample -> durationSeries.add(sample.labels().toString()));
    assertThat(durationSeries).hasSizeBetween(5, 7);
    assertThat(scrape.samples()).hasSizeLessThan(600);
  }
}
