package io.github.promasync.vertx.metrics;

import io.github.promasync.vertx.docs.VertxMetricsDocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

class PrometheusMetricsOptionsTest {

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
        .put("eventLoopDelayInterval", 10_000L).put("blockedThreadsEnabled", true));
    assertThat(options.getMaxLabelValues())
        .isEqualTo(PrometheusMetricsOptions.DEFAULT_MAX_LABEL_VALUES).isEqualTo(100);
  }

  @Test
  void jsonRoundTrips() {
    PrometheusMetricsOptions options = new PrometheusMetricsOptions()
        .setEnabled(true)
        .setNaming(MetricsNaming.MICROMETER)
        .setDisabledDomains(EnumSet.of(MetricsDomain.POOLS, MetricsDomain.DATAGRAM))
        .setMaxLabelValues(7);
    JsonObject json = options.toJson();
    assertThat(json.encode()).isEqualTo(
        "{\"enabled\":true,\"naming\":\"MICROMETER\",\"disabledDomains\":[\"DATAGRAM\",\"POOLS\"],"
            + "\"maxLabelValues\":7,\"jvmMetricsEnabled\":false,\"eventLoopDelayEnabled\":true,"
            + "\"eventLoopDelayInterval\":10000,\"blockedThreadsEnabled\":true}");
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
        .hasMessage("eventLoopDelayInterval must be a whole number of milliseconds, not 0.5");
    assertThatThrownBy(() -> new PrometheusMetricsOptions(
        new JsonObject().put("jvmMetricsEnabled", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jvmMetricsEnabled must be a boolean, not true");
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
        .hasMessage("'otel' is not a valid naming: expected one of OPENTELEMETRY, MICROMETER");
    assertThatThrownBy(() -> new PrometheusMetricsOptions(new JsonObject()
        .put("disabledDomains", new JsonArray().add("HTTP"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'HTTP' is not a valid disabledDomains: expected one of HTTP_SERVER, ");
    assertThatThrownBy(() -> new PrometheusMetricsOptions(new JsonObject().put("enabled", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("enabled must be a boolean, not yes");
    assertThatThrownBy(() -> new PrometheusMetricsOptions(
        new JsonObject().put("maxLabelValues", "9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLabelValues must be a positive integer, not 9");
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
