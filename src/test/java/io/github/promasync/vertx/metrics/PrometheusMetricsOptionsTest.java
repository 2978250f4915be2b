package io.github.promasync.vertx.metrics;

import io.github.promasync.vertx.docs.VertxMetricsDocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.promasync.vertx.testing.OptionsContract;
import io.github.promasync.vertx.testing.OptionsContractTests;
import io.prometheus.metrics.config.MetricsProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

class PrometheusMetricsOptionsTest extends OptionsContractTests {

  @Override
  protected OptionsContract<?> optionsContract() {
    return contract();
  }

  /**
   * How each property, found by reflection, is changed; the registry and the request labels are
   * code only.
   */
  static OptionsContract<PrometheusMetricsOptions> contract() {
    return new OptionsContract<>(PrometheusMetricsOptions.class, PrometheusMetricsOptions::new,
        PrometheusMetricsOptions::new, PrometheusMetricsOptions::new)
        .change("enabled", options -> options.setEnabled(true))
        .change("registry", options -> options.setRegistry(new PrometheusRegistry()))
        .change("naming", options -> options.setNaming(MetricsNaming.MICROMETER))
        .change("disabledDomains", options -> options.setDisabledDomains(
            EnumSet.of(MetricsDomain.POOLS, MetricsDomain.DATAGRAM)))
        .change("maxLabelValues", options -> options.setMaxLabelValues(7))
        .change("jvmMetricsEnabled", options -> options.setJvmMetricsEnabled(true))
        .change("eventLoopDelayEnabled", options -> options.setEventLoopDelayEnabled(false))
        .change("eventLoopDelayInterval", options -> options.setEventLoopDelayInterval(250))
        .change("blockedThreadsEnabled", options -> options.setBlockedThreadsEnabled(false))
        .change("serverRequestLabels", options -> options.addServerRequestLabel("tenant",
            request -> request.headers().get("X-Tenant")))
        .change("clientRequestLabels", options -> options.addClientRequestLabel("tenant",
            request -> request.headers().get("X-Tenant")))
        .change("excludedRoutes", options -> options.addExcludedRoute("/health")
            .addExcludedRoute("/internal/*"))
        // Set in code, client_java's properties have no JSON form and are not written back; read
        // from the JSON "properties" object they are (MetricPropertiesTest).
        .change("properties", options -> options.setProperties(PrometheusProperties.builder()
            .defaultMetricsProperties(MetricsProperties.builder().histogramNativeOnly(true)
                .build()).build()))
        .notJson("registry")
        .notJson("serverRequestLabels")
        .notJson("clientRequestLabels")
        .notJson("properties");
  }

