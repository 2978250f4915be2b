package io.github.promasync.vertx.examples;

import io.github.promasync.vertx.MetricsServer;
import io.github.promasync.vertx.MetricsVerticle;
import io.github.promasync.vertx.MetricsVerticleOptions;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * Three ways to run a dedicated metrics server: {@link MetricsServer} from plain code, a
 * {@link MetricsVerticle} deployed with options, and one deployed by class name with JSON config.
 *
 * <p>Run it with
 * {@code mvn -q test-compile exec:java -Dexec.mainClass=io.github.promasync.vertx.examples.MetricsVerticleExample},
 * then {@code curl localhost:8000/metrics}.
 */
public final class MetricsVerticleExample {

  private MetricsVerticleExample() {
  }

  /**
   * Starts a metrics server for {@code registry} on {@code 127.0.0.1:port}.
   *
   * @param vertx the Vert.x instance
   * @param registry the registry to serve
   * @param port the port, {@code 0} for a free one
   * @return a future of the running server
   */
  public static Future<MetricsServer> startServer(Vertx vertx, PrometheusRegistry registry,
      int port) {
    // tag::server[]
    Future<MetricsServer> started = MetricsServer.start(vertx, new MetricsVerticleOptions()
        .setHost("127.0.0.1")
        .setPort(port)
        .setRegistry(registry));
    started.onSuccess(server -> System.out.println("Prometheus can scrape " + server.url()));
    // Later: server.close() undeploys it and frees the port.
    // end::server[]
    return started;
  }

  /**
   * Deploys a metrics verticle for {@code registry} on {@code 127.0.0.1:port}.
   *
   * @param vertx the Vert.x instance
   * @param registry the registry to serve
   * @param port the port, {@code 0} for a free one
   * @return a future of the deployed verticle
   */
  public static Future<MetricsVerticle> deployWithOptions(Vertx vertx, PrometheusRegistry registry,
      int port) {
    // tag::options[]
    MetricsVerticle verticle = new MetricsVerticle(new MetricsVerticleOptions()
        .setHost("127.0.0.1")
        .setPort(port)
        .setPath("/metrics")
        .setHealthPath("/-/healthy")
        .setRegistry(registry));
    Future<String> deployed = vertx.deployVerticle(verticle);
    deployed.onSuccess(id -> System.out.println("Serving " + verticle.url()));
    // end::options[]
    return deployed.map(id -> verticle);
  }

  /**
   * Deploys two instances of the metrics verticle by class name, configured in JSON, sharing
   * {@code 127.0.0.1:port}; they serve the default registry.
   *
   * @param vertx the Vert.x instance
   * @param port the port, {@code 0} for a free one
   * @return a future of the deployment id
   */
  public static Future<String> deployWithJson(Vertx vertx, int port) {
    // tag::json[]
    JsonObject config = new JsonObject()
        .put("host", "127.0.0.1")
        .put("port", port)
        .put("path", "/metrics")
        .put("healthPath", null);
    Future<String> deployed = vertx.deployVerticle(MetricsVerticle.class.getName(),
        new DeploymentOptions().setConfig(config).setInstances(2));
    // end::json[]
    return deployed;
  }

  /**
   * Returns options for a metrics server with TLS.
   *
   * @param certPath the PEM certificate chain
   * @param keyPath the PEM private key
   * @return options serving {@code https} on port 8443
   */
  public static MetricsVerticleOptions tlsOptions(String certPath, String keyPath) {
    // tag::tls[]
    MetricsVerticleOptions options = new MetricsVerticleOptions()
        .setPort(8443)
        .setServerOptions(new HttpServerOptions()
            .setSsl(true)
            .setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(certPath)
                .setKeyPath(keyPath)));
    // end::tls[]
    return options;
  }

  /**
   * Starts a metrics server for the default registry on {@code 127.0.0.1:8000}.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Examples.run(vertx -> startServer(vertx, PrometheusRegistry.defaultRegistry, Examples.PORT),
        server -> "curl " + server.url());
  }
}
