package io.github.promasync.vertx.bench;

import io.github.promasync.vertx.metrics.MetricsNaming;
import io.github.promasync.vertx.metrics.PrometheusMetricsFactory;
import io.github.promasync.vertx.metrics.PrometheusMetricsOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.prometheus.metrics.config.MetricsProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.tracer.initializer.SpanContextSupplier;
import io.vertx.core.MultiMap;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP request's metrics callbacks, as Vert.x 5.1 makes them for a {@code GET /users/:id}
 * routed by vertx-web and answered from its handler: {@code requestBegin}, {@code requestRouted},
 * {@code responseBegin}, {@code responseEnd}, {@code requestEnd}. The same calls, with the same
 * request and response objects, on this library's {@code HttpServerMetrics} and on
 * vertx-micrometer-metrics' (into a {@code PrometheusMeterRegistry}).
 *
 * <p>Contenders ({@code impl}): {@code ours} (OpenTelemetry naming, {@code http_route} on, as it
 * always is), {@code oursMicrometerNaming}, {@code micrometer} (its default labels) and
 * {@code micrometerRoute} (its defaults plus {@code route}). Run with {@code -prof gc} for B/op.
 *
 * <p>Exemplars and native histograms (issue 18), all with the OpenTelemetry naming:
 * {@code oursNoTracer} (client_java finds no tracer, as without OpenTelemetry's API on the class
 * path: its {@code SpanContextSupplier} has no span context), {@code oursExemplars} (a sampled
 * OpenTelemetry span current on the benchmark thread: each request reads it at
 * {@code responseBegin} and records with it), {@code oursNative} (every histogram native only,
 * by the global property). {@code ours} has OpenTelemetry's API on the class path and no current
 * span, the case of a service with the API but no tracing. Each case runs in its own fork.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class HttpServerMetricsBenchmark {

  static final String ROUTE = "/users/:id";

  @Param({"ours", "oursMicrometerNaming", "micrometer", "micrometerRoute", "oursNoTracer",
      "oursExemplars", "oursNative"})
  public String impl;

  HttpServerMetrics<Object, ?> metrics;
  PrometheusRegistry registry;
  final SocketAddress remote = SocketAddress.inetSocketAddress(41234, "127.0.0.1");
  final FakeRequest request = new FakeRequest();
  final FakeResponse response = new FakeResponse();

  @Setup
  @SuppressWarnings("unchecked")
  public void setup() {
    VertxMetrics vertxMetrics;
    switch (impl) {
      case "ours", "oursMicrometerNaming", "oursNoTracer", "oursExemplars", "oursNative" -> {
        PrometheusMetricsOptions options = new PrometheusMetricsOptions()
            .setEnabled(true)
            .setRegistry(registry = new PrometheusRegistry())
            .setNaming(impl.equals("oursMicrometerNaming") ? MetricsNaming.MICROMETER
                : MetricsNaming.OPENTELEMETRY);
        if (impl.equals("oursNoTracer")) {
          // What client_java's SpanContextSupplier holds when it finds no tracer.
          SpanContextSupplier.setSpanContext(null);
        }
        if (impl.equals("oursNative")) {
          options.setProperties(PrometheusProperties.builder()
              .defaultMetricsProperties(MetricsProperties.builder().histogramNativeOnly(true).build())
              .build());
        }
        vertxMetrics = new PrometheusMetricsFactory().metrics(
            new VertxOptions().setMetricsOptions(options));
      }
      case "micrometer", "micrometerRoute" -> {
        MicrometerMetricsOptions options = new MicrometerMetricsOptions()
            .setEnabled(true)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
        if (impl.equals("micrometerRoute")) {
          EnumSet<Label> labels = EnumSet.copyOf(options.getLabels());
          labels.add(Label.HTTP_ROUTE);
          options.setLabels(labels);
        }
        vertxMetrics = new MicrometerMetricsFactory(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .metrics(new VertxOptions().setMetricsOptions(options));
      }
      default -> throw new IllegalArgumentException("impl: " + impl);
    }
    metrics = (HttpServerMetrics<Object, ?>) vertxMetrics.createHttpServerMetrics(
        new HttpServerConfig(), SocketAddress.inetSocketAddress(8080, "127.0.0.1"), null);
  }

  /** Checks that the case measured what it says: exemplars with the span, or none. */
  @TearDown
  public void check() {
    if (registry == null) {
      return;
    }
    long exemplars = registry.scrape().stream()
        .filter(s -> s.getMetadata().getPrometheusName().equals("http_server_request_duration_seconds"))
        .flatMap(s -> s.getDataPoints().stream())
        .mapToLong(p -> ((io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot) p)
            .getExemplars().size())
        .sum();
    if ((exemplars > 0) != impl.equals("oursExemplars")) {
      throw new IllegalStateException(impl + ": " + exemplars + " exemplars on the duration");
    }
  }

  /** {@code oursExemplars}: a sampled span, current on the thread that runs the benchmark. */
  @State(Scope.Thread)
  public static class CurrentSpan {
    SdkTracerProvider tracerProvider;
    Span span;
    io.opentelemetry.context.Scope scope;

    @Setup
    public void start(HttpServerMetricsBenchmark benchmark) {
      if (benchmark.impl.equals("oursExemplars")) {
        // A processor, else the SDK hands out no-op spans; this one keeps nothing.
        tracerProvider = SdkTracerProvider.builder().addSpanProcessor(new SpanProcessor() {
          @Override
          public void onStart(Context parent, ReadWriteSpan span) {
          }

          @Override
          public boolean isStartRequired() {
            return false;
          }

          @Override
          public void onEnd(ReadableSpan span) {
          }

          @Override
          public boolean isEndRequired() {
            return false;
          }
        }).build();
        span = tracerProvider.get("bench").spanBuilder("GET /users/:id").startSpan();
        scope = span.makeCurrent();
      }
    }

    @TearDown
    public void end() {
      if (scope != null) {
        scope.close();
        span.end();
        tracerProvider.close();
      }
    }
  }

  @Benchmark
  public Object request(CurrentSpan current) {
    Object r = metrics.requestBegin(remote, request);
    metrics.requestRouted(r, ROUTE);
    metrics.responseBegin(r, response);
    metrics.responseEnd(r, response, 9);
    metrics.requestEnd(r, request, 0);
    return r;
  }

  /** A {@code GET /users/42} without a body, as Vert.x's HTTP/1 request presents itself. */
  static final class FakeRequest implements HttpRequest {
    private final MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("host", "localhost");

    @Override
    @SuppressWarnings("removal")
    public long id() {
      return 1;
    }

    @Override
    public HttpVersion version() {
      return HttpVersion.HTTP_1_1;
    }

    @Override
    public String uri() {
      return "/users/42";
    }

    @Override
    public String absoluteURI() {
      return "http://localhost/users/42";
    }

    @Override
    public HttpMethod method() {
      return HttpMethod.GET;
    }

    @Override
    public MultiMap headers() {
      return headers;
    }

    @Override
    public SocketAddress remoteAddress() {
      return null;
    }
  }

  static final class FakeResponse implements HttpResponse {
    private final MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-length", "9");

    @Override
    public int statusCode() {
      return 200;
    }

    @Override
    public MultiMap headers() {
      return headers;
    }
  }
}
