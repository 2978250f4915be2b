package io.github.promasync.vertx.impl;

import io.github.promasync.vertx.MetricsServer;
import io.github.promasync.vertx.MetricsVerticle;
import io.github.promasync.vertx.MetricsVerticleOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A {@link MetricsServer} as the deployment of one {@link MetricsVerticle}.
 *
 * <p>Public because {@code MetricsServer.start}, in another package, creates it.
 */
public final class MetricsServerImpl implements MetricsServer {

  private final Vertx vertx;
  private final MetricsVerticle verticle;
  private final String deploymentId;
  private Future<Void> closed;

  private MetricsServerImpl(Vertx vertx, MetricsVerticle verticle, String deploymentId) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.deploymentId = deploymentId;
  }

  /**
   * Deploys a verticle for {@code options} and wraps it once it listens.
   *
   * @param vertx the Vert.x instance to deploy on
   * @param options the options
   * @return a future of the running server
   */
  public static Future<MetricsServer> start(Vertx vertx, MetricsVerticleOptions options) {
    MetricsVerticle verticle = new MetricsVerticle(options);
    return vertx.deployVerticle(verticle)
        .map(id -> new MetricsServerImpl(vertx, verticle, id));
  }

  @Override
  public String url() {
    return verticle.url();
  }

  @Override
  public int port() {
    return verticle.actualPort();
  }

  @Override
  public synchronized Future<Void> close() {
    // Undeploying twice fails with "unknown deployment"; a second close should just wait.
    if (closed == null) {
      closed = vertx.undeploy(deploymentId);
    }
    return closed;
  }
}
