package io.github.promasync.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.promasync.vertx.testing.OptionsContract;
import io.github.promasync.vertx.testing.OptionsContractTests;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class MetricsVerticleOptionsTest extends OptionsContractTests {

  @Override
  protected OptionsContract<?> optionsContract() {
    return contract();
  }

  /**
   * How each property, found by reflection, is changed; the registry and the properties are code
   * only.
   */
  static OptionsContract<MetricsVerticleOptions> contract() {
    return new OptionsContract<>(MetricsVerticleOptions.class, MetricsVerticleOptions::new,
        MetricsVerticleOptions::new, MetricsVerticleOptions::new)
        .change("host", options -> options.setHost("127.0.0.1"))
        .change("port", options -> options.setPort(9400))
        .change("path", options -> options.setPath("/prom"))
        .change("healthPath", options -> options.setHealthPath(null))
        .change("serverOptions", options -> options.setServerOptions(
            new HttpServerOptions().setCompressionSupported(true).setIdleTimeout(7)))
        .change("registry", options -> options.setRegistry(new PrometheusRegistry()))
        .change("discoveryPath", options -> options.setDiscoveryPath("/sd"))
        .change("advertisedHost", options -> options.setAdvertisedHost("node-1.example"))
        .change("discoveryTtl", options -> options.setDiscoveryTtl(5_000))
        .change("handlerOptions", options -> options.setHandlerOptions(
            new MetricsHandlerOptions().setMaxInFlight(7).setScrapeTimeoutSeconds(3)))
        .change("properties", options -> options.setProperties(
            PrometheusProperties.builder().build()))
        .notJson("registry")
        .notJson("properties");
  }

  @Test
  void defaultsServeTheDefaultRegistryAtMetricsOnPort8000OfEveryInterface() {
    MetricsVerticleOptions options = new MetricsVerticleOptions();

    assertThat(options.getHost()).isEqualTo("0.0.0.0").isEqualTo(MetricsVerticleOptions.DEFAULT_HOST);
    assertThat(options.getPort()).isEqualTo(8000).isEqualTo(MetricsVerticleOptions.DEFAULT_PORT);
    assertThat(options.getPath()).isEqualTo("/metrics").isEqualTo(MetricsVerticleOptions.DEFAULT_PATH);
    assertThat(options.getHealthPath()).isEqualTo("/-/healthy")
        .isEqualTo(MetricsVerticleOptions.DEFAULT_HEALTH_PATH);
    assertThat(options.getServerOptions().isSsl()).isFalse();
    assertThat(options.getRegistry()).isSameAs(PrometheusRegistry.defaultRegistry);
  }

  @Test
  void toJsonWritesEveryKeyButTheRegistry() {
    JsonObject json = new MetricsVerticleOptions()
        .setHost("127.0.0.1")
        .setPort(9400)
        .setPath("/prom")
        .setHealthPath(null)
        .setServerOptions(new HttpServerOptions().setCompressionSupported(true))
        .setRegistry(new PrometheusRegistry())
        .toJson();

    assertThat(json.fieldNames())
        .containsExactlyInAnyOrder("host", "port", "path", "healthPath", "serverOptions",
            "discoveryPath", "advertisedHost", "discoveryTtl", "handlerOptions");
    assertThat(json.getString("host")).isEqualTo("127.0.0.1");
    assertThat(json.getInteger("port")).isEqualTo(9400);
    assertThat(json.getString("path")).isEqualTo("/prom");
    assertThat(json.containsKey("healthPath")).isTrue();
    assertThat(json.getString("healthPath")).isNull();
    assertThat(json.getJsonObject("serverOptions").getBoolean("compressionSupported")).isTrue();
  }

  @Test
  void jsonRoundTripKeepsEveryValue() {
    MetricsVerticleOptions original = new MetricsVerticleOptions()
        .setHost("::1")
        .setPort(0)
        .setPath("/a/b")
        .setHealthPath("/up")
        .setServerOptions(new HttpServerOptions().setSsl(true).setIdleTimeout(7));

    MetricsVerticleOptions copy = new MetricsVerticleOptions(original.toJson());

    assertThat(copy.toJson()).isEqualTo(original.toJson());
    assertThat(copy.getServerOptions().isSsl()).isTrue();
    assertThat(copy.getServerOptions().getIdleTimeout()).isEqualTo(7);
  }

  @Test
  void jsonConstructorKeepsDefaultsForMissingKeys() {
    MetricsVerticleOptions options = new MetricsVerticleOptions(new JsonObject().put("port", 9400));

    assertThat(options.getPort()).isEqualTo(9400);
    assertThat(options.getHost()).isEqualTo(MetricsVerticleOptions.DEFAULT_HOST);
    assertThat(options.getPath()).isEqualTo(MetricsVerticleOptions.DEFAULT_PATH);
    assertThat(options.getHealthPath()).isEqualTo(MetricsVerticleOptions.DEFAULT_HEALTH_PATH);
    assertThat(options.getRegistry()).isSameAs(PrometheusRegistry.defaultRegistry);
  }

  @Test
  void jsonNullHealthPathDisablesTheHealthEndpoint() {
    MetricsVerticleOptions options =
        new MetricsVerticleOptions(new JsonObject().putNull("healthPath"));

    assertThat(options.getHealthPath()).isNull();
  }

  @Test
  void copyConstructorCopiesServerOptionsAndSharesTheRegistry() {
    PrometheusRegistry registry = new PrometheusRegistry();
    MetricsVerticleOptions original = new MetricsVerticleOptions().setPort(1234).setRegistry(registry);

    MetricsVerticleOptions copy = new MetricsVerticleOptions(original);
    original.setPort(4321).getServerOptions().setSsl(true);

    assertThat(copy.getPort()).isEqualTo(1234);
    assertThat(copy.getServerOptions().isSsl()).isFalse();
    assertThat(copy.getRegistry()).isSameAs(registry);
  }

  @Test
  void rejectsPortsOutside0To65535NamingTheValue() {
    MetricsVerticleOptions options = new MetricsVerticleOptions();

    assertThatThrownBy(() -> options.setPort(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("port -1 is not in 0..65535");
    assertThatThrownBy(() -> options.setPort(65536))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("port 65536 is not in 0..65535");
    assertThat(options.setPort(0).getPort()).isZero();
    assertThat(options.setPort(65535).getPort()).isEqualTo(65535);
  }

  @Test
  void rejectsPathsWithoutLeadingSlashNamingTheValue() {
    MetricsVerticleOptions options = new MetricsVerticleOptions();

    assertThatThrownBy(() -> options.setPath("metrics"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path \"metrics\" does not start with \"/\"");
    assertThatThrownBy(() -> options.setHealthPath("health"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("healthPath \"health\" does not start with \"/\"");
  }

  @Test
  void rejectsPathsThatVertxWebWouldNotTakeLiterallyNamingTheParameter() {
    MetricsVerticleOptions options = new MetricsVerticleOptions();

    assertThatThrownBy(() -> options.setPath("/metrics/:job"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path \"/metrics/:job\" contains ':': paths are literal, without parameters,"
            + " wildcards, queries or fragments");
    assertThatThrownBy(() -> options.setHealthPath("/health/*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("healthPath \"/health/*\" contains '*'");
    assertThatThrownBy(() -> options.setPath("/metrics?x=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("path \"/metrics?x=1\" contains '?'");
    assertThatThrownBy(() -> options.setPath("/metrics#top"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("path \"/metrics#top\" contains '#'");
    assertThatThrownBy(() -> new MetricsVerticleOptions(new JsonObject().put("path", "/m*")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("path \"/m*\" contains '*'");
    assertThatThrownBy(
        () -> new MetricsVerticleOptions(new JsonObject().put("healthPath", "/:status")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("healthPath \"/:status\" contains ':'");
    assertThat(options.getPath()).isEqualTo(MetricsVerticleOptions.DEFAULT_PATH);
    assertThat(options.setPath("/a-b_c.d~e/f%20g/").getPath()).isEqualTo("/a-b_c.d~e/f%20g/");
  }

  @Test
  void rejectsNullsNamingTheParameter() {
    MetricsVerticleOptions options = new MetricsVerticleOptions();

    assertThatThrownBy(() -> options.setHost(null)).hasMessage("host");
    assertThatThrownBy(() -> options.setPath(null)).hasMessage("path");
    assertThatThrownBy(() -> options.setServerOptions(null)).hasMessage("serverOptions");
    assertThatThrownBy(() -> options.setRegistry(null)).hasMessage("registry");
    assertThatThrownBy(() -> options.setHost(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("host \"\" is empty");
  }

  @Test
  void jsonConstructorRejectsWrongTypesAndValuesNamingKeyAndValue() {
    assertThatThrownBy(() -> new MetricsVerticleOptions(new JsonObject().put("port", "abc")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("port \"abc\" is not an integer");
    assertThatThrownBy(() -> new MetricsVerticleOptions(new JsonObject().put("port", 70000)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("port 70000 is not in 0..65535");
    assertThatThrownBy(() -> new MetricsVerticleOptions(new JsonObject().put("port", 80.5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("port 80.5 is not an integer");
    assertThatThrownBy(() -> new MetricsVerticleOptions(new JsonObject().put("host", 7)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("host 7 is not a string");
    assertThatThrownBy(() -> new MetricsVerticleOptions(new JsonObject().put("path", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path \"x\" does not start with \"/\"");
    assertThatThrownBy(() -> new MetricsVerticleOptions(new JsonObject().put("serverOptions", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("serverOptions 1 is not a JSON object");
  }

  @Test
  void discoveryIsOffByDefaultAndItsOptionsRoundTripThroughJsonAndCopies() {
    MetricsVerticleOptions defaults = new MetricsVerticleOptions();
    assertThat(defaults.getDiscoveryPath()).isNull();
    assertThat(defaults.getAdvertisedHost()).isNull();
    assertThat(defaults.getDiscoveryTtl()).isEqualTo(30_000)
        .isEqualTo(MetricsVerticleOptions.DEFAULT_DISCOVERY_TTL);
    assertThat(new MetricsVerticleOptions(defaults.toJson()).getDiscoveryPath()).isNull();

    MetricsVerticleOptions original = new MetricsVerticleOptions()
        .setDiscoveryPath("/sd")
        .setAdvertisedHost("node-1.example")
        .setDiscoveryTtl(5_000);
    JsonObject json = original.toJson();

    assertThat(json.getString("discoveryPath")).isEqualTo("/sd");
    assertThat(json.getString("advertisedHost")).isEqualTo("node-1.example");
    assertThat(json.getLong("discoveryTtl")).isEqualTo(5_000);
    assertThat(new MetricsVerticleOptions(json).toJson()).isEqualTo(json);
    assertThat(new MetricsVerticleOptions(original).toJson()).isEqualTo(json);
    assertThat(new MetricsVerticleOptions(new JsonObject().putNull("discoveryPath")
        .putNull("advertisedHost")).getDiscoveryPath()).isNull();
    assertThat(original.setDiscoveryPath(null).setAdvertisedHost(null).getDiscoveryPath()).isNull();
  }

  @Test
  void rejectsBadDiscoveryOptionsNamingTheValue() {
    MetricsVerticleOptions options = new MetricsVerticleOptions();

    assertThatThrownBy(() -> options.setDiscoveryPath("sd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("discoveryPath \"sd\" does not start with \"/\"");
    assertThatThrownBy(() -> options.setAdvertisedHost(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("advertisedHost \"\" is empty");
    assertThatThrownBy(() -> options.setAdvertisedHost("0.0.0.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("advertisedHost \"0.0.0.0\" is a wildcard address");
    assertThatThrownBy(() -> options.setAdvertisedHost("[::]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("advertisedHost \"[::]\" is a wildcard address");
    assertThatThrownBy(() -> options.setAdvertisedHost("host/metrics"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("advertisedHost \"host/metrics\" contains '/', which a host cannot contain");
    assertThatThrownBy(() -> options.setDiscoveryTtl(99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("discoveryTtl 99 is not a whole number of milliseconds of at least 100");
    assertThatThrownBy(() -> new MetricsVerticleOptions(new JsonObject().put("discoveryTtl", "1s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("discoveryTtl \"1s\" is not an integer");
    assertThatThrownBy(() -> new MetricsVerticleOptions(new JsonObject().put("advertisedHost", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("advertisedHost 1 is not a string");
    assertThat(options.setAdvertisedHost("::1").getAdvertisedHost()).isEqualTo("::1");
    assertThat(options.setAdvertisedHost("[fe80::1]").getAdvertisedHost()).isEqualTo("[fe80::1]");
    assertThat(options.setDiscoveryTtl(100).getDiscoveryTtl()).isEqualTo(100);
  }

  @Test
  void handlerOptionsAndPropertiesAreCarriedAndCopied() {
    PrometheusProperties properties = PrometheusProperties.builder().build();
    MetricsVerticleOptions original = new MetricsVerticleOptions()
        .setHandlerOptions(new MetricsHandlerOptions().setMaxInFlight(7))
        .setProperties(properties);

    MetricsVerticleOptions copy = new MetricsVerticleOptions(original);
    MetricsVerticleOptions fromJson = new MetricsVerticleOptions(original.toJson());

    assertThat(copy.getHandlerOptions().getMaxInFlight()).isEqualTo(7);
    assertThat(copy.getHandlerOptions()).isNotSameAs(original.getHandlerOptions());
    assertThat(copy.getProperties()).isSameAs(properties);
    assertThat(fromJson.getHandlerOptions().getMaxInFlight()).isEqualTo(7);
    assertThat(fromJson.getProperties()).isNull();
    assertThat(new MetricsVerticleOptions().getHandlerOptions().toJson())
        .isEqualTo(new MetricsHandlerOptions().toJson());
  }

  @Test
  void badHandlerOptionsInJsonNameTheValue() {
    assertThatThrownBy(() -> new MetricsVerticleOptions(new JsonObject()
        .put("handlerOptions", new JsonObject().put("maxInFlight", 0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxInFlight 0 is less than 1");
    assertThatThrownBy(() -> new MetricsVerticleOptions(new JsonObject()
        .put("handlerOptions", "fast")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("handlerOptions \"fast\" is not a JSON object");
  }
}
