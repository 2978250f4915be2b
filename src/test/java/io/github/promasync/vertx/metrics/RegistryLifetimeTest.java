package io.github.promasync.vertx.metrics;

import static io.github.promasync.vertx.metrics.MetricsTesting.HOST;
import static io.github.promasync.vertx.metrics.MetricsTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;

import java.lang.ref.WeakReference;

import org.junit.jupiter.api.Test;

/** A registry's families go with the registry: nothing static keeps one reachable. */
class RegistryLifetimeTest {

  /** Builds a Vert.x on a fresh registry, records into it, closes it and drops both. */
  private static WeakReference<PrometheusRegistry> usedAndDropped(MetricsNaming naming) {
    PrometheusRegistry registry = new PrometheusRegistry();
    Vertx vertx = MetricsTesting.vertx(registry, naming);
    try {
      int port = vertx.createHttpServer().requestHandler(request -> request.response().end())
          .listen(0, HOST).await().actualPort();
      await(vertx.createHttpClient().request(HttpMethod.GET, port, HOST, "/")
          .compose(r -> r.send().compose(HttpClientResponse::body)));
      vertx.eventBus().consumer("lifetime", message -> { });
      vertx.eventBus().send("lifetime", "hello");
      await(vertx.executeBlocking(() -> "pooled"));
      assertThat(Exposition.scrape(registry).text()).contains("vertx_pool_completed_total");
    } finally {
      await(vertx.close());
    }
    return new WeakReference<>(registry);
  }

  @Test
  void aClosedAndDroppedVertxsRegistryIsGarbageCollectable() {
    WeakReference<PrometheusRegistry> otel = usedAndDropped(MetricsNaming.OPENTELEMETRY);
    WeakReference<PrometheusRegistry> micrometer = usedAndDropped(MetricsNaming.MICROMETER);
    for (int i = 0; i < 50 && (otel.get() != null || micrometer.get() != null); i++) {
      System.gc();
    }
    assertThat(otel.get()).as("the OPENTELEMETRY registry, still reachable after 50 GCs: "
        + "something keeps it (a static map of families?)").isNull();
    assertThat(micrometer.get()).as("the MICROMETER registry, still reachable after 50 GCs")
        .isNull();
  }
}
