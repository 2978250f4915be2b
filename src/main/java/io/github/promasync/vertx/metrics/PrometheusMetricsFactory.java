package io.github.promasync.vertx.metrics;

import io.github.promasync.vertx.metrics.impl.VertxMetricsImpl;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.VertxMetrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Vert.x's own metrics, reported natively into a client_java {@code PrometheusRegistry}: the
 * Vert.x metrics SPI ({@code io.vertx.core.spi.metrics}) implemented on prometheus-metrics.
 *
 * <pre>{@code
 * PrometheusRegistry registry = PrometheusRegistry.defaultRegistry;
 * Vertx vertx = Vertx.builder()
 *     .with(new VertxOptions().setMetricsOptions(new PrometheusMetricsOptions()
 *         .setEnabled(true)
 *         .setRegistry(registry)))
 *     .withMetrics(new PrometheusMetricsFactory())
 *     .build();
 * }</pre>
 *
 * <p>Vert.x also finds this factory by itself, through
 * {@code META-INF/services/io.vertx.core.spi.VertxServiceProvider} (and {@code provides} in
 * {@code module-info}), when its options turn metrics on: e.g.
 * {@code new VertxOptions(json)} with {@code "metricsOptions": {"enabled": true}}, or the
 * launcher's {@code -options}. Vert.x parses {@code metricsOptions} as a plain
 * {@link MetricsOptions}; this factory reads it as {@link PrometheusMetricsOptions} from its
 * {@link MetricsOptions#toJson()}.
 *
 * <p>Needs Vert.x 5.1 or later, whose metrics SPI differs from 5.0's; on Vert.x 5.0
 * {@link #metrics(VertxOptions)} throws an {@link IllegalStateException} that says so.
 */
public class PrometheusMetricsFactory implements VertxMetricsFactory {

  // Added in Vert.x 5.1 with the SPI this implementation is compiled against.
  private static final String VERTX_51_SPI_CLASS = "io.vertx.core.spi.metrics.TransportMetrics";

  /** Creates the factory; the options come from the {@link VertxOptions} Vert.x is built with. */
  public PrometheusMetricsFactory() {
  }

  /**
   * Creates the metrics of one Vert.x instance, or none when its metrics options are disabled.
   *
   * @param options the Vert.x options; their {@link VertxOptions#getMetricsOptions()} are read
   *     as {@link PrometheusMetricsOptions}
   * @return the metrics, {@code null} if the metrics options are missing or disabled
   * @throws IllegalStateException on Vert.x 5.0, whose metrics SPI this factory does not
   *     implement
   */
  @Override
  public VertxMetrics metrics(VertxOptions options) {
    Objects.requireNonNull(options, "options");
    MetricsOptions metricsOptions = options.getMetricsOptions();
    if (metricsOptions == null || !metricsOptions.isEnabled()) {
      return null;
    }
    requireVertx51();
    return VertxMetricsImpl.create(read(metricsOptions));
  }

  private static PrometheusMetricsOptions read(MetricsOptions options) {
    return options instanceof PrometheusMetricsOptions
        ? (PrometheusMetricsOptions) options
        : new PrometheusMetricsOptions(options.toJson());
  }

  private static void requireVertx51() {
    try {
      Class.forName(VERTX_51_SPI_CLASS, false, VertxOptions.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("PrometheusMetricsFactory needs Vert.x 5.1 or later, but "
          + "runs on Vert.x " + vertxVersion() + ", whose metrics SPI it does not implement: "
          + "upgrade vertx-core, or remove vertx-prometheus-async's metrics factory from the "
          + "Vert.x options (Instrument, MetricsHandler and MetricsVerticle work on 5.0)");
    }
  }

  private static String vertxVersion() {
    try (InputStream in = VertxOptions.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
      return in == null ? "5.0" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "5.0";
    }
  }

  /**
   * New options with every default.
   *
   * @return new {@link PrometheusMetricsOptions}
   */
  @Override
  public MetricsOptions newOptions() {
    return new PrometheusMetricsOptions();
  }

  /**
   * Options read from other metrics options.
   *
   * @param options the options, read from their {@link MetricsOptions#toJson()} unless they are
   *     {@link PrometheusMetricsOptions} (copied, registry included)
   * @return new {@link PrometheusMetricsOptions}
   */
  @Override
  public MetricsOptions newOptions(MetricsOptions options) {
    Objects.requireNonNull(options, "options");
    return options instanceof PrometheusMetricsOptions
        ? new PrometheusMetricsOptions((PrometheusMetricsOptions) options)
        : new PrometheusMetricsOptions(options.toJson());
  }

  /**
   * Options read from their JSON form.
   *
   * @param json the JSON form (see {@link PrometheusMetricsOptions})
   * @return new {@link PrometheusMetricsOptions}
   */
  @Override
  public MetricsOptions newOptions(JsonObject json) {
    return new PrometheusMetricsOptions(json);
  }
}