  /** src/test/resources/options-fixture.json: every key of the options before codegen. */
  private static JsonObject fixture() {
    try (InputStream in = PrometheusMetricsOptionsTest.class
        .getResourceAsStream("/options-fixture.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getJsonObject("metricsOptions");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anOptionsFileWithEveryKeyOfTheOptionsBeforeCodegenReadsToTheSameValues() {
    JsonObject json = fixture();
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("enabled", "naming",
        "disabledDomains", "maxLabelValues", "jvmMetricsEnabled", "eventLoopDelayEnabled",
        "eventLoopDelayInterval", "blockedThreadsEnabled");
    // As Vert.x reads an options file: VertxOptions' metricsOptions, then the factory's newOptions.
    VertxOptions vertxOptions = new VertxOptions(new JsonObject().put("metricsOptions", json));
    PrometheusMetricsOptions viaVertx = (PrometheusMetricsOptions) new PrometheusMetricsFactory()
        .newOptions(vertxOptions.getMetricsOptions());

    for (PrometheusMetricsOptions options
        : new PrometheusMetricsOptions[] {new PrometheusMetricsOptions(json), viaVertx}) {
      assertThat(options.isEnabled()).isTrue();
      assertThat(options.getNaming()).isEqualTo(MetricsNaming.MICROMETER);
      assertThat(options.getDisabledDomains())
          .containsExactlyInAnyOrder(MetricsDomain.EVENT_BUS, MetricsDomain.POOLS);
      assertThat(options.getMaxLabelValues()).isEqualTo(500);
      assertThat(options.isJvmMetricsEnabled()).isTrue();
      assertThat(options.isEventLoopDelayEnabled()).isFalse();
      assertThat(options.getEventLoopDelayInterval()).isEqualTo(250);
      assertThat(options.isBlockedThreadsEnabled()).isFalse();
      assertThat(options.getRegistry()).isSameAs(PrometheusRegistry.defaultRegistry);
      assertThat(options.getServerRequestLabels()).isEmpty();
      // Written back with the keys added since: excludedRoutes (empty by default).
      assertThat(options.toJson()).isEqualTo(json.copy().put("excludedRoutes", new JsonArray()));
    }
  }

  @Test
  void defaultsAreDisabledOpenTelemetryEveryDomainTheDefaultRegistry() {
    PrometheusMetricsOptions options = new PrometheusMetricsOptions();
    assertThat(options.isEnabled()).isFalse();
    assertThat(options.getNaming()).isEqualTo(PrometheusMetricsOptions.DEFAULT_NAMING)
        .isEqualTo(MetricsNaming.OPENTELEMETRY);
    assertThat(options.getDisabledDomains()).isEmpty();
    assertThat(options.getRegistry()).isSameAs(PrometheusRegistry.defaultRegistry);
    assertThat(options.toJson()).isEqualTo(new JsonObject()
        .put("enabled", false).put("naming", "OPENTELEMETRY").put("disabledDomains", new JsonArray())
        .put("maxLabelValues", 100)
        .put("jvmMetricsEnabled", false).put("eventLoopDelayEnabled", true)
        .put("eventLoopDelayInterval", 10_000L).put("blockedThreadsEnabled", true)
        .put("excludedRoutes", new JsonArray()));
    assertThat(options.getMaxLabelValues())
        .isEqualTo(PrometheusMetricsOptions.DEFAULT_MAX_LABEL_VALUES).isEqualTo(100);
  }

  @Test
  void jsonRoundTrips() {
    PrometheusMetricsOptions options = new PrometheusMetricsOptions()
        .setEnabled(true)
        .setNaming(MetricsNaming.MICROMETER)
        .setDisabledDomains(EnumSet.of(MetricsDomain.POOLS, MetricsDomain.DATAGRAM))
        .setMaxLabelValues(7)
        .addExcludedRoute("/health");
    JsonObject json = options.toJson();
    assertThat(json).isEqualTo(new JsonObject(
        "{\"enabled\":true,\"naming\":\"MICROMETER\",\"disabledDomains\":[\"DATAGRAM\",\"POOLS\"],"
            + "\"maxLabelValues\":7,\"jvmMetricsEnabled\":false,\"eventLoopDelayEnabled\":true,"
            + "\"eventLoopDelayInterval\":10000,\"blockedThreadsEnabled\":true,"
            + "\"excludedRoutes\":[\"/health\"]}"));
    PrometheusMetricsOptions read = new PrometheusMetricsOptions(json);
    assertThat(read.toJson()).isEqualTo(json);
    assertThat(read.isDomainEnabled(MetricsDomain.POOLS)).isFalse();
    assertThat(read.isDomainEnabled(MetricsDomain.HTTP_SERVER)).isTrue();
    assertThat(read.getMaxLabelValues()).isEqualTo(7);
    assertThat(new PrometheusMetricsOptions(options).getMaxLabelValues()).isEqualTo(7);
  }

  @Test
  void aCopySharesTheRegistryAndCopiesTheRest() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PrometheusMetricsOptions options = new PrometheusMetricsOptions().setEnabled(true)
        .setRegistry(registry).addDisabledDomain(MetricsDomain.EVENT_BUS);
    PrometheusMetricsOptions copy = new PrometheusMetricsOptions(options);
    options.addDisabledDomain(MetricsDomain.POOLS);
    assertThat(copy.getRegistry()).isSameAs(registry);
    assertThat(copy.isEnabled()).isTrue();
    assertThat(copy.getDisabledDomains()).containsExactly(MetricsDomain.EVENT_BUS);
  }

  @Test
  void theJvmAndEventLoopOptionsRoundTripAndAreCopied() {
    PrometheusMetricsOptions options = new PrometheusMetricsOptions().setJvmMetricsEnabled(true)
        .setEventLoopDelayEnabled(false).setEventLoopDelayInterval(250)
        .setBlockedThreadsEnabled(false);
    for (PrometheusMetricsOptions read : new PrometheusMetricsOptions[] {
        new PrometheusMetricsOptions(options.toJson()), new PrometheusMetricsOptions(options)}) {
      assertThat(read.isJvmMetricsEnabled()).isTrue();
      assertThat(read.isEventLoopDelayEnabled()).isFalse();
      assertThat(read.getEventLoopDelayInterval()).isEqualTo(250);
      assertThat(read.isBlockedThreadsEnabled()).isFalse();
    }
    PrometheusMetricsOptions defaults = new PrometheusMetricsOptions();
    assertThat(defaults.isJvmMetricsEnabled()).isFalse();
    assertThat(defaults.isEventLoopDelayEnabled()).isTrue();
    assertThat(defaults.getEventLoopDelayInterval()).isEqualTo(10_000);
    assertThat(defaults.isBlockedThreadsEnabled()).isTrue();
  }

  @Test
  void theGuidesExampleTurnsOnJvmMetricsAndAProbeEvery250Milliseconds() {
    PrometheusMetricsOptions options = VertxMetricsDocs.jvmAndProbe();
    assertThat(options.isEnabled()).isTrue();
    assertThat(options.toJson().getBoolean("jvmMetricsEnabled")).isTrue();
    assertThat(options.toJson().getLong("eventLoopDelayInterval")).isEqualTo(250);
  }

  @Test
  void badEventLoopDelayIntervalsAreNamed() {
    assertThatThrownBy(() -> new PrometheusMetricsOptions().setEventLoopDelayInterval(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eventLoopDelayInterval must be at least 1 millisecond, not 0");
    assertThatThrownBy(() -> new PrometheusMetricsOptions(
        new JsonObject().put("eventLoopDelayInterval", 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eventLoopDelayInterval 0.5 is not an integer");
    assertThatThrownBy(() -> new PrometheusMetricsOptions(
        new JsonObject().put("jvmMetricsEnabled", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jvmMetricsEnabled \"true\" is not a boolean");
  }

  @Test
  void aMissingKeyKeepsItsDefault() {
    PrometheusMetricsOptions read = new PrometheusMetricsOptions(new JsonObject().put("enabled", true));
    assertThat(read.getNaming()).isEqualTo(MetricsNaming.OPENTELEMETRY);
    assertThat(read.getDisabledDomains()).isEmpty();
  }

  @Test
  void badJsonValuesAreNamed() {
    assertThatThrownBy(() -> new PrometheusMetricsOptions(new JsonObject().put("naming", "otel")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("naming \"otel\" is not one of OPENTELEMETRY, MICROMETER");
    assertThatThrownBy(() -> new PrometheusMetricsOptions(new JsonObject()
        .put("disabledDomains", new JsonArray().add("HTTP"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("disabledDomains \"HTTP\" is not one of HTTP_SERVER, ");
    assertThatThrownBy(() -> new PrometheusMetricsOptions(new JsonObject().put("enabled", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("enabled \"yes\" is not a boolean");
    assertThatThrownBy(() -> new PrometheusMetricsOptions(
        new JsonObject().put("maxLabelValues", "9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLabelValues \"9\" is not an integer");
    assertThatThrownBy(() -> new PrometheusMetricsOptions(
        new JsonObject().put("maxLabelValues", 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLabelValues must be at least 1, not 0");
    assertThatThrownBy(() -> new PrometheusMetricsOptions().setMaxLabelValues(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLabelValues must be at least 1, not -1");
  }

  @Test
  void nullsAreRejectedByName() {
    PrometheusMetricsOptions options = new PrometheusMetricsOptions();
    assertThatThrownBy(() -> options.setRegistry(null)).hasMessage("registry");
    assertThatThrownBy(() -> options.setNaming(null)).hasMessage("naming");
    assertThatThrownBy(() -> options.addDisabledDomain(null)).hasMessage("domain");
  }
}
