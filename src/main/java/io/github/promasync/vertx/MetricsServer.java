package io.github.promasync.vertx;

import io.github.promasync.vertx.impl.MetricsServerImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Objects;

/**
 * A running metrics server for code that is not a verticle, the analogue of prometheus_async's
 * {@code start_http_server}: it deploys a {@link MetricsVerticle} and hands back its URL, its port
 * and a way to close it.
 *
 * <pre>{@code
 * MetricsServer.start(vertx, new MetricsVerticleOptions().setHost("127.0.0.1").setPort(0))
 *     .onSuccess(server -> System.out.println("Prometheus can scrape " + server.url()));
 * }</pre>
 */
public interface MetricsServer {

  /**
   * Starts a server for {@link io.prometheus.metrics.model.registry.PrometheusRegistry#defaultRegistry}
   * on {@code port}, every other option at its default (host {@value MetricsVerticleOptions#DEFAULT_HOST}).
   *
   * @param vertx the Vert.x instance to deploy on
   * @param port the port, {@code 0} for a free one
   * @return a future of the running server, failed if it cannot bind
   * @throws IllegalArgumentException if {@code port} is outside {@code 0..65535}
   */
  static Future<MetricsServer> start(Vertx vertx, int port) {
    return start(vertx, new MetricsVerticleOptions().setPort(port));
  }

  /**
   * Starts a server with {@code options}, by deploying a {@link MetricsVerticle}.
   *
   * @param vertx the Vert.x instance to deploy on
   * @param options the options, copied now
   * @return a future of the running server, failed as the deployment fails
   */
  static Future<MetricsServer> start(Vertx vertx, MetricsVerticleOptions options) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    return MetricsServerImpl.start(vertx, options);
  }

  /**
   * Returns the URL of the metrics endpoint, as {@link MetricsVerticle#url()} writes it.
   *
   * @return the URL, such as {@code http://127.0.0.1:8000/metrics}
   * @throws IllegalStateException if the server is closed
   */
  String url();

  /**
   * Returns the port the server listens on.
   *
   * @return the actual port, the chosen one when started with port {@code 0}
   * @throws IllegalStateException if the server is closed
   */
  int port();

  /**
   * Closes the server by undeploying its verticle; calling it again returns the same future.
   *
   * @return a future completed once the port is free
   */
  Future<Void> close();
}
