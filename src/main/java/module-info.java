/**
 * Prometheus instrumentation for Vert.x 5: the {@link io.github.promasync.vertx.Instrument}
 * verbs over futures, promises, handlers and suppliers; {@link io.github.promasync.vertx.MetricsHandler},
 * a non-blocking vertx-web {@code /metrics} endpoint; and {@link io.github.promasync.vertx.MetricsVerticle}
 * and {@link io.github.promasync.vertx.MetricsServer}, a metrics server to deploy or start in one call;
 * {@link io.github.promasync.vertx.metrics.PrometheusMetricsFactory}, Vert.x's own metrics (the
 * Vert.x metrics SPI, Vert.x 5.1 and later) in the same registry.
 */
// The prometheus-metrics jars are automatic modules; requiring them is intended.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.promasync.vertx {
  requires transitive io.vertx.core;
  requires transitive io.vertx.web;
  requires transitive io.prometheus.metrics.core;
  requires transitive io.prometheus.metrics.model;
  requires transitive io.prometheus.metrics.config;
  requires io.prometheus.metrics.exporter.common;
  // prometheus-metrics-exposition-textformats (ExpositionFormats: is the protobuf writer there?)
  requires io.prometheus.writer.text;
  // The exemplars of the HTTP request durations: the current span through client_java's
  // SpanContextSupplier (metrics-core's own dependencies; OpenTelemetry's API stays optional).
  requires io.prometheus.metrics.tracer.initializer;
  requires io.prometheus.metrics.tracer.common;
  // The Vert.x metrics: JVM metrics; and, for the event-loop probe and the blocked-thread count,
  // Vert.x's event loops and its logging (impl/VertxInternals, the one class that uses Vert.x's
  // internal API).
  requires io.prometheus.metrics.instrumentation.jvm;
  requires io.netty.common;
  requires io.netty.transport;
  // HttpServerRequest names Netty's DecoderResult: the request head that server request label
  // functions get implements it (metrics/impl/ServerRequestHead).
  requires io.netty.codec;
  requires io.vertx.core.logging;
  // The options' @DataObject and @JsonGen, read when compiling only (as vertx-core requires them):
  // not needed at run time, where the generated converters are plain code.
  requires static io.vertx.codegen.api;
  requires static io.vertx.codegen.json;

  exports io.github.promasync.vertx;
  exports io.github.promasync.vertx.metrics;

  provides io.vertx.core.spi.VertxServiceProvider
      with io.github.promasync.vertx.metrics.PrometheusMetricsFactory;
}
