package io.github.promasync.vertx.metrics;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * Run by {@link Vertx50Test} in a JVM whose vertx-core is 5.0.8: builds Vert.x with the factory
 * and prints what it threw, on one line.
 */
public final class Vertx50Probe {

  private Vertx50Probe() {
  }

  /**
   * Prints {@code threw <class>: <message>}, or {@code built} if Vert.x started.
   *
   * @param args none
   */
  public static void main(String[] args) {
    try {
      Vertx vertx = Vertx.builder()
          .with(new VertxOptions().setMetricsOptions(new PrometheusMetricsOptions().setEnabled(true)))
          .withMetrics(new PrometheusMetricsFactory())
          .build();
      System.out.println("built");
      vertx.close();
    } catch (Throwable t) {
      System.out.println("threw " + t.getClass().getName() + ": " + t.getMessage());
    }
  }
}
