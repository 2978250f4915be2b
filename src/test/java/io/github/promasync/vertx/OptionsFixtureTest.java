package io.github.promasync.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * An options file written for the options before they were generated data objects, with every
 * key they had, still reads to the same values (src/test/resources/options-fixture.json).
 */
class OptionsFixtureTest {

  /**
   * The fixture's object under {@code key}.
   *
   * @param key {@code metricsOptions} or {@code metricsVerticleOptions}
   * @return a fresh copy
   */
  static JsonObject fixture(String key) {
    try (InputStream in = OptionsFixtureTest.class.getResourceAsStream("/options-fixture.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getJsonObject(key);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theFixtureHasEveryKeyOfTheVerticleAndHandlerOptionsAndEachIsStillAKey() {
    JsonObject json = fixture("metricsVerticleOptions");

    assertThat(json.fieldNames()).containsExactlyInAnyOrder("host", "port", "path", "healthPath",
        "serverOptions", "discoveryPath", "advertisedHost", "discoveryTtl", "handlerOptions");
    assertThat(json.getJsonObject("handlerOptions").fieldNames()).containsExactlyInAnyOrder(
        "scrapePoolSize", "maxInFlight", "scrapeTimeoutSeconds", "retryAfterSeconds",
        "refusedScrapesMetric");
    assertThat(new MetricsVerticleOptions().toJson().fieldNames())
        .containsAll(json.fieldNames());
    assertThat(new MetricsHandlerOptions().toJson().fieldNames())
        .containsAll(json.getJsonObject("handlerOptions").fieldNames());
  }

  @Test
  void theVerticleOptionsReadToTheSameValues() {
    MetricsVerticleOptions options = new MetricsVerticleOptions(fixture("metricsVerticleOptions"));

    assertThat(options.getHost()).isEqualTo("127.0.0.1");
    assertThat(options.getPort()).isEqualTo(9400);
    assertThat(options.getPath()).isEqualTo("/prom");
    assertThat(options.getHealthPath()).isNull();
    assertThat(options.getServerOptions().isCompressionSupported()).isTrue();
    assertThat(options.getServerOptions().getIdleTimeout()).isEqualTo(7);
    assertThat(options.getDiscoveryPath()).isEqualTo("/sd");
    assertThat(options.getAdvertisedHost()).isEqualTo("node-1.example");
    assertThat(options.getDiscoveryTtl()).isEqualTo(5_000);
    assertThat(options.getRegistry()).isSameAs(PrometheusRegistry.defaultRegistry);
    assertThat(options.getProperties()).isNull();
    MetricsHandlerOptions handler = options.getHandlerOptions();
    assertThat(handler.getScrapePoolSize()).isEqualTo(3);
    assertThat(handler.getMaxInFlight()).isEqualTo(9);
    assertThat(handler.getScrapeTimeoutSeconds()).isEqualTo(2.5);
    assertThat(handler.getRetryAfterSeconds()).isZero();
    assertThat(handler.isRefusedScrapesMetric()).isFalse();
  }

  @Test
  void theVerticleOptionsWriteTheFixtureBack() {
    JsonObject fixture = fixture("metricsVerticleOptions");

    JsonObject written = new MetricsVerticleOptions(fixture).toJson();

    // JsonObject.equals compares numbers by value (5000 and 5000L); HttpServerOptions writes all
    // of its keys, so it is compared on the fixture's.
    assertThat(written.copy().put("serverOptions", fixture.getJsonObject("serverOptions")))
        .isEqualTo(fixture);
    assertThat(written.getJsonObject("serverOptions").getMap())
        .containsAllEntriesOf(fixture.getJsonObject("serverOptions").getMap());
  }
}
