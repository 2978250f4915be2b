package io.github.promasync.vertx.metrics;

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
        .put("enabled", false).put("naming", "OPENTELEMETRY").put("disabledDomains", new JsonArray()));
  }

  @Test
  void jsonRoundTrips() {
    PrometheusMetricsOptions options = new PrometheusMetricsOptions()
        .setEnabled(true)
        .setNaming(MetricsNaming.MICROMETER)
        .setDisabledDomains(EnumSet.of(MetricsDomain.POOLS, MetricsDomain.DATAGRAM));
    JsonObject json = options.toJson();
    assertThat(json.encode()).isEqualTo(
        "{\"enabled\":true,\"naming\":\"MICROMETER\",\"disabledDomains\":[\"DATAGRAM\",\"POOLS\"]}");
    PrometheusMetricsOptions read = new PrometheusMetricsOptions(json);
    assertThat(read.toJson()).isEqualTo(json);
    assertThat(read.isDomainEnabled(MetricsDomain.POOLS)).isFalse();
    assertThat(read.isDomainEnabled(MetricsDomain.HTTP_SERVER)).isTrue();
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
  }

  @Test
  void nullsAreRejectedByName() {
    PrometheusMetricsOptions options = new PrometheusMetricsOptions();
    assertThatThrownBy(() -> options.setRegistry(null)).hasMessage("registry");
    assertThatThrownBy(() -> options.setNaming(null)).hasMessage("naming");
    assertThatThrownBy(() -> options.addDisabledDomain(null)).hasMessage("domain");
  }
}
