package io.github.promasync.vertx.bench;

import io.github.promasync.vertx.MetricsHandler;
import io.github.promasync.vertx.metrics.PrometheusMetricsFactory;
import io.github.promasync.vertx.metrics.PrometheusMetricsOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TcpServerConfig;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.TransportMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.EnumSet;

/**
 * The server of {@link HttpMetricsLoad}: {@code GET /users/:id} on a vertx-web router, one event
 * loop, answered with a constant body, with Vert.x's metrics off or on by one contender; and
 * {@code GET /metrics} for the harness to check that the metrics moved. Prints {@code port N}
 * once listening on 127.0.0.1, then serves until killed.
 *
 * <p>Usage: {@code UsersServer none|noop|floor|ours|micrometer|micrometerRoute}; {@code noop} has
 * metrics on with an implementation that records nothing: what Vert.x itself spends on them;
 * {@code floor} records client_java's part of ours and nothing else ({@link ClientJavaFloor}).
 */
public final class UsersServer {

  static final Buffer BODY = Buffer.buffer("user");

  private UsersServer() {
  }

  public static void main(String[] args) {
    String mode = args[0];
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(1);
    VertxBuilder builder = Vertx.builder();
    PrometheusRegistry registry = new PrometheusRegistry();
    PrometheusMeterRegistry micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    switch (mode) {
      case "none" -> { }
      case "noop" -> {
        // Vert.x's own cost of having metrics: every SPI call made, none recording anything.
        options.setMetricsOptions(new MetricsOptions().setEnabled(true));
        builder.withMetrics(vertxOptions -> new VertxMetrics() {
          @Override
          public HttpServerMetrics<?, ?> createHttpServerMetrics(HttpServerConfig config,
              SocketAddress tcp, SocketAddress udp) {
            return new HttpServerMetrics<Object, Object>() { };
          }

          @Override
          public TransportMetrics<?> createTcpServerMetrics(TcpServerConfig config,
              String protocol, SocketAddress address) {
            return new TransportMetrics<Object>() { };
          }
        });
      }
      case "floor" -> {
        // client_java's recordings alone (ClientJavaFloor): the floor under ours.
        options.setMetricsOptions(new MetricsOptions().setEnabled(true));
        ClientJavaFloor floor = new ClientJavaFloor(registry);
        builder.withMetrics(vertxOptions -> new VertxMetrics() {
          @Override
          public HttpServerMetrics<?, ?> createHttpServerMetrics(HttpServerConfig config,
              SocketAddress tcp, SocketAddress udp) {
            return floor;
          }

          @Override
          public TransportMetrics<?> createTcpServerMetrics(TcpServerConfig config,
              String protocol, SocketAddress address) {
            return new TransportMetrics<Object>() { };
          }
        });
      }
      case "ours" -> {
        options.setMetricsOptions(new PrometheusMetricsOptions().setEnabled(true).setRegistry(registry));
        builder.withMetrics(new PrometheusMetricsFactory());
      }
      case "micrometer", "micrometerRoute" -> {
        MicrometerMetricsOptions mm = new MicrometerMetricsOptions().setEnabled(true)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
        if (mode.equals("micrometerRoute")) {
          EnumSet<Label> labels = EnumSet.copyOf(mm.getLabels());
          labels.add(Label.HTTP_ROUTE);
          mm.setLabels(labels);
        }
        options.setMetricsOptions(mm);
        builder.withMetrics(new MicrometerMetricsFactory(micrometer));
      }
      default -> throw new IllegalArgumentException("mode: " + mode);
    }
    Vertx vertx = builder.with(options).build();
    Router router = Router.router(vertx);
    router.get("/users/:id").handler(ctx -> ctx.response().end(BODY));
    if (mode.startsWith("micrometer")) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create(micrometer));
    } else {
      router.get("/metrics").handler(MetricsHandler.create(registry));
    }
    vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .onSuccess(server -> System.out.println("port " + server.actualPort()))
        .onFailure(err -> {
          err.printStackTrace();
          System.exit(1);
        });
  }
}
